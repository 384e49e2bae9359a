/**
 * "Kunskapens hälsa": the `faq check` results of the serving knowledge, entries not reviewed for REVIEW_AFTER_DAYS,
 * each source page's dates, and "Ladda om", which rebuilds the engine from the knowledge folder.
 */
import type { FastifyInstance } from 'fastify';
import { formatIssue, plainIssue } from '../../errors';
import { DAY_MS } from '../../limits';
import type { LiveKnowledge } from '../knowledge';
import { MAY } from '../roles';

export function registerHealth(api: FastifyInstance, knowledge: LiveKnowledge, reviewAfterDays: number): void {
  api.get('/console/api/knowledge', { config: { roles: MAY.read } }, async () => {
    const kb = knowledge.engine.kb;
    const now = Date.now();
    const stale = kb.faq
      .filter((e) => now - Date.parse(e.reviewed) > reviewAfterDays * DAY_MS)
      .map((e) => ({ id: e.id, question: e.question, reviewed: e.reviewed, file: e.file, line: e.line }));
    return {
      dir: knowledge.dir,
      loadedAt: knowledge.loadedAt,
      ok: !knowledge.error,
      issues: knowledge.issues.map((i) => ({ ...i, text: formatIssue(i), plain: plainIssue(i) })),
      stale,
      reviewAfterDays,
      pages: kb.pages.map((p) => ({
        title: p.title,
        url: p.url,
        published: p.published,
        reviewed: p.reviewed,
        owner: p.owner,
        file: p.file,
      })),
      counts: { faq: kb.faq.length, sections: knowledge.engine.stats.sections, passages: kb.passages.length },
    };
  });

  api.post('/console/api/reload', { config: { roles: MAY.admin } }, async (_request, reply) => {
    const r = knowledge.reload();
    return reply
      .code(r.ok ? 200 : 422)
      .send({ ok: r.ok, loadedAt: r.loadedAt, issues: r.issues.map((i) => ({ ...i, text: formatIssue(i), plain: plainIssue(i) })) });
  });
}

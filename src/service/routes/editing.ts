/**
 * The learning loop's console API: review groups with what staff chose after them and what the bot would answer,
 * and the actions on them (add a phrasing, new entry, edit, "Ska inte besvaras", dismiss, undo). Registered inside
 * the console's signed-in scope (routes/console.ts), so access rules are the console's.
 *
 * Every write answers with what the bot now says to the staff question (`reask`), computed on the new knowledge and
 * not logged: it is the communicator checking, not staff asking.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { messageFocus } from '../../analysis/focus';
import type { Answer } from '../../answer/answer';
import type { Engine } from '../../answer/engine';
import { answerJson } from '../../answer/json';
import { MESSAGES } from '../../answer/messages';
import { formatIssue } from '../../errors';
import { EditError, type KnowledgeEdit } from '../../knowledge/edit';
import type { Actor } from '../../store/changes';
import type { QuestionLog, ReviewGroup } from '../../store/questions';
import type { KnowledgeEditor } from '../editor';
import { ValidationError } from '../editor';
import { HttpError, idParam } from '../http';
import type { LiveKnowledge } from '../knowledge';
import { MAY } from '../roles';

export interface EditingDeps {
  /** A support desk draft turned into an entry through the "Ny post" form is marked used. */
  draftUsed?(id: number): Promise<unknown>;
  knowledge: LiveKnowledge;
  questions: QuestionLog;
  editor: KnowledgeEditor;
  /** Who is editing, for the audit trail: the person (with organisation sign-in) and a hash of the session. */
  actor(request: FastifyRequest): Promise<Actor>;
}

const TEXT = { type: 'string', maxLength: 2000 } as const;
const LIST = { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 500 } } as const;
/** The fields of an entry, as the "Ny post" and "Redigera" forms send them. */
const ENTRY = {
  question: { type: 'string', maxLength: 500 },
  answer: TEXT,
  section: { type: 'string', maxLength: 100 },
  alternates: LIST,
} as const;
const COMMON = {
  version: { type: 'string', maxLength: 64 },
  confirm: { type: 'boolean' },
  groupKey: { type: 'string', maxLength: 200 },
  ask: { type: 'string', maxLength: 500 },
} as const;
const schema = (properties: Record<string, object>, required: string[]) => ({
  body: { type: 'object', additionalProperties: false, properties: { ...COMMON, ...properties }, required },
});

type Common = { version: string; confirm?: boolean; groupKey?: string; ask?: string };

export function registerEditing(api: FastifyInstance, deps: EditingDeps): void {
  const { knowledge, questions, editor } = deps;

  const reask = (question: string | undefined) => {
    if (!question) return undefined;
    const engine = knowledge.engine;
    return consoleAnswer(engine, engine.ask(question));
  };

  const run = async (
    request: FastifyRequest,
    reply: FastifyReply,
    edit: KnowledgeEdit,
    handled?: string,
    onSaved?: () => Promise<unknown>,
  ) => {
    const b = request.body as Common;
    try {
      const outcome = await editor.apply(edit, { version: b.version, actor: await deps.actor(request), confirm: b.confirm });
      if (outcome.saved && b.groupKey && handled) await questions.markHandled(b.groupKey, handled, outcome.change?.target);
      if (outcome.saved) await onSaved?.();
      return reply.send({ ...outcome, reask: reask(b.ask) });
    } catch (e) {
      throw refusal(e);
    }
  };

  api.get('/console/api/entries', { config: { roles: MAY.read } }, async () => {
    const engine = knowledge.engine;
    const kb = engine.kb;
    return {
      entries: kb.faq.map((e) => ({
        id: e.id,
        question: e.question,
        alternates: e.alternates,
        answer: e.answer,
        section: e.section,
        reviewed: e.reviewed,
        file: e.file.split('/').at(-1),
      })),
      sections: kb.pages.flatMap((p) => p.sections.map((s) => ({ id: s.id, heading: s.heading, page: p.title }))),
      outOfScope: kb.outOfScope.map((o) => ({ question: o.question, added: o.added })),
      versions: editor.versions(),
      today: editor.today(),
    };
  });

  api.post(
    '/console/api/entries/:id/phrasings',
    { config: { roles: MAY.edit }, schema: schema({ text: { type: 'string', maxLength: 500 } }, ['text', 'version']) },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { text } = request.body as { text: string };
      return run(request, reply, { action: 'add-phrasing', entryId: id, text: text.trim() }, 'phrasing');
    },
  );

  api.post(
    '/console/api/entries',
    {
      config: { roles: MAY.edit },
      schema: schema(
        {
          ...ENTRY,
          draftId: { type: 'integer', minimum: 1 },
        },
        ['question', 'answer', 'section', 'alternates', 'version'],
      ),
    },
    async (request, reply) => {
      const b = request.body as { question: string; answer: string; section: string; alternates: string[]; draftId?: number };
      const entry = { question: b.question.trim(), answer: b.answer.trim(), section: b.section.trim(), alternates: clean(b.alternates) };
      const draftId = b.draftId;
      return run(request, reply, { action: 'new-entry', entry, reviewed: editor.today() }, 'new-entry', async () => {
        if (draftId !== undefined) await deps.draftUsed?.(draftId);
      });
    },
  );

  api.put(
    '/console/api/entries/:id',
    {
      config: { roles: MAY.edit },
      schema: schema(
        {
          ...ENTRY,
          reviewedToday: { type: 'boolean' },
        },
        ['version'],
      ),
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const b = request.body as { question?: string; answer?: string; section?: string; alternates?: string[]; reviewedToday?: boolean };
      const fields = {
        ...(b.question !== undefined ? { question: b.question.trim() } : {}),
        ...(b.answer !== undefined ? { answer: b.answer.trim() } : {}),
        ...(b.section !== undefined ? { section: b.section.trim() } : {}),
        ...(b.alternates !== undefined ? { alternates: clean(b.alternates) } : {}),
      };
      if (!Object.keys(fields).length && !b.reviewedToday) throw new HttpError(400, 'Inget att ändra.');
      return run(
        request,
        reply,
        { action: 'edit-entry', entryId: id, fields, reviewed: b.reviewedToday ? editor.today() : undefined },
        'edit',
      );
    },
  );

  api.post(
    '/console/api/out-of-scope',
    { config: { roles: MAY.edit }, schema: schema({ text: { type: 'string', maxLength: 500 } }, ['text', 'version']) },
    async (request, reply) => {
      const { text } = request.body as { text: string };
      return run(request, reply, { action: 'out-of-scope', text: text.trim(), added: editor.today() }, 'out-of-scope');
    },
  );

  api.post('/console/api/changes/:id/undo', { config: { roles: MAY.edit } }, async (request, reply) => {
    const id = idParam(request.params);
    try {
      const outcome = await editor.undo(id, await deps.actor(request));
      // The review shows the group as open again.
      const change = await editor.get(id);
      if (change) for (const [key, h] of await questions.handled()) if (h.entryId === change.target) await questions.unmarkHandled(key);
      return reply.send(outcome);
    } catch (e) {
      throw refusal(e);
    }
  });

  api.get('/console/api/changes', { config: { roles: MAY.read } }, async () => ({ changes: await editorChanges(deps) }));

  const group = {
    config: { roles: MAY.edit },
    schema: {
      body: {
        type: 'object',
        additionalProperties: false,
        properties: { groupKey: { type: 'string', maxLength: 200 } },
        required: ['groupKey'],
      },
    },
  };
  api.post('/console/api/review/dismiss', group, async (request) => {
    if (!(await questions.markHandled((request.body as { groupKey: string }).groupKey, 'dismissed')))
      throw new HttpError(404, 'Gruppen finns inte i frågeloggen.');
    return { ok: true };
  });
  api.post('/console/api/review/reopen', group, async (request) => {
    await questions.unmarkHandled((request.body as { groupKey: string }).groupKey);
    return { ok: true };
  });
}

async function editorChanges(deps: EditingDeps) {
  const engine = deps.knowledge.engine;
  return (await deps.editor.recent()).map((c) => ({ ...c, question: engine.faqEntry(c.target)?.question ?? null }));
}

const clean = (list: string[]) => list.map((a) => a.trim()).filter(Boolean);

/** EditError -> the HTTP status it names; a validation failure carries its issues as `faq check` prints them. */
function refusal(e: unknown): Error {
  if (e instanceof ValidationError) return new HttpError(422, e.message, { issues: e.issues.map(formatIssue) });
  if (e instanceof EditError) return new HttpError(e.status, e.message);
  return e as Error;
}

/**
 * An answer as the console shows it: the JSON every client reads, the interpretation line the bots put first, the
 * rule that decided, and the thresholds its confidence is read against.
 */
export function consoleAnswer(engine: Engine, a: Answer) {
  return {
    threshold: engine.calibration.threshold,
    interpretThreshold: engine.calibration.interpretThreshold ?? engine.calibration.threshold,
    answer: answerJson(a),
    interpretation: a.outcome === 'interpreted' && a.interpretedAs ? MESSAGES.interpretedAs(a.interpretedAs) : null,
    rule: a.rule ?? null,
  };
}

/** Review groups enriched for the learning loop: what staff chose after them, the engine's candidates, status now. */
export function enrichGroups<G extends ReviewGroup>(
  groups: G[],
  ctx: {
    knowledge: LiveKnowledge;
    chosen: Awaited<ReturnType<QuestionLog['chosenAfter']>>;
    handled: Awaited<ReturnType<QuestionLog['handled']>>;
    all: boolean;
  },
) {
  const engine = ctx.knowledge.engine;
  const out = [];
  for (const g of groups) {
    const handled = ctx.handled.get(g.groupKey);
    if (handled?.action === 'dismissed' && !ctx.all) continue;
    const a = g.groupKey === 'clinical' ? undefined : engine.ask(g.example);
    const candidates = (a?.candidates ?? [])
      .filter((c) => c.kind === 'faq')
      .slice(0, 3)
      .map((c) => ({ id: c.id, question: c.title, score: Number(c.score.toFixed(2)) }));
    const chosen = (ctx.chosen.get(g.groupKey) ?? []).map((c) => ({ ...c, question: engine.faqEntry(c.entryId)?.question ?? c.entryId }));
    out.push({
      ...g,
      clinical: g.groupKey === 'clinical',
      // What "Lägg till som formulering", "Ny post" and "Ska inte besvaras" offer: the question alone, without the
      // greeting, sign-off and sentences about the writer around it in the logged message.
      phrasing: g.groupKey === 'clinical' ? '' : messageFocus(engine.kb).phrasing(g.example),
      chosen,
      candidates,
      now: a
        ? { kind: a.kind, answered: a.answered, outcome: a.outcome, answerId: a.answerId, confidence: a.confidence, closeRace: a.closeRace }
        : undefined,
      handled: handled ?? null,
    });
  }
  return out;
}

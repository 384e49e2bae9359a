/**
 * "Granska": the period's questions grouped for review (unanswered, answered with low confidence, 👎, interpretations
 * staff did not take) with what staff chose after them and what the bot would answer now; dismissing and reopening
 * a group; and the question log as CSV. The actions that teach the bot are in editing.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { messageFocus } from '../../analysis/focus';
import { MAX_REVIEW_DAYS, REVIEW_DAYS } from '../../limits';
import type { QuestionLog, ReviewGroup } from '../../store/questions';
import { HttpError } from '../http';
import type { LiveKnowledge } from '../knowledge';
import { HTTP_MESSAGES } from '../messages';
import { MAY } from '../roles';

/**
 * Answers below this confidence (or below the threshold, if that is higher) are listed for review as "answered with
 * low confidence"; the console shows the number it gets from the review API.
 */
export const LOW_CONFIDENCE = 0.75;

export interface ReviewDeps {
  knowledge: LiveKnowledge;
  questions: QuestionLog;
}

/** The period a list covers: `?days=`, from 1 to MAX_REVIEW_DAYS, REVIEW_DAYS when missing or not a number. */
export function reviewDays(request: FastifyRequest): number {
  const raw = (request.query as Record<string, unknown>).days;
  return Math.min(MAX_REVIEW_DAYS, Math.max(1, Number(typeof raw === 'string' ? raw : REVIEW_DAYS) || REVIEW_DAYS));
}

export function registerReview(api: FastifyInstance, { knowledge, questions }: ReviewDeps): void {
  api.get('/console/api/review', { config: { roles: MAY.read } }, async (request) => {
    const days = reviewDays(request);
    const all = (request.query as Record<string, unknown>).all === '1';
    const lowConfidenceBelow = Math.max(knowledge.engine.calibration.threshold, LOW_CONFIDENCE);
    const review = await questions.review(days, lowConfidenceBelow);
    const ctx = { knowledge, chosen: await questions.chosenAfter(days), handled: await questions.handled(), all };
    const engine = knowledge.engine;
    const titled = (id: string) => ({ id, question: engine.faqEntry(id)?.question ?? engine.sourceOf(id)?.section ?? id });
    return {
      ...review,
      unanswered: enrichGroups(review.unanswered, ctx),
      lowConfidence: enrichGroups(review.lowConfidence, ctx),
      notHelpful: enrichGroups(review.notHelpful, ctx),
      interpreted: enrichGroups(review.interpreted, ctx).map((g) => ({
        ...g,
        interpretedAs: g.interpretedAs.map(titled),
        choseInstead: g.choseInstead.map((c) => ({ ...titled(c.entryId), count: c.count })),
      })),
      threshold: knowledge.engine.calibration.threshold,
      lowConfidenceBelow,
    };
  });

  api.get('/console/api/export.csv', { config: { roles: MAY.read } }, async (request, reply) => {
    const excel = (request.query as Record<string, unknown>).format === 'excel';
    const days = reviewDays(request);
    return reply
      .headers({
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="faktabot-fragor-${days}-dagar-${new Date().toISOString().slice(0, 10)}${excel ? '-excel' : ''}.csv"`,
        'cache-control': 'no-store',
      })
      .send(await questions.exportCsv({ days, format: excel ? 'excel' : 'plain' }));
  });

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
      throw new HttpError(404, HTTP_MESSAGES.groupNotLogged);
    return { ok: true };
  });
  api.post('/console/api/review/reopen', group, async (request) => {
    await questions.unmarkHandled((request.body as { groupKey: string }).groupKey);
    return { ok: true };
  });
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

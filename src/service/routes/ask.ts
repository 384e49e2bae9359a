/**
 * "Testa en fråga": the console asks as staff do (through Service.choose, so the rate limit, the log and the metrics
 * apply), and shows the answer as the bots give it with why it was given; an editor can mark the answer helpful.
 * Its questions are logged as the console's, which the review, the figures and the CSV leave out (store/questions.ts).
 * The page sends a conversation id with each question (channel `console`), so follow-ups are read as in a chat.
 */
import type { FastifyInstance } from 'fastify';
import type { Answer } from '../../answer/answer';
import type { Engine } from '../../answer/engine';
import { answerJson } from '../../answer/json';
import { MESSAGES } from '../../answer/messages';
import { MAX_COMMENT_SENT } from '../../limits';
import type { QuestionLog } from '../../store/questions';
import type { AskContext, AskResult, ChosenFrom } from '../ask';
import { HttpError } from '../http';
import type { LiveKnowledge } from '../knowledge';
import { HTTP_MESSAGES } from '../messages';
import { MAY } from '../roles';
import type { ConsoleDoor } from './console-access';
import { jsonBody } from './schema';

export interface AskRouteDeps {
  knowledge: LiveKnowledge;
  questions: QuestionLog;
  choose(question: string, from: ChosenFrom | undefined, ctx: AskContext): Promise<AskResult>;
  door: ConsoleDoor;
}

/** The logged question a click came from, as the console sends it. */
const FROM = {
  type: 'object',
  additionalProperties: false,
  properties: { questionId: { type: 'integer' }, kind: { type: 'string', enum: ['suggestion', 'related'] } },
  required: ['questionId', 'kind'],
};

/**
 * The console's test conversation: an id the page makes at random and sends with each question, so that a follow-up
 * is read with the questions before it; "Ny konversation" makes a new one. Short and plain, as it is hashed and kept.
 */
const CONVERSATION = { type: 'string', minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' };

export function registerAsk(api: FastifyInstance, { knowledge, questions, choose, door }: AskRouteDeps): void {
  api.post(
    '/console/api/ask',
    {
      config: { roles: MAY.ask },
      schema: jsonBody({ question: { type: 'string' }, from: FROM, conversation: CONVERSATION }, ['question']),
    },
    async (request) => {
      const engine = knowledge.engine;
      const b = request.body as { question: string; from?: ChosenFrom; conversation?: string };
      // Limited per person (or per session), as staff are in Slack and Teams: every ask costs the engine's time.
      // On loopback only this machine reaches the console, and it is not limited.
      const who = await door.actor(request);
      const { answer, questionId } = await choose(b.question, b.from, {
        channel: 'console',
        userId: 'console',
        ...(b.conversation ? { conversationId: b.conversation } : {}),
        rateKey: door.mode === 'loopback' ? undefined : (who.subject ?? who.session),
        requestId: request.id,
      });
      const top = answer.candidates[0];
      return {
        questionId,
        ...consoleAnswer(engine, answer),
        topFaq: top ? engine.faqEntry(top.id) : undefined,
        // Declined although confident enough: two entries with different answers were too close to pick one.
        closeRace: answer.closeRace?.map((id) => {
          const e = engine.faqEntry(id);
          return { id, question: e?.question ?? id, answer: e?.answer ?? '' };
        }),
      };
    },
  );

  api.post(
    '/console/api/feedback',
    {
      config: { roles: MAY.edit },
      schema: jsonBody(
        { questionId: { type: 'integer' }, helpful: { type: 'boolean' }, comment: { type: 'string', maxLength: MAX_COMMENT_SENT } },
        ['questionId', 'helpful'],
      ),
    },
    async (request) => {
      const b = request.body as { questionId: number; helpful: boolean; comment?: string };
      const result = await questions.feedback(b.questionId, b.helpful, { channel: 'console', userId: 'console' }, b.comment ?? '');
      if (result === 'unknown') throw new HttpError(404, HTTP_MESSAGES.questionNotLogged);
      if (result === 'forbidden') throw new HttpError(403, HTTP_MESSAGES.feedbackConsoleOnly);
      return { ok: true };
    },
  );
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

/**
 * The one call every channel makes (Service.ask, built here by `asking`): the rate limit, then ask the engine with what
 * the conversation is about (so that a follow-up such as "och när då?" is read with it), keep the conversation's new
 * context, log the question (redacted), count it in the metrics, and return the answer and the log id that feedback
 * refers to. A
 * failing database write is logged and never blocks the answer: while the database is away the row waits in the
 * write queue (writequeue.ts) and the answer goes out without feedback buttons.
 */
import { type Answer, notice } from '../answer/answer';
import type { Engine } from '../answer/engine';
import type { ConversationContext } from '../answer/followup';
import { MESSAGES } from '../answer/messages';
import { MAX_QUESTION_LENGTH } from '../limits';
import type { ConversationStore } from '../store/conversations';
import type { Channel, ClickKind, QuestionLog } from '../store/questions';
import { CLEAN_READS, cleanText, TextRefused } from '../text/clean';
import { redactThenCut } from '../text/redact';
import type { LiveKnowledge } from './knowledge';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import type { WriteQueue } from './writequeue';

/** What the question log holds instead of the text of a clinical question. */
export const CLINICAL_PLACEHOLDER = '[klinisk fråga – texten sparas inte]';

export interface AskContext {
  channel: Channel;
  userId?: string;
  /**
   * The conversation: a Slack thread or DM, a Teams conversation (a channel's reply chain), the console's test
   * conversation. Others in it may give feedback on the answer, and a follow-up in it is read with its context.
   */
  conversationId?: string;
  /**
   * The thread within the conversation, where the platform keeps threads apart inside one (a Slack channel): a
   * follow-up is read with its thread's context. Feedback rights stay with the whole conversation.
   */
  thread?: string;
  requestId?: string;
  /**
   * Whom the rate limit counts, when not the user id: the console's person or session (its user id is shared). A
   * console ask without one (on loopback) is not limited.
   */
  rateKey?: string;
  /**
   * The platform's own markup read out of a message (Slack's mentions and links): applied once, to the cleaned text,
   * before anything else reads it, so that the question is cleaned once on its way in.
   */
  read?: (cleaned: string) => string;
}

/** The conversation whose context a question is read with: the thread, where there is one, else the conversation. */
export function contextKeyOf(ctx: AskContext): string | undefined {
  if (!ctx.conversationId) return undefined;
  return ctx.thread ? `${ctx.conversationId}/${ctx.thread}` : ctx.conversationId;
}

/** Whom the rate limit counts for an ask: per channel, the console's person or session, else the user. */
export function rateKeyOf(ctx: AskContext): string {
  return `${ctx.channel}:${ctx.rateKey ?? ctx.userId ?? 'anonymous'}`;
}

export interface AskResult {
  answer: Answer;
  /** Id of the logged question, for feedback; undefined when logging failed. */
  questionId: number | undefined;
  /** The conversation's context after this question (asked in a conversation only). */
  context?: ConversationContext | undefined;
}

/** How a question is read: alone, or in a conversation with the context it had (none yet, or expired: undefined). */
export type Reading = { alone: true } | { alone?: false; context: ConversationContext | undefined };

/**
 * Asks the engine and logs the question (see the module comment). Prefer Service.ask, which adds limits and metrics.
 * The question goes through the cleaning path first (clean.ts; a NUL is refused with a Swedish reply and nothing
 * stored), then the platform's `read`. Everything stored is derived from one value: the whole cleaned question
 * redacted, then cut to the length cap (cutting first could split a personnummer into parts that no longer look like
 * one), or, for a clinical question of any length, only a placeholder.
 */
export async function askAndLog(
  engine: Engine,
  log: QuestionLog,
  logger: Logger,
  question: string,
  ctx: AskContext,
  writes?: WriteQueue,
  reading: Reading = { alone: true },
): Promise<AskResult> {
  let cleaned: string;
  const raw = String(question ?? '');
  try {
    cleaned = cleanText(raw, 'Frågan');
  } catch (e) {
    if (!(e instanceof TextRefused)) throw e;
    // Nothing is logged of a refused text: it could not be stored as it is, and it is not a question to count.
    return { answer: notice('', 'refused', e.message), questionId: undefined };
  }
  if (ctx.read) cleaned = ctx.read(cleaned);
  // Only the start of a text longer than CLEAN_READS is cleaned: the engine reads it as too long (or clinical).
  const cut = raw.length > CLEAN_READS;
  const asked = reading.alone
    ? { answer: engine.askCleaned(cleaned, cut), context: undefined }
    : engine.askInConversation(cleaned, reading.context, true, cut);
  const { answer } = asked;
  // A clinical question is the kind most likely to carry patient details (names cannot be redacted reliably) and
  // is never answered: only the fact that one was asked is stored.
  const clinical = answer.kind === 'clinical';
  // The question is clean already: redacted whole, then cut.
  const stored = clinical ? CLINICAL_PLACEHOLDER : redactThenCut(cleaned, MAX_QUESTION_LENGTH);
  let questionId: number | undefined;
  const row = {
    channel: ctx.channel,
    userId: ctx.userId,
    conversationId: ctx.conversationId,
    question: stored,
    answered: answer.answered,
    outcome: answer.outcome,
    rule: answer.rule,
    kind: answer.kind,
    confidence: answer.confidence,
    topId: answer.answerId ?? answer.candidates[0]?.id,
    // The review groups similar questions by the engine's content key (synonym groups and stems, sorted).
    groupKey: clinical ? 'clinical' : engine.contentKey(stored),
    ts: Date.now(),
  };
  try {
    questionId = writes ? await writes.attempt('question', () => log.log(row)) : await log.log(row);
  } catch (e) {
    logger.error('question log write failed; answering anyway', {
      requestId: ctx.requestId,
      channel: ctx.channel,
      error: (e as Error).message,
    });
  }
  return { answer, questionId, ...(reading.alone ? {} : { context: asked.context }) };
}

/** The reply when a user is over the rate limit: no engine call, nothing logged. */
export function rateLimitedAnswer(question: string): Answer {
  return notice(question.slice(0, MAX_QUESTION_LENGTH), 'rate_limited', MESSAGES.rateLimited);
}

/** A click on a suggestion or a related question: the logged question it was offered on, and how it was offered. */
export interface ChosenFrom {
  questionId: number;
  kind: ClickKind;
}

export interface Asking {
  ask(question: string, ctx: AskContext): Promise<AskResult>;
  choose(question: string, from: ChosenFrom | undefined, ctx: AskContext): Promise<AskResult>;
}

/**
 * Service.ask and Service.choose (server.ts documents them): the rate limit, `askAndLog` and the metrics around
 * every question, and the click recorded after a chosen one.
 */
export function asking(deps: {
  knowledge: LiveKnowledge;
  questions: QuestionLog;
  writes: WriteQueue;
  metrics: Metrics;
  log: Logger;
  allow(key: string): Promise<boolean>;
  /** What each conversation is about; without it every question is read alone. */
  conversations?: ConversationStore;
}): Asking {
  const { knowledge, questions, writes, metrics, log, conversations } = deps;
  /**
   * The conversation's context, when the question is asked in one. A database that cannot be read leaves the
   * question to be read alone: a follow-up then gets the answer it gets alone, never an error.
   */
  const readingOf = async (ctx: AskContext, fresh: boolean): Promise<Reading> => {
    const key = contextKeyOf(ctx);
    if (!conversations || !key) return { alone: true };
    if (fresh) return { context: undefined };
    try {
      return { context: await conversations.get(ctx.channel, key) };
    } catch (e) {
      log.warn('conversation context could not be read; answering the question alone', {
        error: (e as Error).message,
        requestId: ctx.requestId,
      });
      return { alone: true };
    }
  };
  const keep = async (ctx: AskContext, result: AskResult): Promise<void> => {
    const key = contextKeyOf(ctx);
    if (!conversations || !key || !('context' in result)) return;
    try {
      await conversations.set(ctx.channel, key, result.context);
    } catch (e) {
      log.warn('conversation context could not be saved', { error: (e as Error).message, requestId: ctx.requestId });
    }
  };
  const askIn = async (question: string, ctx: AskContext, fresh: boolean): Promise<AskResult> => {
    const started = performance.now();
    let result: AskResult;
    // The console is limited per person or session, which its route names; on loopback it names none: only this
    // machine reaches the console then, and whoever is on it has the machine anyway.
    const limited = ctx.channel !== 'console' || ctx.rateKey !== undefined;
    if (limited && !(await deps.allow(rateKeyOf(ctx)))) {
      log.info('rate limited', { channel: ctx.channel, requestId: ctx.requestId });
      result = { answer: rateLimitedAnswer(question), questionId: undefined };
    } else {
      result = await askAndLog(knowledge.engine, questions, log, question, ctx, writes, await readingOf(ctx, fresh));
      await keep(ctx, result);
    }
    metrics.question(ctx.channel, result.answer.kind, result.answer.answered, (performance.now() - started) / 1000);
    return result;
  };
  const ask = (question: string, ctx: AskContext) => askIn(question, ctx, false);
  const choose = async (question: string, from: ChosenFrom | undefined, ctx: AskContext): Promise<AskResult> => {
    // A click asks the suggestion's own question: it is read alone and replaces the conversation's context.
    const result = await askIn(question, ctx, true);
    if (!from || result.answer.kind === 'rate_limited') return result;
    const entry = knowledge.engine.kb.faq.find((e) => e.question === question.trim());
    if (!entry) return result;
    try {
      const saved = await writes.attempt('suggestion click', () =>
        questions.click(from.questionId, entry.id, result.questionId, from.kind, {
          channel: ctx.channel,
          userId: ctx.userId ?? 'anonymous',
          conversationId: ctx.conversationId,
        }),
      );
      if (saved && saved !== 'saved')
        log.info('suggestion click not recorded', { reason: saved, channel: ctx.channel, requestId: ctx.requestId });
    } catch (e) {
      log.error('suggestion click could not be saved', { error: (e as Error).message, requestId: ctx.requestId });
    }
    return result;
  };
  return { ask, choose };
}

/**
 * The chat port: everything a chat adapter (bots/slack, bots/teams) asks of the core, as one small interface. Every
 * Slack and Teams surface goes through it, so that the rate limit, cleaning, redaction, the question log and the
 * metrics apply to all of them, and no adapter reaches into the service. Implemented once, here, over the service
 * (`chatPort`); the adapters receive it at start-up with the rest of their wiring (main.ts).
 */
import { type Answer, notice, type Source } from '../answer/answer';
import { MAX_QUESTION_LENGTH } from '../answer/engine';
import { MESSAGES } from '../answer/messages';
import type { KnowledgeBase, Page } from '../knowledge/types';
import type { ClickKind, FeedbackResult } from '../store/questions';
import { type AskContext, type AskResult, rateKeyOf, rateLimitedAnswer } from './ask';
import type { Service } from './server';
import {
  type Actor,
  type ActResult,
  baseConversation,
  type DeskPlatform,
  type DeskPlatformName,
  type EscalateResult,
  type TicketView,
} from './support';

/** The logged question whose reply offered a clicked question, and how it was offered. */
export interface ChosenFrom {
  questionId: number;
  kind: ClickKind;
}

/** A vote's result, and whether the reply should now offer "Fråga supporten". */
export interface FeedbackOutcome {
  /** `failed`: the vote could not be stored (logged). */
  result: FeedbackResult | 'failed';
  /** After 👎 on a reply that was not clinical, where a support desk is set. */
  offerSupport: boolean;
}

/** What the bot answers from, for a welcome or home view: the fact page and the number of FAQ entries. */
export interface KnowledgeAbout {
  faqCount: number;
  url: string;
  published: string;
}

/** An FAQ entry found by a search, with the source that backs it. */
export interface FaqHit {
  question: string;
  answer: string;
  source: Source;
}

/** Found entries, or a Swedish reply instead (too long, rate limited). */
export type FaqSearch = { found: FaqHit[] } | { refused: string };

/** Why the desk's answer to a ticket cannot be sent now (TICKET_REPLY has the Swedish for each). */
export type AnswerProblem = 'empty' | 'refused' | 'patient' | 'closed' | 'already-answered';

/** "Fråga supporten" and the support desk, as the chat adapters use them (support.ts has the rules). */
export interface SupportPort {
  /** Whether a reply offers "Fråga supporten": the bot declined (never a clinical question) and a desk is set. */
  offers(answer: Pick<Answer, 'kind'>): Promise<boolean>;
  /** True when tickets can be sent: a desk is set and its platform is running. */
  enabled(): Promise<boolean>;
  /** The logged question (redacted) to pre-fill the form with, if `actor` asked it or is in its conversation. */
  questionFor(questionId: number, actor: Actor): Promise<string | undefined>;
  /** The ticket `actor` already sent for a logged question: one per question and asker, so no second form. */
  sentTicket(questionId: number, actor: Actor): Promise<number | undefined>;
  /** What keeps the form from being sent, by field, checked before it closes: no question, or clinical text. */
  formProblem(question: string, context: string): { field: 'question' | 'context'; problem: 'empty' | 'clinical' } | undefined;
  /**
   * Sends a question to the desk. The asker's `address` is what their platform needs to reach them privately. A
   * logged question sent again by the same asker makes no second ticket (`already`, with the first one's id).
   */
  escalate(input: { asker: Actor & { address: unknown }; question: string; context: string; questionId?: number }): Promise<EscalateResult>;
  /** "Jag tar den" or "Stäng", by anyone in the desk channel. */
  act(ticketId: number, action: 'claim' | 'close', actor: Actor): Promise<ActResult>;
  /** The ticket for the desk's answer form, or why `actor` may not answer it (a refusal by a non-member is logged). */
  answerForm(ticketId: number, actor: Actor): Promise<{ ticket: TicketView } | { refused: 'unknown' | 'forbidden' | 'closed' }>;
  /** Why an answer cannot be sent, checked before the form closes: the text first, then the ticket's state. */
  answerProblem(ticketId: number, text: string): Promise<AnswerProblem | undefined>;
  /** "Svara": stores the answer, sends it privately to the asker, and updates the ticket card. */
  answer(ticketId: number, actor: Actor, text: string): Promise<ActResult>;
  /** Makes a Teams channel the desk ("ställ in supportkanal"), unless SUPPORT_CHANNEL pins another. */
  setTeamsDesk(conversationId: string, reference: unknown, actor: Actor): Promise<'saved' | 'pinned'>;
  /** The conversation reference to post in, when the stored Teams desk is `channel`. */
  teamsDeskReference(channel: string): Promise<unknown | undefined>;
  /** A platform that posts ticket cards and delivers the desk's answers; registered while its adapter runs. */
  register(name: DeskPlatformName, platform: DeskPlatform): void;
  unregister(name: DeskPlatformName): void;
}

/** Everything a chat adapter asks of the core. */
export interface ChatPort {
  /**
   * A question from a chat user: the rate limit, cleaning (then the platform's `context.read`), the engine, the
   * redacted question log and metrics. Never throws for any text; the answer goes out even when the log is away.
   */
  ask(question: string, context: AskContext): Promise<AskResult>;
  /**
   * A click on a "Menade du…?" suggestion, a "Menade du något annat?" question or a related question: asked like
   * `ask`, and the entry chosen after logged question `from` recorded (ids only; the voter rule of feedback).
   */
  choose(question: string, from: ChosenFrom | undefined, context: AskContext): Promise<AskResult>;
  /**
   * An answer already given, shown again elsewhere ("Dela i kanalen", "Svara i tråden"): rate limited like a
   * question, but neither logged nor counted again, since `loggedId` already holds it. Without a logged id (the log
   * was away when it was given, or the button predates ids) it is a fresh question and goes through `ask`.
   */
  again(question: string, loggedId: number | undefined, context: AskContext): Promise<AskResult>;
  /**
   * A logged question answered again from its logged (redacted) text, to redraw a reply in place after a vote; the
   * clinical refusal for a clinical question, or for one `context`'s user may not see.
   */
  loggedAnswer(questionId: number, context: AskContext): Promise<Answer>;
  /**
   * 👍/👎 on a logged answer, with the voter's comment where the platform asks for one (cleaned, redacted, and a
   * patient description not kept): only its asker, or someone in its conversation, may vote. Failures are logged.
   */
  feedback(questionId: number, helpful: boolean, context: AskContext, comment?: string): Promise<FeedbackOutcome>;
  /**
   * Remembers which logged question a posted reply answered, for feedback that names the reply (Teams' own 👍/👎);
   * failures are logged, never thrown.
   */
  rememberReply(replyId: string | undefined, questionId: number, context: AskContext): Promise<void>;
  /**
   * The logged question a reply in `context`'s conversation answered, across replicas; without `replyId`, the
   * conversation's latest remembered reply's.
   */
  repliedTo(replyId: string | undefined, context: AskContext): Promise<number | undefined>;
  /** The opening of a page section (its first paragraph), for a citation's summary; undefined for an unknown id. */
  sectionOpening(sectionId: string): string | undefined;
  /** The example questions the engine offers after a greeting or "hjälp". */
  examples(): readonly string[];
  /** What the bot answers from: the fact page's address and date, and how many FAQ entries there are. */
  about(): KnowledgeAbout;
  /** The FAQ questions answered most often in the last `days` days, at most `limit`; none while the log is away. */
  mostAsked(days: number, limit: number): Promise<string[]>;
  /**
   * FAQ entries matching typed words, each with its source (Teams' messaging extension); the first entries for
   * an initial run or no words. A search is capped in length like a question and, with words, rate limited.
   */
  searchFaq(words: string, initialRun: boolean, context: AskContext): Promise<FaqSearch>;
  /** True the first time a conversation is welcomed, across replicas (a salted hash of it, kept a day). */
  firstWelcome(channel: AskContext['channel'], conversationId: string): Promise<boolean>;
  support: SupportPort;
}

/** What an FAQ search hit shows when the knowledge names no source for it. */
const NO_SOURCE: Source = { id: '', title: '', url: '', section: '', published: '' };
/** A search's empty state: the first entries of the FAQ. */
const FIRST_ENTRIES = 8;
const SEARCH_HITS = 10;

/**
 * The page the bot is about, which its welcome and App Home link to: the one most FAQ entries cite. Pages load in
 * file-name order, so an imported page ("beskrivning-….md") would otherwise stand in for the fact page.
 */
export function mainPage(kb: Pick<KnowledgeBase, 'pages' | 'faq'>): Page | undefined {
  const pageOf = new Map(kb.pages.flatMap((p) => p.sections.map((s) => [s.id, p] as const)));
  const cited = new Map<Page, number>();
  for (const e of kb.faq) {
    const p = pageOf.get(e.section);
    if (p) cited.set(p, (cited.get(p) ?? 0) + 1);
  }
  let best = kb.pages[0];
  for (const p of kb.pages) if ((cited.get(p) ?? 0) > (cited.get(best as Page) ?? 0)) best = p;
  return best;
}

/** The chat port over a service: the one implementation of ChatPort. */
export function chatPort(service: Service): ChatPort {
  const { questions, support, log } = service;
  const engine = () => service.knowledge.engine;
  const voter = (context: AskContext) => ({
    channel: context.channel,
    userId: context.userId ?? '',
    conversationId: context.conversationId,
  });

  const supportPort: SupportPort = {
    offers: (answer) => support.offers(answer),
    enabled: () => support.enabled(),
    questionFor: (questionId, actor) => support.questionFor(questionId, actor),
    sentTicket: (questionId, actor) => support.sentTicket(questionId, actor),
    formProblem(question, context) {
      if (!question.trim()) return { field: 'question', problem: 'empty' };
      const clinical = (text: string) => !!text && engine().guard.check(text)?.kind === 'clinical';
      if (clinical(question)) return { field: 'question', problem: 'clinical' };
      if (clinical(context)) return { field: 'context', problem: 'clinical' };
      return undefined;
    },
    escalate: (input) => support.escalate(input),
    act: (ticketId, action, actor) => support.act(ticketId, action, actor),
    async answerForm(ticketId, actor) {
      const ticket = await support.ticket(ticketId);
      if (!ticket) return { refused: 'unknown' };
      if (!support.isDeskMember(ticket, actor)) {
        log.warn('support ticket action refused: not in the desk channel', { platform: actor.platform });
        return { refused: 'forbidden' };
      }
      if (ticket.status === 'closed') return { refused: 'closed' };
      return { ticket: support.view(ticket) };
    },
    async answerProblem(ticketId, text) {
      const ticket = await support.ticket(ticketId);
      const problem = support.answerProblem(text);
      if (problem) return problem;
      if (ticket?.status === 'closed') return 'closed';
      if (ticket?.status === 'answered') return 'already-answered';
      return undefined;
    },
    answer: (ticketId, actor, text) => support.answer(ticketId, actor, text),
    setTeamsDesk: (conversationId, reference, actor) => support.setTeamsDesk(conversationId, reference, actor),
    async teamsDeskReference(channel) {
      const desk = await support.teamsDesk();
      return desk && baseConversation(desk.conversationId) === baseConversation(channel) ? desk.reference : undefined;
    },
    register: (name, platform) => support.register(name, platform),
    unregister: (name) => support.unregister(name),
  };

  return {
    ask: (question, context) => service.ask(question, context),
    choose: (question, from, context) => service.choose(question, from, context),
    async again(question, loggedId, context) {
      if (loggedId === undefined) return service.ask(question, context);
      if (!(await service.allow(rateKeyOf(context)))) {
        log.info('rate limited', { channel: context.channel, requestId: context.requestId });
        return { answer: rateLimitedAnswer(question), questionId: undefined };
      }
      return { answer: engine().ask(question), questionId: loggedId };
    },
    async loggedAnswer(questionId, context) {
      const clinical = (await questions.kindOf(questionId)) === 'clinical';
      const logged = clinical ? undefined : await questions.questionIfAllowed(questionId, voter(context));
      return logged === undefined ? notice('', 'clinical', MESSAGES.clinical) : engine().ask(logged);
    },
    async feedback(questionId, helpful, context, comment) {
      let result: FeedbackResult | 'failed' = 'unknown';
      try {
        if (context.userId) result = await questions.feedback(questionId, helpful, voter(context), comment);
      } catch (e) {
        result = 'failed';
        log.error('feedback could not be saved', { channel: context.channel, error: (e as Error).message, requestId: context.requestId });
      }
      if (result === 'forbidden')
        log.info('feedback refused: the voter neither asked nor is in the conversation', { channel: context.channel });
      // Never for a clinical question: its refusal stays as it is.
      const offerSupport =
        result === 'saved' && !helpful && (await support.enabled()) && (await questions.kindOf(questionId)) !== 'clinical';
      return { result, offerSupport };
    },
    ...replyMemory(service),
    examples: () => engine().examples,
    about() {
      const kb = engine().kb;
      const page = mainPage(kb);
      return { faqCount: kb.faq.length, url: page?.url ?? '', published: page?.published ?? '' };
    },
    async mostAsked(days, limit) {
      try {
        // Twice the rows asked for: some of the answers most given are page sections, which have no FAQ question.
        return (await questions.mostAnswered(days, 2 * limit))
          .map((r) => engine().faqEntry(r.id)?.question)
          .filter((q): q is string => !!q)
          .slice(0, limit);
      } catch (e) {
        log.error('most asked questions: the question log is unavailable', { error: (e as Error).message });
        return [];
      }
    },
    async searchFaq(words, initialRun, context) {
      const text = words.trim();
      if (text.length > MAX_QUESTION_LENGTH) return { refused: MESSAGES.tooLong };
      const initial = initialRun || !text;
      if (!initial && !(await service.allow(rateKeyOf(context)))) return { refused: MESSAGES.rateLimited };
      const current = engine();
      const entries = initial ? current.kb.faq.slice(0, FIRST_ENTRIES) : current.searchFaq(text, SEARCH_HITS);
      return {
        found: entries.map((e) => ({ question: e.question, answer: e.answer, source: current.sourceOf(e.id) ?? NO_SOURCE })),
      };
    },
    firstWelcome: (channel, conversationId) =>
      service.claimEvent(`${channel}-welcome:${questions.hashUser(channel, `welcome:${conversationId}`)}`),
    support: supportPort,
  };
}

/** Which logged question each posted reply answered, and the section openings citations quote (see ChatPort). */
function replyMemory(service: Service): Pick<ChatPort, 'rememberReply' | 'repliedTo' | 'sectionOpening'> {
  const { questions, log } = service;
  const engine = () => service.knowledge.engine;
  return {
    async rememberReply(replyId, questionId, context) {
      if (!context.conversationId) return;
      try {
        await questions.rememberReply(context.channel, context.conversationId, replyId, questionId);
      } catch (e) {
        log.error('a reply could not be remembered', {
          channel: context.channel,
          error: (e as Error).message,
          requestId: context.requestId,
        });
      }
    },
    async repliedTo(replyId, context) {
      if (!context.conversationId) return undefined;
      try {
        return await questions.repliedTo(context.channel, context.conversationId, replyId);
      } catch (e) {
        log.error('the question of a reply could not be read', { channel: context.channel, error: (e as Error).message });
        return undefined;
      }
    },
    sectionOpening(sectionId) {
      for (const page of engine().kb.pages) {
        const section = page.sections.find((s) => s.id === sectionId);
        if (section)
          return (
            section.text
              .split(/\n\s*\n/)
              .find((p) => p.trim().length > 40)
              ?.trim() ?? section.text.trim()
          );
      }
      return undefined;
    },
  };
}

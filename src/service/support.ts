/**
 * The support desk ("Fråga supporten"): when the bot cannot answer, or after 👎, staff can send their question to
 * one desk channel, on Slack or Teams whichever platform they asked on. A desk member claims the ticket, answers
 * it (the answer goes privately to the asker on their own platform) or closes it; the ticket card in the desk
 * channel updates in place. Platform code registers a DeskPlatform per platform (bots/slack, bots/teams); this
 * module knows nothing of Slack or Teams.
 *
 * Rules: clinical questions are never forwarded; the question and context are stored redacted; who asked and who
 * handled it only sealed; ticket buttons work only for people in the desk channel (others get a refusal, logged);
 * tickets count against the asker's rate limit like questions.
 */
import type { Answer } from '../answer/answer';
import type { Channel, QuestionLog } from '../store/questions';
import { isConnectionError } from '../store/sql';
import { TICKET_STATUS, type Ticket, type TicketStatus, type TicketStore } from '../store/tickets';
import { cleanText, TextRefused } from '../text/clean';
import { redact } from '../text/redact';
import type { Config } from './config';
import type { LiveKnowledge } from './knowledge';
import type { Logger } from './logger';

export type DeskPlatformName = 'slack' | 'teams';

/** Someone acting on a ticket: their platform id, display name and the conversation they act in. */
export interface Actor {
  platform: Channel;
  userId: string;
  name: string;
  conversationId?: string;
}

/** What a ticket card shows, already in Swedish; the same for every platform. */
export interface TicketView {
  id: number;
  status: TicketStatus;
  statusLabel: string;
  question: string;
  context: string;
  askerName: string;
  askedOn: string;
  askedAt: string;
  botReply: string;
  /** The newest change, e.g. "besvarad av Bo 2026-11-28 10:15". */
  lastChange: string;
  claimedBy: string | null;
  answeredBy: string | null;
  answer: string | null;
  closed: boolean;
}

/** What a platform does for the desk: post and update ticket cards, and reach an asker privately. */
export interface DeskPlatform {
  /** Posts the ticket card in the desk channel; returns the message's reference (Slack ts, Teams activity id). */
  postTicket(channel: string, view: TicketView): Promise<string>;
  updateTicket(channel: string, messageRef: string, view: TicketView): Promise<void>;
  /** Sends the desk's answer privately to the asker, at the address the platform gave when they asked. */
  deliverAnswer(address: unknown, view: TicketView): Promise<void>;
}

export type EscalateResult =
  /** `already`: the asker sent this logged question before; no second ticket, `ticketId` is the first. */
  | { result: 'sent' | 'undelivered' | 'already'; ticketId: number }
  | { result: 'clinical' | 'limited' | 'disabled' | 'empty' | 'unavailable' | 'refused' };

export type ActResult = 'ok' | 'undelivered' | 'forbidden' | 'unknown' | 'closed' | 'already-answered' | 'empty' | 'patient' | 'refused';

export const ASKED_ON: Record<Channel, string> = { slack: 'Slack', teams: 'Teams', console: 'Konsolen' };

/** What the asker is told after sending a ticket, the same on every platform. */
export const ESCALATE_REPLY: Record<EscalateResult['result'], string> = {
  sent: 'Din fråga är skickad till supporten. Svaret kommer till dig här.',
  undelivered: 'Din fråga kunde inte skickas till supportens kanal just nu. Den är sparad, och supporten ser den i Faktabots konsol.',
  already: 'Den här frågan har du redan skickat till supporten. Svaret kommer till dig här.',
  limited: 'Du har skickat många frågor på kort tid. Vänta en minut och försök igen.',
  disabled: 'Supporten går inte att nå via Faktabot just nu.',
  clinical: 'Kliniska frågor och patientuppgifter skickas inte vidare. Vänd dig till din chef eller ansvarig läkare.',
  empty: 'Skriv din fråga.',
  refused: 'Texten innehåller ett tecken som inte kan tas emot (NUL). Ta bort det och försök igen.',
  unavailable: 'Din fråga kunde inte sparas just nu, eftersom Faktabots databas inte går att nå. Försök igen om en stund.',
};

/** What a desk member is told when a ticket button or answer is refused or half done. */
export const TICKET_REPLY: Record<Exclude<ActResult, 'ok'>, string> = {
  forbidden: 'Bara supportens kanal kan hantera ärenden.',
  unknown: 'Ärendet finns inte.',
  closed: 'Ärendet är redan stängt.',
  'already-answered': 'Ärendet är redan besvarat.',
  undelivered: 'Svaret är sparat, men kunde inte skickas till den som frågade. Det syns i Faktabots konsol.',
  empty: 'Skriv ett svar.',
  patient:
    'Svaret ser ut att beskriva en patient (ett namn, en ålder, en sal eller ett personnummer). Skriv det utan patientuppgifter: sådant sparas och skickas inte.',
  refused: 'Svaret innehåller ett tecken som inte kan tas emot (NUL). Ta bort det och försök igen.',
};

const TEAMS_DESK = 'teams_desk';
const when = (ts: number) => new Date(ts).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });

/** A Teams conversation id without the message part a channel thread adds (";messageid=…"). */
export const baseConversation = (id: string) => id.split(';')[0] as string;

export interface SupportDeps {
  config: Config;
  log: Logger;
  tickets: TicketStore;
  questions: QuestionLog;
  knowledge: LiveKnowledge;
  /** The service's per-user rate limit. */
  allow(key: string): Promise<boolean>;
}

export class SupportDesk {
  private readonly platforms = new Map<DeskPlatformName, DeskPlatform>();
  private disabledLogged = false;
  /** The Teams desk as last read, for while the database is away (answers must not fail on the desk lookup). */
  private lastTeamsDesk: { conversationId: string; reference: unknown } | undefined;

  constructor(private readonly deps: SupportDeps) {}

  register(name: DeskPlatformName, platform: DeskPlatform): void {
    this.platforms.set(name, platform);
  }

  unregister(name: DeskPlatformName): void {
    this.platforms.delete(name);
  }

  /** The desk channel: SUPPORT_CHANNEL, else the Teams channel set with "ställ in supportkanal". */
  async desk(): Promise<{ platform: DeskPlatformName; channel: string } | undefined> {
    if (this.deps.config.supportChannel) return this.deps.config.supportChannel;
    const stored = await this.teamsDesk();
    return stored ? { platform: 'teams', channel: stored.conversationId } : undefined;
  }

  /** The stored Teams desk: its conversation id and the conversation reference to post there proactively. */
  async teamsDesk(): Promise<{ conversationId: string; reference: unknown } | undefined> {
    let raw: string | undefined;
    try {
      raw = await this.deps.tickets.setting(TEAMS_DESK);
    } catch (e) {
      if (isConnectionError(e)) return this.lastTeamsDesk;
      throw e;
    }
    try {
      this.lastTeamsDesk = raw ? (JSON.parse(raw) as { conversationId: string; reference: unknown }) : undefined;
    } catch {
      this.lastTeamsDesk = undefined;
    }
    return this.lastTeamsDesk;
  }

  /**
   * Makes a Teams channel the desk ("@Faktabot ställ in supportkanal" there). Refused when SUPPORT_CHANNEL names
   * another channel: the setting pins the desk.
   */
  async setTeamsDesk(conversationId: string, reference: unknown, actor: Actor): Promise<'saved' | 'pinned'> {
    const pinned = this.deps.config.supportChannel;
    const id = baseConversation(conversationId);
    if (pinned && !(pinned.platform === 'teams' && baseConversation(pinned.channel) === id)) return 'pinned';
    await this.deps.tickets.setSetting(TEAMS_DESK, JSON.stringify({ conversationId: id, reference }));
    // The setting that pins this desk is for operations: here in the log, not in the desk's channel. A channel's
    // conversation id is an address, not a secret.
    this.deps.log.warn('support desk set from Teams; to pin it, set SUPPORT_CHANNEL to the value in "pin"', {
      by: this.deps.tickets.hashPerson(actor.platform, actor.userId),
      pin: `teams:${id}`,
    });
    return 'saved';
  }

  /** True when tickets can be sent: a desk is set and its platform is running. Says once in the log how to enable. */
  async enabled(): Promise<boolean> {
    const desk = await this.desk();
    const ok = !!desk && this.platforms.has(desk.platform);
    if (!ok && !this.disabledLogged) {
      this.disabledLogged = true;
      this.deps.log.info(
        desk
          ? `support desk: ${desk.platform} is not running, so "Fråga supporten" is not offered; configure the ${desk.platform} adapter`
          : 'support desk: not set, so "Fråga supporten" is not offered; set SUPPORT_CHANNEL=slack:<channel id> or teams:<conversation id>, or write "@Faktabot ställ in supportkanal" in the desk\'s Teams channel',
      );
    }
    return ok;
  }

  /** Whether a reply offers "Fråga supporten": the bot declined (never for clinical questions), and a desk is set. */
  async offers(answer: Pick<Answer, 'kind'>): Promise<boolean> {
    return answer.kind === 'abstain' && (await this.enabled());
  }

  /** The logged question (redacted) for the form, if `actor` asked it or is in its conversation. */
  questionFor(questionId: number, actor: Actor): Promise<string | undefined> {
    return this.deps.questions.questionIfAllowed(questionId, {
      channel: actor.platform,
      userId: actor.userId,
      conversationId: actor.conversationId,
    });
  }

  /** The ticket `actor` already sent for the logged question `questionId` (one ticket per question and asker). */
  async sentTicket(questionId: number, actor: Actor): Promise<number | undefined> {
    try {
      return await this.deps.tickets.sentFor(questionId, actor.platform, actor.userId);
    } catch (e) {
      // The database away: the form opens, and sending it says the ticket cannot be stored now.
      if (isConnectionError(e)) return undefined;
      throw e;
    }
  }

  /**
   * Sends a question to the desk. The asker's `address` is what their platform needs to reach them privately. A
   * logged question becomes one ticket per asker: sent again, the first ticket's id comes back as `already`.
   */
  async escalate(input: {
    asker: Actor & { address: unknown };
    question: string;
    context: string;
    questionId?: number;
  }): Promise<EscalateResult> {
    const desk = await this.desk();
    if (!desk || !(await this.enabled())) return { result: 'disabled' };
    let question: string;
    let context: string;
    try {
      question = cleanText(input.question, 'Frågan').trim();
      context = cleanText(input.context, 'Texten').trim();
    } catch (e) {
      if (e instanceof TextRefused) return { result: 'refused' };
      throw e;
    }
    if (!question) return { result: 'empty' };
    // Before the rate limit: a form sent twice is not a second question.
    const sent = input.questionId === undefined ? undefined : await this.sentTicket(input.questionId, input.asker);
    if (sent !== undefined) return { result: 'already', ticketId: sent };
    const engine = this.deps.knowledge.engine;
    // Clinical questions stay refused: neither the question nor the added context may be clinical or describe a
    // patient (the guard's patient rule reads both, after cleaning).
    if ([question, context].some((t) => t && engine.guard.check(t)?.kind === 'clinical') || engine.ask(question).kind === 'clinical')
      return { result: 'clinical' };
    if (!(await this.deps.allow(`${input.asker.platform}:${input.asker.userId}:ticket`))) return { result: 'limited' };
    const answer = engine.ask(redact(question));
    const botReply = answer.answered
      ? `Svarade: ${answer.answer}`
      : answer.suggestions.length
        ? `Inget säkert svar. Föreslog: ${answer.suggestions.join(' · ')}`
        : 'Inget säkert svar.';
    let ticketId: number;
    try {
      // The logged question is linked only when it exists and the asker may see it (it came from their own reply).
      const questionId =
        input.questionId !== undefined && (await this.questionFor(input.questionId, input.asker)) !== undefined
          ? input.questionId
          : undefined;
      const stored = await this.deps.tickets.createOnce({
        channel: input.asker.platform,
        question,
        context,
        botReply,
        questionId,
        asker: { platform: input.asker.platform, userId: input.asker.userId, name: input.asker.name, address: input.asker.address },
        desk: `${desk.platform}:${desk.channel}`,
      });
      // Sent twice at once (two replicas, two clicks): the other request stored it.
      if (!stored.created) return { result: 'already', ticketId: stored.id };
      ticketId = stored.id;
    } catch (e) {
      if (!isConnectionError(e)) throw e;
      this.deps.log.error('support ticket could not be stored: the database is unreachable', { from: input.asker.platform });
      return { result: 'unavailable' };
    }
    this.deps.log.info('support ticket created', { ticket: ticketId, from: input.asker.platform, desk: desk.platform });
    const delivered = await this.post(ticketId);
    return { result: delivered ? 'sent' : 'undelivered', ticketId };
  }

  /** Posts (or re-posts) a ticket's card to the desk; false when the desk could not be reached (kept for the console). */
  private async post(ticketId: number): Promise<boolean> {
    const ticket = await this.deps.tickets.get(ticketId);
    const [platform, channel] = this.split(ticket?.desk);
    const impl = platform ? this.platforms.get(platform) : undefined;
    if (!ticket || !impl || !channel) return false;
    try {
      const ref = await impl.postTicket(channel, this.view(ticket));
      await this.deps.tickets.setDelivery(ticketId, ref);
      return true;
    } catch (e) {
      await this.deps.tickets.setDelivery(ticketId, null).catch(() => {});
      this.deps.log.error('support ticket could not be posted to the desk channel; it is kept for the console', {
        ticket: ticketId,
        desk: platform,
        error: (e as Error).message,
      });
      return false;
    }
  }

  private split(desk: string | undefined): [DeskPlatformName | undefined, string | undefined] {
    const m = /^(slack|teams):(.+)$/.exec(desk ?? '');
    return m ? [m[1] as DeskPlatformName, m[2]] : [undefined, undefined];
  }

  /** Whether `actor` acts from the ticket's desk channel (ticket buttons work only there). */
  isDeskMember(ticket: Pick<Ticket, 'desk'>, actor: Actor): boolean {
    const [platform, channel] = this.split(ticket.desk);
    return (
      !!channel &&
      actor.platform === platform &&
      !!actor.conversationId &&
      baseConversation(actor.conversationId) === baseConversation(channel)
    );
  }

  /** "Jag tar den" or "Stäng", by anyone in the desk channel (recorded, also when it is not the claimant). */
  async act(ticketId: number, action: 'claim' | 'close', actor: Actor): Promise<ActResult> {
    return this.change(ticketId, action === 'claim' ? 'claimed' : 'closed', actor);
  }

  /** "Svara": stores the answer, sends it privately to the asker, and updates the card. */
  async answer(ticketId: number, actor: Actor, rawText: string): Promise<ActResult> {
    const problem = this.answerProblem(rawText);
    if (problem) return problem;
    return this.change(ticketId, 'answered', actor, cleanText(rawText).trim());
  }

  /**
   * Why a desk answer cannot be sent, before anything is done with it (so a form can stay open with the text):
   * empty, a NUL, or a patient description (the answer reaches the asker and may become an FAQ draft).
   */
  answerProblem(rawText: string): 'empty' | 'refused' | 'patient' | undefined {
    let text: string;
    try {
      text = cleanText(rawText, 'Svaret').trim();
    } catch (e) {
      if (e instanceof TextRefused) return 'refused';
      throw e;
    }
    if (!text) return 'empty';
    return this.deps.knowledge.engine.guard.describesPatient(text) ? 'patient' : undefined;
  }

  private async change(ticketId: number, status: TicketStatus, actor: Actor, answer?: string): Promise<ActResult> {
    const ticket = await this.deps.tickets.get(ticketId);
    if (!ticket) return 'unknown';
    if (!this.isDeskMember(ticket, actor)) {
      this.deps.log.warn('support ticket action refused: not in the desk channel', {
        ticket: ticketId,
        action: status,
        platform: actor.platform,
      });
      return 'forbidden';
    }
    if (ticket.status === 'closed') return 'closed';
    if (ticket.status === 'answered' && status !== 'closed') return 'already-answered';
    // The store decides again inside its transaction (a second replica may have moved the ticket meanwhile).
    if (!(await this.deps.tickets.transition(ticketId, status, actor, answer))) {
      const now = await this.deps.tickets.get(ticketId);
      return now?.status === 'answered' ? 'already-answered' : 'closed';
    }
    const updated = (await this.deps.tickets.get(ticketId)) as Ticket;
    let result: ActResult = 'ok';
    if (status === 'answered') {
      const platform = this.platforms.get(updated.channel as DeskPlatformName);
      try {
        if (!platform || !updated.asker) throw new Error(`${updated.channel} is not running`);
        await platform.deliverAnswer(updated.asker.address, this.view(updated, answer));
        await this.deps.tickets.setAnswerDelivered(ticketId, true);
      } catch (e) {
        result = 'undelivered';
        this.deps.log.error('support answer could not be delivered to the asker', { ticket: ticketId, error: (e as Error).message });
      }
    }
    await this.refresh(updated);
    this.deps.log.info('support ticket changed', { ticket: ticketId, status, delivered: result === 'ok' });
    return result;
  }

  /** Updates the ticket card in the desk channel in place. */
  private async refresh(ticket: Ticket): Promise<void> {
    const [platform, channel] = this.split(ticket.desk);
    const impl = platform ? this.platforms.get(platform) : undefined;
    if (!impl || !channel || !ticket.deskRef) return;
    try {
      await impl.updateTicket(channel, ticket.deskRef, this.view((await this.deps.tickets.get(ticket.id)) as Ticket));
    } catch (e) {
      this.deps.log.error('support ticket card could not be updated', { ticket: ticket.id, error: (e as Error).message });
    }
  }

  ticket(id: number): Promise<Ticket | undefined> {
    return this.deps.tickets.get(id);
  }

  /** The Swedish view of a ticket for cards; `answer` overrides the stored (redacted) answer for delivery. */
  view(t: Ticket, answer?: string): TicketView {
    const last = t.events.at(-1);
    const by = (s: TicketStatus) => [...t.events].reverse().find((e) => e.status === s)?.by ?? null;
    return {
      id: t.id,
      status: t.status,
      statusLabel: TICKET_STATUS[t.status],
      question: t.question,
      context: t.context,
      askerName: t.asker?.name ?? 'okänd',
      askedOn: ASKED_ON[t.channel],
      askedAt: when(t.ts),
      botReply: t.botReply,
      lastChange: last ? `${TICKET_STATUS[last.status]}${last.by && last.status !== 'open' ? ` av ${last.by}` : ''} ${when(last.ts)}` : '',
      claimedBy: by('claimed'),
      answeredBy: by('answered'),
      // The desk sees what was sent (its own text); the plain column holds it redacted.
      answer: answer ?? t.sentAnswer ?? t.answer,
      closed: t.status === 'closed',
    };
  }
}

/**
 * Teams activities -> the chat port -> messages and Adaptive Cards. Personal chat, and channels and group chats when
 * @mentioned (the mention is stripped); answers as text with citations and Teams' own 👍/👎 (the message/submitAction
 * invoke); card buttons (Action.Submit) and suggested actions ask a suggested question; a welcome card on install; a
 * search-based messaging extension that inserts an FAQ answer with its source.
 */
import {
  type Activity,
  CardFactory,
  type InvokeResponse,
  MessageFactory,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import {
  type Actor,
  type AskContext,
  type ChatPort,
  type ChosenFrom,
  cleanText,
  displayName,
  ESCALATE_REPLY,
  FEEDBACK_MESSAGES,
  type FeedbackResult,
  MESSAGES,
  TICKET_REPLY,
} from '../../src/index';
import type { AdapterHost, Logger } from '../../src/service/main';
import {
  type AnswerCardState,
  answerCard,
  answerSummary,
  type CardAttachment,
  escalateCard,
  faqCard,
  noticeCard,
  type SubmitData,
  summaryOf,
  welcomeCard,
} from './card';
import { answerMessages } from './message';

export const REQUEST_ID = 'faktabot.requestId';
/** A message for the desk command, in a Teams channel. */
const SET_DESK = /^\s*ställ in supportkanal\s*$/i;

/** A card as an activity, with its first words as the summary that notifications and chat previews show. */
export function cardActivity(attachment: CardAttachment, summary: string): Partial<Activity> {
  return { ...MessageFactory.attachment(attachment), summary: summaryOf(summary) };
}
const FEEDBACK_REPLY: Record<Exclude<FeedbackResult, 'saved'> | 'failed', string> = {
  unknown: FEEDBACK_MESSAGES.notSaved,
  failed: FEEDBACK_MESSAGES.notSaved,
  forbidden: FEEDBACK_MESSAGES.forbidden('samtal'),
};
/** An activity id as a card's data carries it back: a short string, or nothing. */
const activityId = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : undefined);
/** Teams' own 👍/👎 (channelData.feedbackLoop) as the message/submitAction invoke carries it. */
interface NativeFeedback {
  actionName?: unknown;
  actionValue?: { reaction?: unknown; feedback?: unknown };
}
/**
 * The comment typed in Teams' feedback form: `feedback` is a JSON string holding `feedbackText`; a string that is not
 * JSON is the comment itself (the Agents Playground sends it so).
 */
function feedbackComment(feedback: unknown): string {
  if (typeof feedback !== 'string' || !feedback) return '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(feedback);
  } catch {
    return feedback;
  }
  const text = (parsed as { feedbackText?: unknown } | null)?.feedbackText;
  return typeof text === 'string' ? text : '';
}
/** The redraw state an answer card's button carried (AnswerCardState), read from what a client sent. */
const cardState = (v: Partial<AnswerCardState>): AnswerCardState => ({
  ...(v.asked === true ? { asked: true } : {}),
  ...(v.voted === true ? { voted: true } : {}),
  ...(v.inText === true ? { inText: true } : {}),
});

export class FaktabotTeamsBot extends TeamsActivityHandler {
  private readonly port: ChatPort;
  private readonly log: Logger;

  constructor(host: Pick<AdapterHost, 'port' | 'log'>) {
    super();
    this.port = host.port;
    this.log = host.log;

    this.onMessage(async (context, next) => {
      const value = context.activity.value as Partial<SubmitData> | undefined;
      const text = messageText(context);
      if (value && typeof value === 'object' && (!context.activity.text || typeof value.faktabot === 'string'))
        await this.onSubmit(context, value);
      else if (!text && context.activity.attachments?.length) {
        // A card someone inserted (the messaging extension's answer) or pasted: nothing was asked.
        this.log.debug('teams: a message with only a card, not a question', { requestId: context.turnState.get(REQUEST_ID) });
      } else if (SET_DESK.test(text)) await this.setDesk(context);
      else await this.answer(context, text, await this.offeredBefore(context, text));
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) await this.welcome(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      if (context.activity.conversation.conversationType === 'personal') await this.welcome(context);
      await next();
    });
  }

  /** Who asks, and where: the Teams user and conversation (others in it may then give feedback). */
  private askContext(context: TurnContext): AskContext {
    return {
      channel: 'teams',
      userId: userOf(context),
      conversationId: context.activity.conversation?.id,
      requestId: context.turnState.get(REQUEST_ID),
    };
  }

  /**
   * A message that is one of the "Menade du…?" questions the conversation's latest answer offered as suggested
   * actions (a click sends it as the user's own message): asked as a click on it, so that the choice is recorded.
   */
  private async offeredBefore(context: TurnContext, text: string): Promise<{ from: ChosenFrom; shown: true } | undefined> {
    if (context.activity.conversation?.conversationType !== 'personal' || !text) return undefined;
    const latest = await this.port.repliedTo(undefined, this.askContext(context));
    if (latest === undefined) return undefined;
    const offered = await this.port.loggedAnswer(latest, this.askContext(context));
    return offered.suggestions.includes(text) ? { from: { questionId: latest, kind: 'suggestion' }, shown: true } : undefined;
  }

  /** A message's question, or a clicked one (`clicked`; `from` is the logged question whose reply offered it). */
  private async answer(context: TurnContext, question: string, clicked?: { from?: ChosenFrom; shown?: true }): Promise<void> {
    const { answer, questionId } = clicked
      ? await this.port.choose(question, clicked.from, this.askContext(context))
      : await this.port.ask(question, this.askContext(context));
    if (answer.kind === 'smalltalk' && answer.suggestions.length) {
      // The welcome card lists the examples under a heading of its own: the reply's line that introduces them goes.
      const intro = answer.answer.endsWith(MESSAGES.examplesIntro)
        ? answer.answer.slice(0, -MESSAGES.examplesIntro.length).trimEnd()
        : answer.answer;
      await context.sendActivity(cardActivity(this.welcomeAttachment(intro), intro));
      return;
    }
    const escalate = questionId !== undefined && (await this.port.support.offers(answer));
    // A clicked question heads the answer, unless the chat shows it already as the user's message.
    const asked = clicked && !clicked.shown ? question : undefined;
    const { text, card } = answerMessages(answer, {
      questionId,
      escalate,
      asked,
      personal: context.activity.conversation?.conversationType === 'personal',
      opening: (id) => this.port.sectionOpening(id),
    });
    const [sent] = await context.sendActivities(card ? [text, card] : [text]);
    // Teams' own feedback names the message it was given on: which logged question that message answered.
    // (A client that gives no id, such as the Agents Playground, names no message either: the latest answer counts.)
    if (questionId !== undefined) await this.port.rememberReply(sent?.id, questionId, this.askContext(context));
  }

  private actor(context: TurnContext): Actor {
    return {
      platform: 'teams',
      userId: userOf(context) ?? 'anonymous',
      name: displayName(context.activity.from?.name ?? '') || 'okänd',
      conversationId: context.activity.conversation?.id,
    };
  }

  /** Replaces the message the button was on (in place), or sends a new one where that is not possible. */
  private async replaceCard(context: TurnContext, activity: Partial<Activity>): Promise<void> {
    if (!(await this.updateCard(context, context.activity.replyToId, activity))) await context.sendActivity(activity);
  }

  /** Updates the bot's message `id` in this conversation in place; false (logged) where that is not possible. */
  private async updateCard(context: TurnContext, id: string | undefined, activity: Partial<Activity>): Promise<boolean> {
    if (!id) return false;
    try {
      await context.updateActivity({ ...activity, id, type: 'message' });
      return true;
    } catch (e) {
      this.log.warn('teams: could not update a card in place', {
        error: (e as Error).message,
        requestId: context.turnState.get(REQUEST_ID),
      });
      return false;
    }
  }

  /**
   * An answer card drawn again from its logged question, as its buttons' `state` says it was (its heading, a vote
   * given, the answer in a message above it), with `change` applied: a vote, or the question sent to the desk. Its
   * summary stays the answer's: a notification or preview should not turn into "Tack för återkopplingen!".
   */
  private async redrawn(
    context: TurnContext,
    questionId: number,
    state: AnswerCardState,
    change: { voted?: { helpful: boolean; desk: boolean }; sent?: boolean },
  ): Promise<Partial<Activity>> {
    const answer = await this.port.loggedAnswer(questionId, this.askContext(context));
    const voted = change.voted ?? (state.voted ? { helpful: false, desk: true } : undefined);
    const card = answerCard(answer, {
      questionId,
      ...(state.asked ? { asked: answer.question } : {}),
      ...(voted ? { voted } : {}),
      ...(change.sent ? { sent: true } : {}),
      ...(state.inText ? { inText: true } : {}),
    });
    return cardActivity(card, answerSummary(answer));
  }

  /** "@Faktabot ställ in supportkanal" in a Teams channel makes it the support desk (unless SUPPORT_CHANNEL pins another). */
  private async setDesk(context: TurnContext): Promise<void> {
    const conversation = context.activity.conversation;
    if (conversation?.conversationType !== 'channel') {
      await context.sendActivity('Skriv kommandot i supportens kanal i Teams, där ärendena ska hamna.');
      return;
    }
    const reference = TurnContext.getConversationReference(context.activity);
    const channelId = conversation.id.split(';')[0] as string;
    // The channel's address only: not who wrote the command.
    const stored = { ...reference, activityId: undefined, user: undefined, conversation: { ...reference.conversation, id: channelId } };
    const r = await this.port.support.setTeamsDesk(channelId, stored, this.actor(context));
    // Only what the desk's members need: the setting that pins the channel is for operations, in the service log.
    await context.sendActivity(
      r === 'saved'
        ? 'Klart: den här kanalen är nu supportens kanal. Frågor som skickas med ”Fråga supporten” hamnar här.'
        : 'Supportens kanal är låst av inställningen SUPPORT_CHANNEL och kan inte ändras härifrån.',
    );
  }

  private async onSubmit(context: TurnContext, value: Partial<SubmitData>): Promise<void> {
    if (value.faktabot === 'ask' && typeof value.question === 'string') {
      const from = Number.isInteger(value.from)
        ? { questionId: value.from as number, kind: value.kind === 'related' ? ('related' as const) : ('suggestion' as const) }
        : undefined;
      return this.answer(context, value.question, { from });
    }
    if (value.faktabot === 'feedback' && typeof value.helpful === 'boolean' && Number.isInteger(value.questionId))
      return this.feedback(context, value.questionId as number, value.helpful, cardState(value));
    if (value.faktabot === 'escalate-form') return this.escalateForm(context, value.questionId, cardState(value));
    if (value.faktabot === 'escalate') return this.escalate(context, value as Extract<SubmitData, { faktabot: 'escalate' }>);
    if (value.faktabot === 'ticket' && Number.isInteger(value.ticketId) && ['claim', 'answer', 'close'].includes(String(value.action)))
      return this.ticket(context, value as Extract<SubmitData, { faktabot: 'ticket' }>);
    this.log.warn('teams: unknown card action', { requestId: context.turnState.get(REQUEST_ID) });
    await context.sendActivity('Jag känner inte igen den knappen. Skriv din fråga istället.');
  }

  /**
   * 👍/👎: saved, the answer card is redrawn in place (buttons gone, a line saying what happens now, its heading
   * kept); otherwise the voter is told why not.
   */
  private async feedback(context: TurnContext, questionId: number, helpful: boolean, state: AnswerCardState): Promise<void> {
    const { result, offerSupport } = await this.port.feedback(questionId, helpful, this.askContext(context));
    if (result !== 'saved') {
      await context.sendActivity(FEEDBACK_REPLY[result]);
      return;
    }
    const sent = (await this.port.support.sentTicket(questionId, this.actor(context))) !== undefined;
    await this.replaceCard(context, await this.redrawn(context, questionId, state, { voted: { helpful, desk: offerSupport }, sent }));
  }

  /**
   * Teams' own 👍/👎 with its comment (the message/submitAction invoke): recorded as a card vote is, on the logged
   * question the message answered. Teams thanks the voter itself; after 👎 where a desk is set the answer is redrawn
   * with "Fråga supporten", and a vote that cannot be stored gets a reply saying why.
   */
  private async nativeFeedback(context: TurnContext, value: NativeFeedback): Promise<void> {
    const reaction = value.actionValue?.reaction;
    if (value.actionName !== 'feedback' || (reaction !== 'like' && reaction !== 'dislike')) throw new Error('not a feedback action');
    const helpful = reaction === 'like';
    const questionId = await this.port.repliedTo(activityId(context.activity.replyToId), this.askContext(context));
    if (questionId === undefined) {
      this.log.info('teams: feedback on a message the bot does not know', { requestId: context.turnState.get(REQUEST_ID) });
      await context.sendActivity(FEEDBACK_REPLY.unknown);
      return;
    }
    const comment = feedbackComment(value.actionValue?.feedback);
    const { result, offerSupport } = await this.port.feedback(questionId, helpful, this.askContext(context), comment);
    if (result !== 'saved') await context.sendActivity(FEEDBACK_REPLY[result]);
    else if (offerSupport && (await this.port.support.sentTicket(questionId, this.actor(context))) === undefined) {
      // The answer is a message of text: "Fråga supporten" comes as a card of its own, under what a 👎 leads to.
      const answer = await this.port.loggedAnswer(questionId, this.askContext(context));
      const offer = answerCard({ ...answer, suggestions: [], related: [] }, { questionId, inText: true, voted: { helpful, desk: true } });
      await context.sendActivity(cardActivity(offer, answerSummary(answer)));
    }
  }

  /**
   * "Fråga supporten": the form, which remembers the answer card it came from. A question its asker already sent
   * gets no second form: the card shows it as sent.
   */
  private async escalateForm(context: TurnContext, questionId: number | undefined, state: AnswerCardState): Promise<void> {
    if (!(await this.port.support.enabled())) return void (await context.sendActivity(ESCALATE_REPLY.disabled));
    const id = Number.isInteger(questionId) ? (questionId as number) : undefined;
    if (id !== undefined && (await this.port.support.sentTicket(id, this.actor(context))) !== undefined) {
      await this.updateCard(context, context.activity.replyToId, await this.redrawn(context, id, state, { sent: true }));
      await context.sendActivity(ESCALATE_REPLY.already);
      return;
    }
    const question = id === undefined ? '' : ((await this.port.support.questionFor(id, this.actor(context))) ?? '');
    const form = escalateCard({ questionId: id, question, card: context.activity.replyToId, state });
    await context.sendActivity(cardActivity(form, 'Fråga supporten'));
  }

  private async escalate(context: TurnContext, value: Extract<SubmitData, { faktabot: 'escalate' }>): Promise<void> {
    const question = typeof value.question === 'string' ? value.question.slice(0, 4000) : '';
    const details = typeof value.context === 'string' ? value.context.slice(0, 4000) : '';
    const a = context.activity;
    const address = {
      reference: TurnContext.getConversationReference(a),
      user: { id: a.from?.id, aadObjectId: a.from?.aadObjectId, name: a.from?.name },
      tenantId: a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id,
      serviceUrl: a.serviceUrl,
      conversationType: a.conversation?.conversationType,
    };
    const r = await this.port.support.escalate({
      asker: { ...this.actor(context), address },
      question,
      context: details,
      questionId: Number.isInteger(value.questionId) ? value.questionId : undefined,
    });
    const text = ESCALATE_REPLY[r.result];
    await this.replaceCard(context, cardActivity(noticeCard(text), text));
    // The answer card the form came from: "Fråga supporten" gives way to a line saying the question is sent.
    const card = activityId(value.card);
    if ('ticketId' in r && card && Number.isInteger(value.questionId)) {
      await this.updateCard(context, card, await this.redrawn(context, value.questionId as number, cardState(value), { sent: true }));
    }
  }

  private async ticket(context: TurnContext, value: Extract<SubmitData, { faktabot: 'ticket' }>): Promise<void> {
    const actor = this.actor(context);
    const r =
      value.action === 'answer'
        ? await this.port.support.answer(value.ticketId, actor, typeof value.answer === 'string' ? value.answer.slice(0, 3000) : '')
        : await this.port.support.act(value.ticketId, value.action, actor);
    // Success shows on the ticket card itself (updated in place by the desk); only a refusal gets a reply.
    if (r !== 'ok') await context.sendActivity(TICKET_REPLY[r]);
  }

  private welcomeAttachment(intro: string) {
    const { url, published } = this.port.about();
    return welcomeCard(intro, [...this.port.examples()], { url, published });
  }

  /**
   * Once per conversation: a personal install sends both installationUpdate and conversationUpdate (in either order,
   * to either replica), and the port lets one of them welcome.
   */
  private async welcome(context: TurnContext): Promise<void> {
    if (!(await this.port.firstWelcome('teams', context.activity.conversation?.id ?? ''))) return;
    const intro =
      'Hej! Jag svarar kort på frågor om VGR:s beslut om IT-stöd för IVA och anestesi och Millennium, och visar alltid källa och datum.';
    await context.sendActivity(cardActivity(this.welcomeAttachment(intro), intro));
  }

  /** "Sök i faktabanken": FAQ answers matching the typed words, each as a card with its source. */
  protected async handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    const text = String(query.parameters?.find((p) => p.name === 'searchQuery')?.value ?? '').trim();
    const initialRun = !!query.parameters?.some((p) => p.name === 'initialRun');
    // The same limits as a question: a length cap before any analysis, and the user's rate limit.
    const search = await this.port.searchFaq(text, initialRun, this.askContext(context));
    if ('refused' in search) return messageResponse(search.refused);
    const attachments = search.found.map((hit) => ({
      ...faqCard(hit, hit.source),
      preview: CardFactory.thumbnailCard(hit.question, summaryOf(hit.answer, 120)),
    }));
    return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
  }

  /** Invokes the bot does not handle get a clear 4xx/501 with a message, never an exception. */
  protected async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    try {
      if (context.activity.name === 'message/submitAction') {
        await this.nativeFeedback(context, (context.activity.value ?? {}) as NativeFeedback);
        // Teams refuses any body on this invoke's reply.
        return { status: 200 };
      }
      const response = await super.onInvokeActivity(context);
      if (response.status === 501)
        return { status: 501, body: { code: 'NotImplemented', message: `Faktabot hanterar inte "${context.activity.name ?? ''}".` } };
      return response;
    } catch (e) {
      this.log.debug('teams: invoke rejected', {
        name: context.activity.name,
        error: (e as Error).message,
        requestId: context.turnState.get(REQUEST_ID),
      });
      return { status: 400, body: { code: 'BadRequest', message: 'Faktabot kunde inte tolka begäran.' } };
    }
  }
}

/** The user's id for hashing: the Entra object id when Teams gives one, else the channel account id. */
function userOf(context: TurnContext): string | undefined {
  return context.activity.from?.aadObjectId ?? context.activity.from?.id;
}

/** A messaging-extension reply that is a short text instead of results. */
function messageResponse(text: string): MessagingExtensionResponse {
  return { composeExtension: { type: 'message', text } };
}

/** The message text with the bot's @mention removed (channels and group chats). */
function messageText(context: TurnContext): string {
  return stripMentions(context.activity.text ?? '', context.activity.entities ?? [], context.activity.recipient?.id);
}

const MAX_TEAMS_TEXT = 4000;

/**
 * Removes the bot's mentions (`<at>Faktabot</at>`, as named by the activity's mention entities) and every other tag
 * from a message: a card pasted or inserted into the chat arrives as markup (`<span class="inline-compose-card" …>`).
 * Linear in the text: each pattern stops at the next "<" (or after 500 characters) from every start.
 */
export function stripMentions(raw: string, entities: readonly unknown[], botId: string | undefined): string {
  // Longer than any question: left as it is, refused as too long by the engine (as Slack's reading does).
  if (raw.length > MAX_TEAMS_TEXT) return raw;
  // The cleaning path first (clean.ts): \s below would turn a BOM or a no-break space inside a number into a gap.
  // A NUL is left for the service, which refuses the question.
  let out = raw.includes('\u0000') ? raw : cleanText(raw);
  for (const e of entities) {
    const m = e as { type?: string; mentioned?: { id?: string }; text?: string };
    if (m.type === 'mention' && m.mentioned?.id === botId && m.text) out = out.split(m.text).join(' ');
  }
  return out
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/<\/?[a-zA-Z][^<>]{0,500}>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

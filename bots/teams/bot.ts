/**
 * Teams activities -> core -> Adaptive Cards. Personal chat, and channels and group chats when @mentioned (the
 * mention is stripped); card buttons (Action.Submit) ask a suggested question or record feedback; a welcome card on
 * install; a search-based messaging extension that inserts an FAQ answer with its source.
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
import { notice } from '../../src/answer/answer';
import { MAX_QUESTION_LENGTH } from '../../src/answer/engine';
import { MESSAGES } from '../../src/answer/messages';
import type { Service } from '../../src/service/server';
import { type Actor, ESCALATE_REPLY, TICKET_REPLY } from '../../src/service/support';
import { displayName } from '../../src/store/names';
import type { FeedbackResult } from '../../src/store/questions';
import { cleanText } from '../../src/text/clean';
import {
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

export const REQUEST_ID = 'faktabot.requestId';
/** A message for the desk command, in a Teams channel. */
const SET_DESK = /^\s*ställ in supportkanal\s*$/i;

/** A card as an activity, with its first words as the summary that notifications and chat previews show. */
export function cardActivity(attachment: CardAttachment, summary: string): Partial<Activity> {
  return { ...MessageFactory.attachment(attachment), summary: summaryOf(summary) };
}
const FEEDBACK_REPLY: Record<FeedbackResult | 'failed', string> = {
  saved: 'Tack för återkopplingen!',
  unknown: 'Återkopplingen kunde inte sparas.',
  failed: 'Återkopplingen kunde inte sparas.',
  forbidden: 'Bara den som frågade, eller någon i samma samtal, kan lämna återkoppling på svaret.',
};

export class FaktabotTeamsBot extends TeamsActivityHandler {
  constructor(private readonly service: Service) {
    super();

    this.onMessage(async (context, next) => {
      const value = context.activity.value as Partial<SubmitData> | undefined;
      const text = messageText(context);
      if (value && typeof value === 'object' && (!context.activity.text || typeof value.faktabot === 'string'))
        await this.onSubmit(context, value);
      else if (!text && context.activity.attachments?.length) {
        // A card someone inserted (the messaging extension's answer) or pasted: nothing was asked.
        this.service.log.debug('teams: a message with only a card, not a question', { requestId: context.turnState.get(REQUEST_ID) });
      } else if (SET_DESK.test(text)) await this.setDesk(context);
      else await this.answer(context, text);
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

  private get engine() {
    return this.service.knowledge.engine;
  }

  private async answer(
    context: TurnContext,
    question: string,
    from?: { questionId: number; kind: 'suggestion' | 'related' },
    clicked = false,
  ): Promise<void> {
    const { answer, questionId } = await this.service.choose(question, from, {
      channel: 'teams',
      userId: userOf(context),
      conversationId: context.activity.conversation?.id,
      requestId: context.turnState.get(REQUEST_ID),
    });
    if (answer.kind === 'smalltalk' && answer.suggestions.length) {
      const intro = answer.answer.replace(/\s*Du kan till exempel fråga:$/, '');
      await context.sendActivity(cardActivity(this.welcomeAttachment(intro), intro));
      return;
    }
    const escalate = questionId !== undefined && (await this.service.support.offers(answer));
    const asked = clicked ? question : undefined;
    await context.sendActivity(cardActivity(answerCard(answer, { questionId, escalate, asked }), answerSummary(answer)));
  }

  private actor(context: TurnContext): Actor {
    return {
      platform: 'teams',
      userId: userOf(context) ?? 'anonymous',
      name: displayName(context.activity.from?.name ?? '') || 'okänd',
      conversationId: context.activity.conversation?.id,
    };
  }

  /** Replaces the card the button was on (in place), or sends a new one where that is not possible. */
  private async replaceCard(context: TurnContext, attachment: CardAttachment, summary: string): Promise<void> {
    const id = context.activity.replyToId;
    if (id) {
      try {
        await context.updateActivity({ ...cardActivity(attachment, summary), id, type: 'message' });
        return;
      } catch (e) {
        this.service.log.warn('teams: could not update a card in place', {
          error: (e as Error).message,
          requestId: context.turnState.get(REQUEST_ID),
        });
      }
    }
    await context.sendActivity(cardActivity(attachment, summary));
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
    const r = await this.service.support.setTeamsDesk(channelId, stored, this.actor(context));
    await context.sendActivity(
      r === 'saved'
        ? `Klart: den här kanalen är nu supportens kanal. Frågor som skickas med ”Fråga supporten” hamnar här. Vill ni låsa den med en inställning är värdet SUPPORT_CHANNEL=teams:${channelId}`
        : 'Supportens kanal är låst av inställningen SUPPORT_CHANNEL och kan inte ändras härifrån.',
    );
  }

  private async onSubmit(context: TurnContext, value: Partial<SubmitData>): Promise<void> {
    if (value.faktabot === 'ask' && typeof value.question === 'string') {
      const from = Number.isInteger(value.from)
        ? { questionId: value.from as number, kind: value.kind === 'related' ? ('related' as const) : ('suggestion' as const) }
        : undefined;
      return this.answer(context, value.question, from, true);
    }
    if (value.faktabot === 'feedback' && typeof value.helpful === 'boolean' && Number.isInteger(value.questionId)) {
      let result: FeedbackResult | 'failed' = 'unknown';
      const userId = userOf(context);
      try {
        if (userId)
          result = await this.service.questions.feedback(value.questionId as number, value.helpful, {
            channel: 'teams',
            userId,
            conversationId: context.activity.conversation?.id,
          });
      } catch (e) {
        result = 'failed';
        this.service.log.error('teams feedback could not be saved', {
          error: (e as Error).message,
          requestId: context.turnState.get(REQUEST_ID),
        });
      }
      if (result === 'forbidden') this.service.log.info('teams feedback refused: the voter neither asked nor is in the conversation');
      if (result !== 'saved') {
        await context.sendActivity(FEEDBACK_REPLY[result]);
        return;
      }
      // Saved: the answer card is updated in place (buttons gone, "Tack!"), with no new message in the conversation.
      const id = value.questionId as number;
      const clinical = (await this.service.questions.kindOf(id)) === 'clinical';
      const stored = clinical
        ? undefined
        : await this.service.questions.questionIfAllowed(id, {
            channel: 'teams',
            userId: userId as string,
            conversationId: context.activity.conversation?.id,
          });
      const answer = stored === undefined ? notice('', 'clinical', MESSAGES.clinical) : this.engine.ask(stored);
      const escalate = !value.helpful && !clinical && (await this.service.support.enabled());
      // The summary stays the answer's: a notification or preview should not turn into "Tack för återkopplingen!".
      await this.replaceCard(context, answerCard(answer, { questionId: id, feedbackDone: { escalate } }), answerSummary(answer));
      return;
    }
    if (value.faktabot === 'escalate-form') return this.escalateForm(context, value.questionId);
    if (value.faktabot === 'escalate') return this.escalate(context, value as Extract<SubmitData, { faktabot: 'escalate' }>);
    if (value.faktabot === 'ticket' && Number.isInteger(value.ticketId) && ['claim', 'answer', 'close'].includes(String(value.action)))
      return this.ticket(context, value as Extract<SubmitData, { faktabot: 'ticket' }>);
    this.service.log.warn('teams: unknown card action', { requestId: context.turnState.get(REQUEST_ID) });
    await context.sendActivity('Jag känner inte igen den knappen. Skriv din fråga istället.');
  }

  private async escalateForm(context: TurnContext, questionId: number | undefined): Promise<void> {
    if (!(await this.service.support.enabled())) return void (await context.sendActivity(ESCALATE_REPLY.disabled));
    const id = Number.isInteger(questionId) ? (questionId as number) : undefined;
    const question = id === undefined ? '' : ((await this.service.support.questionFor(id, this.actor(context))) ?? '');
    await context.sendActivity(cardActivity(escalateCard({ questionId: id, question }), 'Fråga supporten'));
  }

  private async escalate(context: TurnContext, value: Extract<SubmitData, { faktabot: 'escalate' }>): Promise<void> {
    const question = typeof value.question === 'string' ? value.question.slice(0, 4000) : '';
    const context_ = typeof value.context === 'string' ? value.context.slice(0, 4000) : '';
    const a = context.activity;
    const address = {
      reference: TurnContext.getConversationReference(a),
      user: { id: a.from?.id, aadObjectId: a.from?.aadObjectId, name: a.from?.name },
      tenantId: a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id,
      serviceUrl: a.serviceUrl,
      conversationType: a.conversation?.conversationType,
    };
    const r = await this.service.support.escalate({
      asker: { ...this.actor(context), address },
      question,
      context: context_,
      questionId: Number.isInteger(value.questionId) ? value.questionId : undefined,
    });
    const text = ESCALATE_REPLY[r.result];
    await this.replaceCard(context, noticeCard(text), text);
  }

  private async ticket(context: TurnContext, value: Extract<SubmitData, { faktabot: 'ticket' }>): Promise<void> {
    const actor = this.actor(context);
    const r =
      value.action === 'answer'
        ? await this.service.support.answer(value.ticketId, actor, typeof value.answer === 'string' ? value.answer.slice(0, 3000) : '')
        : await this.service.support.act(value.ticketId, value.action, actor);
    // Success shows on the ticket card itself (updated in place by the desk); only a refusal gets a reply.
    if (r !== 'ok') await context.sendActivity(TICKET_REPLY[r]);
  }

  private welcomeAttachment(intro: string) {
    const page = this.engine.kb.pages[0];
    return welcomeCard(intro, this.engine.ask('hjälp').suggestions, { url: page?.url ?? '', published: page?.published ?? '' });
  }

  /**
   * Once per conversation: a personal install sends both installationUpdate and conversationUpdate (in either order,
   * to either replica), and the database decides which one welcomes (a salted hash of the conversation, kept a day).
   */
  private async welcome(context: TurnContext): Promise<void> {
    const conversation = context.activity.conversation?.id ?? '';
    const key = `teams-welcome:${this.service.questions.hashUser('teams', `welcome:${conversation}`)}`;
    if (!(await this.service.claimEvent(key))) return;
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
    const initial = query.parameters?.some((p) => p.name === 'initialRun') || !text;
    // The same limits as a question: a length cap before any analysis, and the user's rate limit.
    if (text.length > MAX_QUESTION_LENGTH) return messageResponse(MESSAGES.tooLong);
    if (!initial && !(await this.service.allow(`teams:${userOf(context) ?? 'anonymous'}`))) return messageResponse(MESSAGES.rateLimited);
    const engine = this.engine;
    const entries = initial ? engine.kb.faq.slice(0, 8) : engine.searchFaq(text, 10);
    const attachments = entries.map((entry) => {
      const source = engine.sourceOf(entry.id);
      const attachment = faqCard(entry, source ?? { id: '', title: '', url: '', section: '', published: '' });
      return {
        ...attachment,
        preview: CardFactory.thumbnailCard(entry.question, summaryOf(entry.answer, 120)),
      };
    });
    return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
  }

  /** Invokes the bot does not handle get a clear 4xx/501 with a message, never an exception. */
  protected async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    try {
      const response = await super.onInvokeActivity(context);
      if (response.status === 501)
        return { status: 501, body: { code: 'NotImplemented', message: `Faktabot hanterar inte "${context.activity.name ?? ''}".` } };
      return response;
    } catch (e) {
      this.service.log.debug('teams: invoke rejected', {
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
  // Longer than any question: left as it is, refused as too long by the engine (as Slack's cleaning does).
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

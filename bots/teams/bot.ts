/**
 * Teams activities -> core -> Adaptive Cards. Personal chat, and channels and group chats when @mentioned (the
 * mention is stripped); card buttons (Action.Submit) ask a suggested question or record feedback; a welcome card on
 * install; a search-based messaging extension that inserts an FAQ answer with its source.
 */
import {
  CardFactory,
  type InvokeResponse,
  MessageFactory,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  TeamsActivityHandler,
  type TurnContext,
} from 'botbuilder';
import { MAX_QUESTION_LENGTH } from '../../src/answer/engine';
import { MESSAGES } from '../../src/answer/messages';
import type { Service } from '../../src/service/server';
import type { FeedbackResult } from '../../src/store/questions';
import { answerCard, faqCard, type SubmitData, welcomeCard } from './card';

export const REQUEST_ID = 'faktabot.requestId';
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
      if (value && typeof value === 'object' && !context.activity.text) await this.onSubmit(context, value);
      else await this.answer(context, messageText(context));
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
  ): Promise<void> {
    const { answer, questionId } = this.service.choose(question, from, {
      channel: 'teams',
      userId: userOf(context),
      conversationId: context.activity.conversation?.id,
      requestId: context.turnState.get(REQUEST_ID),
    });
    if (answer.kind === 'smalltalk' && answer.suggestions.length) {
      await context.sendActivity(
        MessageFactory.attachment(this.welcomeAttachment(answer.answer.replace(/\s*Du kan till exempel fråga:$/, ''))),
      );
      return;
    }
    await context.sendActivity(MessageFactory.attachment(answerCard(answer, { questionId })));
  }

  private async onSubmit(context: TurnContext, value: Partial<SubmitData>): Promise<void> {
    if (value.faktabot === 'ask' && typeof value.question === 'string') {
      const from = Number.isInteger(value.from)
        ? { questionId: value.from as number, kind: value.kind === 'related' ? ('related' as const) : ('suggestion' as const) }
        : undefined;
      return this.answer(context, value.question, from);
    }
    if (value.faktabot === 'feedback' && typeof value.helpful === 'boolean' && Number.isInteger(value.questionId)) {
      let result: FeedbackResult | 'failed' = 'unknown';
      const userId = userOf(context);
      try {
        if (userId)
          result = this.service.questions.feedback(value.questionId as number, value.helpful, {
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
      await context.sendActivity(FEEDBACK_REPLY[result]);
      return;
    }
    this.service.log.warn('teams: unknown card action', { requestId: context.turnState.get(REQUEST_ID) });
    await context.sendActivity('Jag känner inte igen den knappen. Skriv din fråga istället.');
  }

  private welcomeAttachment(intro: string) {
    const page = this.engine.kb.pages[0];
    return welcomeCard(intro, this.engine.ask('hjälp').suggestions, { url: page?.url ?? '', published: page?.published ?? '' });
  }

  private async welcome(context: TurnContext): Promise<void> {
    const intro =
      'Hej! Jag svarar kort på frågor om VGR:s beslut om IT-stöd för IVA och anestesi och Millennium, och visar alltid källa och datum.';
    await context.sendActivity(MessageFactory.attachment(this.welcomeAttachment(intro)));
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
    if (!initial && !this.service.allow(`teams:${userOf(context) ?? 'anonymous'}`)) return messageResponse(MESSAGES.rateLimited);
    const engine = this.engine;
    const entries = initial ? engine.kb.faq.slice(0, 8) : engine.searchFaq(text, 10);
    const attachments = entries.map((entry) => {
      const source = engine.sourceOf(entry.id);
      const attachment = faqCard(entry, source ?? { id: '', title: '', url: '', section: '', published: '' });
      return {
        ...attachment,
        preview: CardFactory.thumbnailCard(entry.question, entry.answer.length > 120 ? `${entry.answer.slice(0, 119)}…` : entry.answer),
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
 * Removes the bot's mentions (`<at>Faktabot</at>`, as named by the activity's mention entities) from a message.
 * Linear in the text: `<at>[^<]*</at>` stops at the next "<" from every start.
 */
export function stripMentions(text: string, entities: readonly unknown[], botId: string | undefined): string {
  // Longer than any question: left as it is, refused as too long by the engine (as Slack's cleaning does).
  if (text.length > MAX_TEAMS_TEXT) return text;
  let out = text;
  for (const e of entities) {
    const m = e as { type?: string; mentioned?: { id?: string }; text?: string };
    if (m.type === 'mention' && m.mentioned?.id === botId && m.text) out = out.split(m.text).join(' ');
  }
  return out
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Slack events -> core -> Block Kit. Every surface asks through the service's one `askAndLog` call, so questions
 * are logged (redacted) with a salted hash of the Slack user id, and feedback buttons reach the question log.
 */
import { type AllMiddlewareArgs, App, type LogLevel, type Receiver, type SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Answer } from '../../src/index';
import type { Logger } from '../../src/service/logger';
import type { Service } from '../../src/service/server';
import { type Actor, ESCALATE_REPLY, TICKET_REPLY, type TicketView } from '../../src/service/support';
import { displayName } from '../../src/store/names';
import type { FeedbackResult } from '../../src/store/questions';
import { cleanText, safeTextCut } from '../../src/text/clean';
import {
  ACTIONS,
  parseAskValue,
  type RenderOptions,
  renderAnswer,
  renderAnswerModal,
  renderDeliveredAnswer,
  renderEscalateModal,
  renderFeedbackDone,
  renderHome,
  renderTicket,
  VIEWS,
} from './render';

const APOLOGY = 'Förlåt, något gick fel hos Faktabot. Försök igen om en stund.';
/** The text of one input in a submitted modal; '' when it is missing or not text. */
function inputValue(view: { state?: { values?: unknown } }, block: string, action: string): string {
  const values = view.state?.values as Record<string, Record<string, { value?: unknown }> | undefined> | undefined;
  const v = values?.[block]?.[action]?.value;
  return typeof v === 'string' ? v : '';
}

/** A JSON object we put in a modal's private_metadata or a button's value; anything else reads as empty. */
function metadata(text: string | undefined): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text || '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** In the form, under the field: short, since Slack shows it there. */
const CLINICAL_FORM_ERROR = 'Kliniska frågor och patientuppgifter skickas inte vidare.';
const FEEDBACK_REPLY: Record<FeedbackResult | 'failed', string> = {
  saved: 'Tack för återkopplingen!',
  unknown: 'Återkopplingen kunde inte sparas.',
  failed: 'Återkopplingen kunde inte sparas.',
  forbidden: 'Bara den som frågade, eller någon i samma kanal, kan lämna återkoppling på svaret.',
};

/**
 * Text longer than this is no question: it is passed on unchanged, and the engine refuses it as too long (its
 * clinical guard and the redaction before storing read all of it, in linear time). Slack allows 40,000 characters.
 */
export const MAX_SLACK_TEXT = 4000;

/**
 * Slack's markup in message text -> plain question: mentions dropped, links and channel names as text. Every
 * pattern stops at the next "<" or ">", so no input makes it scan the rest of the text again from each position
 * (`<@A|` repeated 10,000 times took 0.8 s with `[^>]*`).
 */
export function cleanSlackText(raw: string): string {
  if (raw.length > MAX_SLACK_TEXT) return raw;
  // The cleaning path first (clean.ts): \s below would turn a BOM or a no-break space inside a number into a gap.
  // A NUL is left for the service, which refuses the question.
  const text = raw.includes('\u0000') ? raw : cleanText(raw);
  return text
    .replace(/<@[A-Z0-9]+(?:\|[^<>]*)?>/g, ' ')
    .replace(/<#[A-Z0-9]+\|([^<>]*)>/g, '#$1')
    .replace(/<(?:https?|mailto):[^<>|]+\|([^<>]+)>/g, '$1')
    .replace(/<((?:https?|mailto):[^<>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Bolt's logger interface on top of our JSON logger. Bolt's and the WebClient's debug output carries message text,
 * user ids and request bodies, so it is never forwarded, at any LOG_LEVEL; what Bolt says at info and above is
 * passed through redaction, with Slack ids and tokens masked, and cut short.
 */
export function boltLogger(log: Logger, level: LogLevel) {
  let current = level;
  const join = (args: unknown[]) =>
    args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' ');
  const safe = (args: unknown[]) =>
    safeTextCut(
      join(args)
        .replaceAll('\u0000', ' ')
        .replace(/xox[a-z]-[\w-]+|xapp-[\w-]+/g, '[token]')
        .replace(/\b[UWBCDGTE][A-Z0-9]{6,}\b/g, '[id]'),
      300,
    );
  return {
    debug: (..._a: unknown[]) => undefined,
    info: (...a: unknown[]) => log.info(`bolt: ${safe(a)}`),
    warn: (...a: unknown[]) => log.warn(`bolt: ${safe(a)}`),
    error: (...a: unknown[]) => log.error(`bolt: ${safe(a)}`),
    setLevel: (l: LogLevel) => {
      current = l;
    },
    getLevel: () => current,
    setName: () => undefined,
  };
}

/** fetch with a deadline, for the WebClient and response_url: a Slack that never answers must not hang a listener. */
export function fetchWithTimeout(ms: number): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(ms) });
}

export interface SlackAppOptions {
  service: Service;
  token: string;
  receiver: Receiver;
  slackApiUrl?: string;
  /** Drop events whose event_id a replica already claimed (Socket Mode; the HTTP receiver claims them itself). */
  dedupeEvents?: boolean;
}

export function createSlackApp({ service, token, receiver, slackApiUrl, dedupeEvents }: SlackAppOptions): App {
  const log = service.log;
  const app = new App({
    token,
    receiver,
    logger: boltLogger(log, 'warn' as LogLevel),
    clientOptions: {
      ...(slackApiUrl ? { slackApiUrl } : {}),
      retryConfig: { retries: 2, factor: 1, minTimeout: 200, maxTimeout: 2000 },
      timeout: service.config.outboundTimeoutMs,
      fetch: fetchWithTimeout(service.config.outboundTimeoutMs),
    },
  });

  if (dedupeEvents)
    app.use(async ({ body, next }) => {
      const eventId = (body as { event_id?: unknown }).event_id;
      if (typeof eventId === 'string' && !(await service.claimEvent(eventId))) {
        log.info('slack retry of a handled event ignored', { eventId });
        return;
      }
      await next();
    });

  const ask = (
    question: string,
    userId: string | undefined,
    conversationId: string | undefined,
  ): Promise<{ answer: Answer; questionId: number | undefined }> => service.ask(question, { channel: 'slack', userId, conversationId });
  /** An answer message, with "Fråga supporten" where the bot declined and a support desk is set. */
  const render = async (answer: Answer, options: RenderOptions = {}) =>
    renderAnswer(answer, { ...options, escalate: await service.support.offers(answer) });

  /** Posts, logging Web API errors (channel_not_found, not_in_channel, rate limits after retries) instead of throwing. */
  const post = async (what: string, call: () => Promise<unknown>): Promise<boolean> => {
    try {
      await call();
      return true;
    } catch (e) {
      const err = e as { code?: string; data?: { error?: string }; message: string };
      log.error('slack api call failed', { call: what, code: err.code, error: err.data?.error ?? err.message });
      return false;
    }
  };

  // @mention in a channel: answer in a thread. Mentions by bots (another bot, or this one quoting itself) are
  // ignored, as in DMs: two bots must not answer each other forever.
  app.event('app_mention', async ({ event, client, context }) => {
    if ('subtype' in event && event.subtype) return;
    if (('bot_id' in event && event.bot_id) || (context.botUserId && event.user === context.botUserId)) return;
    const question = cleanSlackText(event.text ?? '');
    const { answer, questionId } = await ask(question, event.user, event.channel);
    const reply = await render(answer, { questionId });
    await post('chat.postMessage', () =>
      client.chat.postMessage({ channel: event.channel, thread_ts: event.thread_ts ?? event.ts, ...reply }),
    );
  });

  // Direct message: answer in the DM. Edits, deletions, bot messages and other subtypes are ignored.
  app.message(async ({ message, client }) => {
    if (message.channel_type !== 'im') return;
    if (('subtype' in message && message.subtype) || ('bot_id' in message && message.bot_id)) return;
    const m = message as { text?: string; user?: string; channel: string; thread_ts?: string };
    const { answer, questionId } = await ask(cleanSlackText(m.text ?? ''), m.user, m.channel);
    const reply = await render(answer, { questionId });
    await post('chat.postMessage', () =>
      client.chat.postMessage({ channel: m.channel, ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}), ...reply }),
    );
  });

  // /fraga <fråga>: visible only to the asker, with a button to share it in the channel.
  app.command('/fraga', async ({ command, ack, respond }) => {
    await ack();
    const { answer, questionId } = await ask(command.text ?? '', command.user_id, command.channel_id);
    const reply = await render(answer, { questionId, share: true });
    await post('response_url', () => respond({ response_type: 'ephemeral', ...reply }));
  });

  // Message shortcut for the support desk: the agent privately sees the answer to someone else's message.
  app.shortcut('ask_faktabot', async ({ shortcut, ack, client, respond }) => {
    await ack();
    if (shortcut.type !== 'message_action') return;
    const message = shortcut.message as { text?: string; ts: string; thread_ts?: string };
    const channel = shortcut.channel.id;
    const { answer, questionId } = await ask(cleanSlackText(message.text ?? ''), shortcut.user.id, channel);
    const reply = await render(answer, { questionId, postInThread: { channel, threadTs: message.thread_ts ?? message.ts } });
    const ok = await post('chat.postEphemeral', () => client.chat.postEphemeral({ channel, user: shortcut.user.id, ...reply }));
    if (!ok) await post('response_url', () => respond({ response_type: 'ephemeral', ...reply }));
  });

  const buttonValue = (body: SlackActionMiddlewareArgs['body']): string => {
    const action = 'actions' in body ? body.actions[0] : undefined;
    return action && 'value' in action && typeof action.value === 'string' ? action.value : '';
  };

  // "Dela i kanalen": post the answer for everyone through the interaction's response_url (in_channel), which works
  // where the bot is not a member (chat.postMessage fails there with not_in_channel), then remove the private copy.
  // If Slack refuses, the user is told so.
  app.action(ACTIONS.share, async ({ ack, body, respond }) => {
    await ack();
    const answer = service.knowledge.engine.ask(buttonValue(body));
    const msg = renderAnswer(answer);
    msg.blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Delat av <@${body.user.id}> via /fraga` }] });
    if (await post('response_url (in_channel)', () => respond({ response_type: 'in_channel', replace_original: false, ...msg })))
      await post('response_url', () => respond({ delete_original: true }));
    else
      await post('response_url', () =>
        respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: 'Svaret kunde inte delas i kanalen. Kopiera det, eller nämn @Faktabot i kanalen.',
        }),
      );
  });

  // "Svara i tråden": the support agent posts the answer as a reply to the original message.
  app.action(ACTIONS.postInThread, async ({ ack, body, client, respond }) => {
    await ack();
    const value = metadata(buttonValue(body));
    if (typeof value.c !== 'string' || typeof value.t !== 'string' || typeof value.q !== 'string') {
      log.warn('slack: malformed post-in-thread button value');
      return;
    }
    const target = { c: value.c, t: value.t, q: value.q };
    const answer = service.knowledge.engine.ask(target.q);
    const msg = renderAnswer(answer);
    msg.blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Svar från Faktabot, skickat av <@${body.user.id}>` }] });
    // In the thread through the Web API (needs the bot in the channel); where it is not, through the response_url
    // (in_channel, with the thread's ts); and if both fail, the agent is told in Swedish.
    const posted =
      (await post('chat.postMessage', () => client.chat.postMessage({ channel: target.c, thread_ts: target.t, ...msg }))) ||
      (await post('response_url (in_channel)', () =>
        respond({ response_type: 'in_channel', replace_original: false, thread_ts: target.t, ...msg } as never),
      ));
    if (posted) await post('response_url', () => respond({ delete_original: true }));
    else
      await post('response_url', () =>
        respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: 'Svaret kunde inte postas i tråden. Bjud in @Faktabot till kanalen och försök igen, eller kopiera svaret.',
        }),
      );
  });

  // "Menade du…?" and related questions: clicking asks that question; the answer is shown to the clicker.
  app.action(new RegExp(`^${ACTIONS.ask}_\\d+$`), async ({ ack, body, respond }) => {
    await ack();
    const value = parseAskValue(buttonValue(body));
    const from =
      value.f !== undefined ? { questionId: value.f, kind: value.k === 'r' ? ('related' as const) : ('suggestion' as const) } : undefined;
    const { answer, questionId } = await service.choose(value.q, from, {
      channel: 'slack',
      userId: body.user.id,
      conversationId: body.channel?.id,
    });
    const reply = await render(answer, { questionId });
    await post('response_url', () => respond({ response_type: 'ephemeral', replace_original: false, ...reply }));
  });

  const feedback =
    (helpful: boolean) =>
    async ({ ack, body, respond }: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
      await ack();
      const id = Number(buttonValue(body));
      let result: FeedbackResult | 'failed' = 'unknown';
      try {
        if (Number.isInteger(id))
          result = await service.questions.feedback(id, helpful, {
            channel: 'slack',
            userId: body.user.id,
            conversationId: body.channel?.id,
          });
      } catch (e) {
        result = 'failed';
        log.error('slack feedback could not be saved', { error: (e as Error).message });
      }
      if (result === 'forbidden') log.info('slack feedback refused: the voter neither asked nor is in the conversation');
      if (result !== 'saved') {
        await post('response_url', () => respond({ response_type: 'ephemeral', replace_original: false, text: FEEDBACK_REPLY[result] }));
        return;
      }
      // Saved: the answer is updated in place (the buttons go, a thank-you line comes), no new message in the channel;
      // after 👎, "Fråga supporten" where a desk is set.
      const given = 'message' in body ? (body.message as { blocks?: unknown } | undefined)?.blocks : undefined;
      const blocks = Array.isArray(given) ? (given as Record<string, unknown>[]) : [];
      // Never for a clinical question: its refusal stays as it is.
      const escalateQuestionId =
        !helpful && (await service.support.enabled()) && (await service.questions.kindOf(id)) !== 'clinical' ? id : undefined;
      await post('response_url', () =>
        respond({
          replace_original: true,
          text: FEEDBACK_REPLY.saved,
          blocks: renderFeedbackDone(blocks, { escalateQuestionId }) as never,
        }),
      );
    };
  app.action(ACTIONS.helpful, feedback(true));
  app.action(ACTIONS.notHelpful, feedback(false));

  // App Home: what the bot knows, example questions, and the FAQ questions answered most often. Only FAQ text is
  // shown, never what staff wrote: App Home is seen by everyone in the workspace.
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const engine = service.knowledge.engine;
    const page = engine.kb.pages[0];
    let mostAsked: string[] = [];
    try {
      mostAsked = (await service.questions.mostAnswered(30, 10))
        .map((r) => engine.faqEntry(r.id)?.question)
        .filter((q): q is string => !!q)
        .slice(0, 5);
    } catch (e) {
      log.error('slack home: question log unavailable', { error: (e as Error).message });
    }
    const view = renderHome({
      faqCount: engine.kb.faq.length,
      published: page?.published ?? '',
      url: page?.url ?? '',
      examples: engine.ask('hjälp').suggestions,
      mostAsked,
    });
    await post('views.publish', () => (client as WebClient).views.publish({ user_id: event.user, view: view as never }));
  });

  // "Fråga supporten": the form, pre-filled with the logged question when the clicker may see it.
  // Who acted, by the name Slack shows for them: the profile's display name or full name (users.info, scope
  // users:read), not the handle an interaction carries. Looked up once an hour per user; without the scope, the handle.
  const names = new Map<string, { name: string; until: number }>();
  let nameWarned = false;
  const profileName = async (client: WebClient, user: { id: string; name?: string; username?: string }): Promise<string> => {
    // Each name as it is kept and shown (names.ts): a name of nothing but direction marks is no name.
    const handle = [user.name, user.username].map((n) => displayName(typeof n === 'string' ? n : '')).find(Boolean) ?? 'okänd';
    const known = names.get(user.id);
    if (known && Date.now() < known.until) return known.name;
    let name = handle;
    // A name from the profile is kept an hour; the handle after a failed look-up only a minute.
    let keep = 60_000;
    try {
      const r = (await client.users.info({ user: user.id })) as {
        user?: { real_name?: string; profile?: { display_name?: string; real_name?: string } };
      };
      const p = r.user?.profile;
      name = [p?.display_name, p?.real_name, r.user?.real_name].map((n) => displayName(n ?? '')).find(Boolean) ?? handle;
      keep = 3_600_000;
    } catch (e) {
      const code = (e as { data?: { error?: string } }).data?.error ?? (e as Error).message;
      if (!nameWarned) {
        nameWarned = true;
        log.warn(
          code === 'missing_scope'
            ? 'slack: users.info failed, so the desk sees Slack handles; add the users:read scope and reinstall the app'
            : 'slack: users.info failed, so the desk sees Slack handles until it works again',
          { error: code },
        );
      }
    }
    if (names.size >= 1000) names.delete(names.keys().next().value as string);
    names.set(user.id, { name, until: Date.now() + keep });
    return name;
  };
  const actorOf = async (
    client: WebClient,
    user: { id: string; name?: string; username?: string },
    conversationId?: string,
  ): Promise<Actor> => ({ platform: 'slack', userId: user.id, name: await profileName(client, user), conversationId });
  app.action(ACTIONS.escalate, async ({ ack, body, client, respond }) => {
    await ack();
    if (!(await service.support.enabled())) {
      await post('response_url', () => respond({ response_type: 'ephemeral', replace_original: false, text: ESCALATE_REPLY.disabled }));
      return;
    }
    const questionId = Number(buttonValue(body));
    const conversationId = body.channel?.id;
    const question = Number.isInteger(questionId)
      ? ((await service.support.questionFor(questionId, { platform: 'slack', userId: body.user.id, name: '', conversationId })) ?? '')
      : '';
    const trigger = (body as { trigger_id?: string }).trigger_id ?? '';
    const view = renderEscalateModal({ questionId: Number.isInteger(questionId) ? questionId : undefined, question, conversationId });
    await post('views.open', () => client.views.open({ trigger_id: trigger, view: view as never }));
  });

  app.view(VIEWS.escalate, async ({ ack, body, view, client }) => {
    const question = inputValue(view, 'question', 'question_input');
    const context = inputValue(view, 'context', 'context_input');
    const meta = metadata(view.private_metadata);
    const conversationId = typeof meta.c === 'string' ? meta.c : undefined;
    const engine = service.knowledge.engine;
    // Checked before the form closes, so the user sees why in the form itself.
    if (!question.trim()) return void (await ack({ response_action: 'errors', errors: { question: ESCALATE_REPLY.empty } }));
    if ([question, context].some((t) => t && engine.guard.check(t)?.kind === 'clinical'))
      return void (await ack({
        response_action: 'errors',
        errors: {
          [engine.guard.check(question)?.kind === 'clinical' ? 'question' : 'context']: CLINICAL_FORM_ERROR,
        },
      }));
    await ack();
    const r = await service.support.escalate({
      asker: { ...(await actorOf(client, body.user, conversationId)), address: { user: body.user.id } },
      question,
      context,
      questionId: Number.isInteger(meta.q) ? (meta.q as number) : undefined,
    });
    const text = ESCALATE_REPLY[r.result];
    await post('chat.postMessage', () => client.chat.postMessage({ channel: body.user.id, text }));
  });

  // Ticket buttons in the desk channel. Anyone there may claim, answer or close (recorded); anyone else is refused.
  const ticketAction =
    (action: 'claim' | 'close') =>
    async ({ ack, body, client, respond }: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
      await ack();
      const r = await service.support.act(Number(buttonValue(body)), action, await actorOf(client, body.user, body.channel?.id));
      if (r !== 'ok')
        await post('response_url', () => respond({ response_type: 'ephemeral', replace_original: false, text: TICKET_REPLY[r] }));
    };
  app.action(ACTIONS.ticketClaim, ticketAction('claim'));
  app.action(ACTIONS.ticketClose, ticketAction('close'));

  app.action(ACTIONS.ticketAnswer, async ({ ack, body, client, respond }) => {
    await ack();
    const ticket = await service.support.ticket(Number(buttonValue(body)));
    // Only who may answer, not their name: views.open must come within the trigger's 3 seconds.
    const actor: Actor = { platform: 'slack', userId: body.user.id, name: '', conversationId: body.channel?.id };
    const refuse = !ticket
      ? 'unknown'
      : !service.support.isDeskMember(ticket, actor)
        ? 'forbidden'
        : ticket.status === 'closed'
          ? 'closed'
          : undefined;
    if (refuse || !ticket) {
      if (refuse === 'forbidden') log.warn('support ticket action refused: not in the desk channel', { platform: 'slack' });
      await post('response_url', () =>
        respond({ response_type: 'ephemeral', replace_original: false, text: TICKET_REPLY[refuse ?? 'unknown'] }),
      );
      return;
    }
    const trigger = (body as { trigger_id?: string }).trigger_id ?? '';
    await post('views.open', () =>
      client.views.open({ trigger_id: trigger, view: renderAnswerModal(service.support.view(ticket), body.channel?.id ?? '') as never }),
    );
  });

  app.view(VIEWS.answer, async ({ ack, body, view, client }) => {
    const text = inputValue(view, 'answer', 'answer_input');
    const meta = metadata(view.private_metadata);
    const deskChannel = typeof meta.c === 'string' ? meta.c : undefined;
    const ticket = await service.support.ticket(Number(meta.t));
    const problem = service.support.answerProblem(text);
    if (problem) return void (await ack({ response_action: 'errors', errors: { answer: TICKET_REPLY[problem] } }));
    if (ticket?.status === 'closed' || ticket?.status === 'answered')
      return void (await ack({
        response_action: 'errors',
        errors: { answer: TICKET_REPLY[ticket.status === 'closed' ? 'closed' : 'already-answered'] },
      }));
    await ack();
    const r = await service.support.answer(Number(meta.t), await actorOf(client, body.user, deskChannel), text);
    if (r !== 'ok' && deskChannel)
      await post('chat.postEphemeral', () =>
        client.chat.postEphemeral({ channel: deskChannel, user: body.user.id, text: TICKET_REPLY[r] }),
      );
  });

  // The desk on Slack (tickets from Slack or Teams go to the desk channel), and delivery of desk answers to Slack
  // askers as a direct message from the app. Errors are thrown to the support desk, which logs and records them.
  service.support.register('slack', {
    postTicket: async (channel: string, v: TicketView) => {
      const r = await app.client.chat.postMessage({ channel, ...renderTicket(v) });
      return String(r.ts);
    },
    updateTicket: async (channel: string, ts: string, v: TicketView) => {
      await app.client.chat.update({ channel, ts, ...renderTicket(v) });
    },
    deliverAnswer: async (address: unknown, v: TicketView) => {
      const user = (address as { user?: string }).user;
      if (!user) throw new Error('no Slack user to deliver to');
      await app.client.chat.postMessage({ channel: user, ...renderDeliveredAnswer(v) });
    },
  });

  app.error(async (error) => {
    log.error('slack listener failed', { error: error.message, code: (error as { code?: string }).code });
  });

  return app;
}

export { APOLOGY };

/**
 * Slack events -> core -> Block Kit. Every surface asks through the service's one `askAndLog` call, so questions
 * are logged (redacted) with a salted hash of the Slack user id, and feedback buttons reach the question log.
 */
import { type AllMiddlewareArgs, App, type LogLevel, type Receiver, type SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Answer } from '../../src/index';
import type { Logger } from '../../src/service/logger';
import type { Service } from '../../src/service/server';
import { ACTIONS, renderAnswer, renderHome } from './render';

const APOLOGY = 'Förlåt, något gick fel hos Faktabot. Försök igen om en stund.';

/** Slack's markup in message text -> plain question: mentions dropped, links and channel names as text. */
export function cleanSlackText(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<(?:https?|mailto):[^>|]+\|([^>]+)>/g, '$1')
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Bolt's logger interface on top of our JSON logger. */
export function boltLogger(log: Logger, level: LogLevel) {
  let current = level;
  const join = (args: unknown[]) =>
    args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' ');
  return {
    debug: (...a: unknown[]) => log.debug(`bolt: ${join(a)}`),
    info: (...a: unknown[]) => log.info(`bolt: ${join(a)}`),
    warn: (...a: unknown[]) => log.warn(`bolt: ${join(a)}`),
    error: (...a: unknown[]) => log.error(`bolt: ${join(a)}`),
    setLevel: (l: LogLevel) => {
      current = l;
    },
    getLevel: () => current,
    setName: () => undefined,
  };
}

export interface SlackAppOptions {
  service: Service;
  token: string;
  receiver: Receiver;
  slackApiUrl?: string;
}

export function createSlackApp({ service, token, receiver, slackApiUrl }: SlackAppOptions): App {
  const log = service.log;
  const app = new App({
    token,
    receiver,
    logger: boltLogger(log, 'warn' as LogLevel),
    clientOptions: { ...(slackApiUrl ? { slackApiUrl } : {}), retryConfig: { retries: 2, factor: 1, minTimeout: 200, maxTimeout: 2000 } },
  });

  const ask = (question: string, userId: string | undefined): { answer: Answer; questionId: number | undefined } =>
    service.ask(question, { channel: 'slack', userId });

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

  // @mention in a channel: answer in a thread.
  app.event('app_mention', async ({ event, client }) => {
    if ('subtype' in event && event.subtype) return;
    const question = cleanSlackText(event.text ?? '');
    const { answer, questionId } = ask(question, event.user);
    await post('chat.postMessage', () =>
      client.chat.postMessage({ channel: event.channel, thread_ts: event.thread_ts ?? event.ts, ...renderAnswer(answer, { questionId }) }),
    );
  });

  // Direct message: answer in the DM. Edits, deletions, bot messages and other subtypes are ignored.
  app.message(async ({ message, client }) => {
    if (message.channel_type !== 'im') return;
    if (('subtype' in message && message.subtype) || ('bot_id' in message && message.bot_id)) return;
    const m = message as { text?: string; user?: string; channel: string; thread_ts?: string };
    const { answer, questionId } = ask(cleanSlackText(m.text ?? ''), m.user);
    await post('chat.postMessage', () =>
      client.chat.postMessage({
        channel: m.channel,
        ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
        ...renderAnswer(answer, { questionId }),
      }),
    );
  });

  // /fraga <fråga>: visible only to the asker, with a button to share it in the channel.
  app.command('/fraga', async ({ command, ack, respond }) => {
    await ack();
    const { answer, questionId } = ask(command.text ?? '', command.user_id);
    await post('response_url', () => respond({ response_type: 'ephemeral', ...renderAnswer(answer, { questionId, share: true }) }));
  });

  // Message shortcut for the support desk: the agent privately sees the answer to someone else's message.
  app.shortcut('ask_faktabot', async ({ shortcut, ack, client, respond }) => {
    await ack();
    if (shortcut.type !== 'message_action') return;
    const message = shortcut.message as { text?: string; ts: string; thread_ts?: string };
    const channel = shortcut.channel.id;
    const { answer, questionId } = ask(cleanSlackText(message.text ?? ''), shortcut.user.id);
    const reply = renderAnswer(answer, { questionId, postInThread: { channel, threadTs: message.thread_ts ?? message.ts } });
    const ok = await post('chat.postEphemeral', () => client.chat.postEphemeral({ channel, user: shortcut.user.id, ...reply }));
    if (!ok) await post('response_url', () => respond({ response_type: 'ephemeral', ...reply }));
  });

  const buttonValue = (body: SlackActionMiddlewareArgs['body']): string => {
    const action = 'actions' in body ? body.actions[0] : undefined;
    return action && 'value' in action && typeof action.value === 'string' ? action.value : '';
  };

  // "Dela i kanalen": post the answer for everyone, then remove the private copy.
  app.action(ACTIONS.share, async ({ ack, body, client, respond }) => {
    await ack();
    const channel = body.channel?.id;
    if (!channel) return;
    const answer = service.knowledge.engine.ask(buttonValue(body));
    const msg = renderAnswer(answer);
    msg.blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Delat av <@${body.user.id}> via /fraga` }] });
    if (await post('chat.postMessage', () => client.chat.postMessage({ channel, ...msg })))
      await post('response_url', () => respond({ delete_original: true }));
  });

  // "Svara i tråden": the support agent posts the answer as a reply to the original message.
  app.action(ACTIONS.postInThread, async ({ ack, body, client, respond }) => {
    await ack();
    let target: { c: string; t: string; q: string };
    try {
      target = JSON.parse(buttonValue(body));
    } catch {
      log.warn('slack: malformed post-in-thread button value');
      return;
    }
    const answer = service.knowledge.engine.ask(target.q);
    const msg = renderAnswer(answer);
    msg.blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Svar från Faktabot, skickat av <@${body.user.id}>` }] });
    if (await post('chat.postMessage', () => client.chat.postMessage({ channel: target.c, thread_ts: target.t, ...msg }))) {
      await post('response_url', () => respond({ delete_original: true }));
    }
  });

  // "Menade du…?" and related questions: clicking asks that question; the answer is shown to the clicker.
  app.action(new RegExp(`^${ACTIONS.ask}_\\d+$`), async ({ ack, body, respond }) => {
    await ack();
    const { answer, questionId } = ask(buttonValue(body), body.user.id);
    await post('response_url', () =>
      respond({ response_type: 'ephemeral', replace_original: false, ...renderAnswer(answer, { questionId }) }),
    );
  });

  const feedback =
    (helpful: boolean) =>
    async ({ ack, body, respond }: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
      await ack();
      const id = Number(buttonValue(body));
      let saved = false;
      try {
        saved = Number.isInteger(id) && service.questions.feedback(id, helpful);
      } catch (e) {
        log.error('slack feedback could not be saved', { error: (e as Error).message });
      }
      const text = saved ? 'Tack för återkopplingen!' : 'Återkopplingen kunde inte sparas.';
      await post('response_url', () => respond({ response_type: 'ephemeral', replace_original: false, text }));
    };
  app.action(ACTIONS.helpful, feedback(true));
  app.action(ACTIONS.notHelpful, feedback(false));

  // App Home: what the bot knows, example questions, most asked questions.
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const engine = service.knowledge.engine;
    const page = engine.kb.pages[0];
    let mostAsked: string[] = [];
    try {
      mostAsked = service.questions
        .review(30)
        .mostAsked.slice(0, 5)
        .map((g) => g.example);
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

  app.error(async (error) => {
    log.error('slack listener failed', { error: error.message, code: (error as { code?: string }).code });
  });

  return app;
}

export { APOLOGY };

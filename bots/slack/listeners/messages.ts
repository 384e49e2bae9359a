/**
 * Messages and mentions: where a Slack message becomes an Answer. An @mention in a channel is answered in its
 * thread (the thread is the conversation a follow-up is read in), a direct message in the DM (the DM is), where
 * the agent view shows a status while the answer is made; the text goes to the port's ask, which cleans it and
 * reads Slack's markup out.
 */
import type { App } from '@slack/bolt';
import { type ListenerDeps, messageAskContext } from './deps';

/** The DM's status while an answer is made; Slack shows it after the app's name ("Faktabot söker i faktasidan…"). */
const SEARCHING = 'söker i faktasidan…';

export function registerMessages(app: App, deps: ListenerDeps): void {
  // Mentions by bots (another bot, or this one quoting itself) are ignored, as in DMs: two bots must not answer each
  // other forever.
  app.event('app_mention', async ({ event, client, context }) => {
    if ('subtype' in event && event.subtype) return;
    if (('bot_id' in event && event.bot_id) || (context.botUserId && event.user === context.botUserId)) return;
    // The answer goes in the message's thread (a new one under a top-level mention): the thread is the conversation.
    const thread = event.thread_ts ?? event.ts;
    const { answer, questionId } = await deps.port.ask(event.text ?? '', messageAskContext(event.user, event.channel, thread));
    const reply = await deps.render(answer, { questionId });
    await deps.post('chat.postMessage', () => client.chat.postMessage({ channel: event.channel, thread_ts: thread, ...reply }));
  });

  // Direct message: answered in the DM. Edits, deletions, bot messages and other subtypes are ignored.
  app.message(async ({ message, client }) => {
    if (message.channel_type !== 'im') return;
    if (('subtype' in message && message.subtype) || ('bot_id' in message && message.bot_id)) return;
    const m = message as { text?: string; user?: string; channel: string; ts: string; thread_ts?: string };
    // The status is set beside the answer being made, not before it: a slow or refusing Slack never delays the
    // answer. It is cleared once the reply is posted, as the reply may not be in the thread the status is on.
    const status = (text: string) => () =>
      client.assistant.threads.setStatus({ channel_id: m.channel, thread_ts: m.thread_ts ?? m.ts, status: text });
    const shown = deps.optional('assistant.threads.setStatus', status(SEARCHING));
    try {
      const { answer, questionId } = await deps.port.ask(m.text ?? '', messageAskContext(m.user, m.channel));
      const reply = await deps.render(answer, { questionId });
      await deps.post('chat.postMessage', () =>
        client.chat.postMessage({ channel: m.channel, ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}), ...reply }),
      );
    } finally {
      if (await shown) await deps.optional('assistant.threads.setStatus', status(''));
    }
  });
}

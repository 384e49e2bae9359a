/**
 * Shortcuts: "Fråga Faktabot" on a message, for the support desk. The agent privately sees the answer to someone
 * else's message, with a button to post it in that message's thread.
 */
import type { App } from '@slack/bolt';
import { type ListenerDeps, messageAskContext } from './deps';

export function registerShortcuts(app: App, deps: ListenerDeps): void {
  app.shortcut('ask_faktabot', async ({ shortcut, ack, client, respond }) => {
    await ack();
    if (shortcut.type !== 'message_action') return;
    const message = shortcut.message as { text?: string; ts: string; thread_ts?: string };
    const channel = shortcut.channel.id;
    // The message is asked in its thread, whose context a follow-up there is read with.
    const thread = message.thread_ts ?? message.ts;
    const { answer, questionId } = await deps.port.ask(message.text ?? '', messageAskContext(shortcut.user.id, channel, thread));
    const reply = await deps.render(answer, { questionId, postInThread: { channel, threadTs: thread } });
    const ok = await deps.post('chat.postEphemeral', () => client.chat.postEphemeral({ channel, user: shortcut.user.id, ...reply }));
    if (!ok) await deps.post('response_url', () => respond({ response_type: 'ephemeral', ...reply }));
  });
}

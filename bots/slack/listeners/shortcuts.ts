/**
 * Shortcuts: "Fråga Faktabot" on a message, for the support desk. The agent privately sees the answer to someone
 * else's message, with a button to post it in that message's thread.
 */
import type { App } from '@slack/bolt';
import { type ListenerContext, messageContext } from './context';

export function registerShortcuts(app: App, ctx: ListenerContext): void {
  app.shortcut('ask_faktabot', async ({ shortcut, ack, client, respond }) => {
    await ack();
    if (shortcut.type !== 'message_action') return;
    const message = shortcut.message as { text?: string; ts: string; thread_ts?: string };
    const channel = shortcut.channel.id;
    const { answer, questionId } = await ctx.port.ask(message.text ?? '', messageContext(shortcut.user.id, channel));
    const reply = await ctx.render(answer, { questionId, postInThread: { channel, threadTs: message.thread_ts ?? message.ts } });
    const ok = await ctx.post('chat.postEphemeral', () => client.chat.postEphemeral({ channel, user: shortcut.user.id, ...reply }));
    if (!ok) await ctx.post('response_url', () => respond({ response_type: 'ephemeral', ...reply }));
  });
}

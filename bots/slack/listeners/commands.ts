/** Slash commands: `/fraga <fråga>` answers privately, with a button to share the answer in the channel. */
import type { App } from '@slack/bolt';
import { askContext, type ListenerDeps } from './deps';

export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command('/fraga', async ({ command, ack, respond }) => {
    await ack();
    // The private answers of /fraga are a conversation between the bot and this user in the channel.
    const ctx = { ...askContext(command.user_id, command.channel_id), thread: `fraga:${command.user_id}` };
    const { answer, questionId } = await deps.port.ask(command.text ?? '', ctx);
    const reply = await deps.render(answer, { questionId, share: true });
    await deps.post('response_url', () => respond({ response_type: 'ephemeral', ...reply }));
  });
}

/** Slash commands: `/fraga <fråga>` answers privately, with a button to share the answer in the channel. */
import type { App } from '@slack/bolt';
import { askContext, type ListenerDeps } from './deps';

export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command('/fraga', async ({ command, ack, respond }) => {
    await ack();
    const { answer, questionId } = await deps.port.ask(command.text ?? '', askContext(command.user_id, command.channel_id));
    const reply = await deps.render(answer, { questionId, share: true });
    await deps.post('response_url', () => respond({ response_type: 'ephemeral', ...reply }));
  });
}

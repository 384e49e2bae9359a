/** Slash commands: `/fraga <fråga>` answers privately, with a button to share the answer in the channel. */
import type { App } from '@slack/bolt';
import { askContext, type ListenerContext } from './context';

export function registerCommands(app: App, ctx: ListenerContext): void {
  app.command('/fraga', async ({ command, ack, respond }) => {
    await ack();
    const { answer, questionId } = await ctx.port.ask(command.text ?? '', askContext(command.user_id, command.channel_id));
    const reply = await ctx.render(answer, { questionId, share: true });
    await ctx.post('response_url', () => respond({ response_type: 'ephemeral', ...reply }));
  });
}

/**
 * App Home: what the bot knows, example questions, and the FAQ questions answered most often. Only FAQ text is
 * shown, never what staff wrote: App Home is seen by everyone in the workspace.
 */
import type { App } from '@slack/bolt';
import { renderHome } from '../render';
import type { ListenerContext } from './context';

/** "Mest frågat": the FAQ questions answered most often in this many days, at most MOST_ASKED_SHOWN. */
const MOST_ASKED_DAYS = 30;
const MOST_ASKED_SHOWN = 5;

export function registerHome(app: App, ctx: ListenerContext): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const view = renderHome({
      ...ctx.port.about(),
      examples: [...ctx.port.examples()],
      mostAsked: await ctx.port.mostAsked(MOST_ASKED_DAYS, MOST_ASKED_SHOWN),
    });
    await ctx.post('views.publish', () => client.views.publish({ user_id: event.user, view: view as never }));
  });
}

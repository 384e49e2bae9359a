/**
 * App Home: what the bot knows, example questions, and the FAQ questions answered most often. Only FAQ text is
 * shown, never what staff wrote: App Home is seen by everyone in the workspace.
 */
import type { App } from '@slack/bolt';
import { renderHome } from '../render';
import type { ListenerDeps } from './deps';

/** "Mest frågat": the FAQ questions answered most often in this many days, at most MOST_ASKED_SHOWN. */
const MOST_ASKED_DAYS = 30;
const MOST_ASKED_SHOWN = 5;

export function registerHome(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const view = renderHome({
      ...deps.port.about(),
      examples: [...deps.port.examples()],
      mostAsked: await deps.port.mostAsked(MOST_ASKED_DAYS, MOST_ASKED_SHOWN),
    });
    await deps.post('views.publish', () => client.views.publish({ user_id: event.user, view: view as never }));
  });
}

/**
 * App Home: the Home tab (what the bot knows, example questions, the FAQ questions answered most often) and, when
 * someone opens the Messages tab, the agent view's suggested prompts. Only FAQ text is shown, never what staff
 * wrote: App Home is seen by everyone in the workspace.
 */
import type { App } from '@slack/bolt';
import { renderHome, suggestedPrompts } from '../render';
import type { ListenerDeps } from './deps';

/** "Mest frågat": the FAQ questions answered most often in this many days, at most MOST_ASKED_SHOWN. */
const MOST_ASKED_DAYS = 30;
const MOST_ASKED_SHOWN = 5;
/** Slack shows at most four suggested prompts. */
const PROMPTS_SHOWN = 4;

export function registerHome(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab === 'messages') {
      // The agent messaging experience (agent_view in the manifest): the prompts belong to the DM itself, so no
      // thread_ts is sent (Slack drops a call with one for such an app). A workspace without the view refuses the
      // call; the DM works as before.
      const most = await deps.port.mostAsked(MOST_ASKED_DAYS, PROMPTS_SHOWN);
      const prompts = suggestedPrompts([...most, ...deps.port.examples()], PROMPTS_SHOWN);
      if (!prompts.prompts.length || !event.channel) return;
      await deps.optional('assistant.threads.setSuggestedPrompts', () =>
        client.assistant.threads.setSuggestedPrompts({ channel_id: event.channel, ...prompts }),
      );
      return;
    }
    if (event.tab !== 'home') return;
    const view = renderHome({
      ...deps.port.about(),
      examples: [...deps.port.examples()],
      mostAsked: await deps.port.mostAsked(MOST_ASKED_DAYS, MOST_ASKED_SHOWN),
    });
    await deps.post('views.publish', () => client.views.publish({ user_id: event.user, view: view as never }));
  });
}

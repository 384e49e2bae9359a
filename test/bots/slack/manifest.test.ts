import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../../helpers';

const manifest = parse(readFileSync(join(ROOT, 'bots', 'slack', 'manifest.yml'), 'utf8'));

describe('Slack app manifest', () => {
  it('asks for exactly the scopes the bot uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'app_mentions:read',
      'assistant:write',
      'chat:write',
      'commands',
      'im:history',
      'users:read',
    ]);
  });

  it('subscribes to the events the bot handles, and routes everything to /slack/events', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_home_opened', 'app_mention', 'message.im']);
    for (const url of [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      manifest.features.slash_commands[0].url,
    ]) {
      expect(url).toMatch(/\/slack\/events$/);
    }
  });

  it('declares /fraga, the ask_faktabot message shortcut and the home tab', () => {
    expect(manifest.features.slash_commands[0].command).toBe('/fraga');
    expect(manifest.features.shortcuts[0]).toMatchObject({ type: 'message', callback_id: 'ask_faktabot', name: 'Fråga faktaboten' });
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it("turns on Slack's agent messaging experience in the Messages tab, with what it needs", () => {
    // agent_view: the DM is the agent's; prompts come with app_home_opened (tab "messages"), which the app handles,
    // not with the assistant thread events, which such an app never receives.
    expect(manifest.features.agent_view.agent_description).toMatch(/^Svarar kort på frågor .{20,}/);
    expect(manifest.features.agent_view.agent_description.length).toBeLessThanOrEqual(200);
    expect(manifest.features).not.toHaveProperty('assistant_view');
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
    expect(manifest.oauth_config.scopes.bot).toContain('assistant:write');
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_home_opened', 'message.im']));
    expect(manifest.settings.event_subscriptions.bot_events).not.toContain('assistant_thread_started');
  });
});

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
});

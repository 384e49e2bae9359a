import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackConfigError, slackAdapters } from '../../../bots/slack/index';
import { type Adapter, adapterHost } from '../../../src/service/main';
import { type Running, startService } from '../../service/helpers';
import { FakeSlack } from './fake-slack';

describe('Slack in Socket Mode', () => {
  let slack: FakeSlack;
  let s: Running;
  let adapters: Adapter[];
  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    s = await startService({
      WATCH_KNOWLEDGE: 'false',
      SLACK_BOT_TOKEN: 'xoxb-socket-token',
      SLACK_APP_TOKEN: 'xapp-1-socket-token',
      SLACK_API_URL: slack.apiUrl,
    });
    adapters = slackAdapters(adapterHost(s.service));
    for (const a of adapters) await a.start();
  });
  afterAll(async () => {
    for (const a of adapters ?? []) await a.stop();
    await s?.stop();
    await slack?.stop();
  });

  it('opens the connection through apps.connections.open with the app token, and mounts no HTTP route', async () => {
    expect(slack.of('apps.connections.open').length).toBe(1);
    expect((await fetch(`${s.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('acks an events_api envelope and answers the mention in a thread', async () => {
    const ts = '1700000500.1';
    slack.socket!.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: 0,
        payload: {
          type: 'event_callback',
          team_id: 'T1',
          api_app_id: 'A1',
          event_id: 'EvSock1',
          event: { type: 'app_mention', user: 'U1', text: '<@UBOT> Ska IVA dokumentera i Millennium?', ts, channel: 'C3' },
          authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
        },
      }),
    );
    const msg = await slack.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts);
    expect(msg.body.text).toContain('journaldokumentation');
    expect(slack.acks).toContain('env-1');
  });

  it('answers /fraga over the socket, privately through response_url', async () => {
    slack.socket!.send(
      JSON.stringify({
        envelope_id: 'env-2',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          command: '/fraga',
          text: 'Vad står VGR för?',
          user_id: 'U2',
          channel_id: 'C3',
          team_id: 'T1',
          response_url: slack.responseUrl('sock-cmd'),
          trigger_id: 't',
        },
      }),
    );
    const [reply] = await slack.waitFor('response/sock-cmd');
    expect(reply!.body).toMatchObject({ response_type: 'ephemeral' });
    expect(reply!.body.text).toContain('Västra Götalandsregionen');
  });
});

describe('Slack settings', () => {
  it('starts without Slack and logs one line saying how to enable it', async () => {
    const s = await startService({ WATCH_KNOWLEDGE: 'false' });
    try {
      expect(slackAdapters(adapterHost(s.service))).toEqual([]);
      expect(s.logs.filter((l) => l.includes('slack: not configured')).length).toBe(1);
      expect((await fetch(`${s.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await s.stop();
    }
  });

  it.each([
    [{ SLACK_SIGNING_SECRET: 'x'.repeat(32) }, /SLACK_BOT_TOKEN is missing/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET is missing/],
    [{ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 's' }, /must be a bot token/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-wrong' }, /SLACK_APP_TOKEN must be an app-level token/],
  ])('refuses incomplete or wrong settings %#', async (env, message) => {
    const s = await startService({ WATCH_KNOWLEDGE: 'false', ...env });
    try {
      expect(() => slackAdapters(adapterHost(s.service))).toThrow(SlackConfigError);
      expect(() => slackAdapters(adapterHost(s.service))).toThrow(message);
    } finally {
      await s.stop();
    }
  });
});

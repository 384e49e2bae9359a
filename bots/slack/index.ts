/**
 * The Slack adapter: HTTP (Events API, interactivity and commands at /slack/events, signatures verified) or Socket
 * Mode when SLACK_APP_TOKEN is set. Without Slack settings it mounts nothing and logs one line saying how.
 */
import { SocketModeReceiver } from '@slack/bolt';
import type { Adapter, AdapterHost } from '../../src/service/main';
import { boltLogger, createSlackApp } from './app';
import { ServiceReceiver } from './receiver';

export interface SlackSettings {
  botToken?: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
}

export function slackSettings(env: Record<string, string>): SlackSettings {
  const apiUrl = env.SLACK_API_URL ? env.SLACK_API_URL.replace(/\/?$/, '/') : undefined;
  return { botToken: env.SLACK_BOT_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET, appToken: env.SLACK_APP_TOKEN, apiUrl };
}

export class SlackConfigError extends Error {
  readonly code = 'FAKTABOT_SLACK_CONFIG';
}

/** The Slack adapter for this service, or none when Slack is not configured. */
export function slackAdapters(host: AdapterHost): Adapter[] {
  const s = slackSettings(host.env);
  if (!s.botToken && !s.signingSecret && !s.appToken) {
    host.log.info('slack: not configured; set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) to enable it');
    return [];
  }
  if (!s.botToken) throw new SlackConfigError('slack: SLACK_BOT_TOKEN is missing (xoxb-…); it is needed to post answers');
  if (!s.botToken.startsWith('xoxb-')) throw new SlackConfigError('slack: SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
  if (s.apiUrl && !/^https?:\/\/\S+\/$/.test(s.apiUrl))
    throw new SlackConfigError('slack: SLACK_API_URL must be an http(s) URL such as https://slack.com/api/');

  if (s.appToken) {
    if (!s.appToken.startsWith('xapp-'))
      throw new SlackConfigError('slack: SLACK_APP_TOKEN must be an app-level token starting with xapp-');
    const receiver = new SocketModeReceiver({
      appToken: s.appToken,
      installerOptions: { clientOptions: s.apiUrl ? { slackApiUrl: s.apiUrl } : {} },
      logger: boltLogger(host.log, 'warn' as never),
    });
    // Slack sends each event to one of the replicas' sockets, and a retry perhaps to another: claimed in the database.
    const app = createSlackApp({ host, token: s.botToken, receiver, slackApiUrl: s.apiUrl, dedupeEvents: true });
    return [
      {
        name: 'slack-socket-mode',
        start: async () => {
          await app.start();
          host.log.info('slack: connected in Socket Mode');
        },
        stop: async () => {
          await app.stop();
        },
      },
    ];
  }

  if (!s.signingSecret)
    throw new SlackConfigError(
      'slack: SLACK_SIGNING_SECRET is missing; it is needed to verify requests (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  const receiver = new ServiceReceiver({
    signingSecret: s.signingSecret,
    logger: host.log,
    claim: host.claimEvent,
    claimRequest: host.claimRequest,
  });
  createSlackApp({ host, token: s.botToken, receiver, slackApiUrl: s.apiUrl });
  return [
    {
      name: 'slack-http',
      start: async () => {
        host.mount('/slack/events', receiver.handle);
        host.log.info('slack: listening for events at /slack/events');
      },
      stop: async () => {
        host.unmount('/slack/events');
      },
    },
  ];
}

/**
 * The Bolt app: Slack events -> the chat port -> Block Kit. This module builds the App and composes its listeners,
 * which live in files by kind (listeners/: messages and mentions, commands, shortcuts, actions, views, App Home),
 * as Bolt's own examples are laid out; each asks through the port, so rate limit, log, redaction and metrics apply
 * to every surface.
 */
import { App, type LogLevel, type Receiver } from '@slack/bolt';
import { safeTextCut } from '../../src/index';
import type { AdapterHost, Logger } from '../../src/service/main';
import { slackDesk } from './desk';
import { registerActions } from './listeners/actions';
import { registerCommands } from './listeners/commands';
import { listenerDeps } from './listeners/deps';
import { registerHome } from './listeners/home';
import { registerMessages } from './listeners/messages';
import { registerShortcuts } from './listeners/shortcuts';
import { registerViews } from './listeners/views';
import { SlackPeople } from './people';

/**
 * Bolt's logger interface on top of our JSON logger. Bolt's and the WebClient's debug output carries message text,
 * user ids and request bodies, so it is never forwarded, at any LOG_LEVEL; what Bolt says at info and above is
 * passed through redaction, with Slack ids and tokens masked, and cut short.
 */
export function boltLogger(log: Logger, level: LogLevel) {
  let current = level;
  const join = (args: unknown[]) =>
    args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' ');
  const safe = (args: unknown[]) =>
    safeTextCut(
      join(args)
        .replaceAll('\u0000', ' ')
        .replace(/xox[a-z]-[\w-]+|xapp-[\w-]+/g, '[token]')
        .replace(/\b[UWBCDGTE][A-Z0-9]{6,}\b/g, '[id]'),
      300,
    );
  return {
    debug: (..._a: unknown[]) => undefined,
    info: (...a: unknown[]) => log.info(`bolt: ${safe(a)}`),
    warn: (...a: unknown[]) => log.warn(`bolt: ${safe(a)}`),
    error: (...a: unknown[]) => log.error(`bolt: ${safe(a)}`),
    setLevel: (l: LogLevel) => {
      current = l;
    },
    getLevel: () => current,
    setName: () => undefined,
  };
}

/** fetch with a deadline, for the WebClient and response_url: a Slack that never answers must not hang a listener. */
export function fetchWithTimeout(ms: number): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(ms) });
}

export interface SlackAppOptions {
  host: AdapterHost;
  token: string;
  receiver: Receiver;
  slackApiUrl?: string;
  /** Drop events whose event_id a replica already claimed (Socket Mode; the HTTP receiver claims them itself). */
  dedupeEvents?: boolean;
}

export function createSlackApp({ host, token, receiver, slackApiUrl, dedupeEvents }: SlackAppOptions): App {
  const { log, port } = host;
  const app = new App({
    token,
    receiver,
    logger: boltLogger(log, 'warn' as LogLevel),
    clientOptions: {
      ...(slackApiUrl ? { slackApiUrl } : {}),
      retryConfig: { retries: 2, factor: 1, minTimeout: 200, maxTimeout: 2000 },
      timeout: host.outboundTimeoutMs,
      fetch: fetchWithTimeout(host.outboundTimeoutMs),
    },
  });

  if (dedupeEvents)
    app.use(async ({ body, next }) => {
      const eventId = (body as { event_id?: unknown }).event_id;
      if (typeof eventId === 'string' && !(await host.claimEvent(eventId))) {
        log.info('slack retry of a handled event ignored', { eventId });
        return;
      }
      await next();
    });

  const deps = listenerDeps(port, log, new SlackPeople(log), fetchWithTimeout(host.outboundTimeoutMs));
  registerMessages(app, deps);
  registerCommands(app, deps);
  registerShortcuts(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerHome(app, deps);
  // The desk on Slack: tickets from Slack or Teams go to the desk channel, desk answers to Slack askers.
  port.support.register('slack', slackDesk(app.client));

  app.error(async (error) => {
    log.error('slack listener failed', { error: error.message, code: (error as { code?: string }).code });
  });

  return app;
}

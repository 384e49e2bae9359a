/**
 * Runs the service: read config, start it with the chat adapters, stop gracefully on SIGTERM/SIGINT (stop
 * accepting, finish in-flight requests, close the database). The entry point that knows the adapters is
 * bots/main.ts; this module knows only the Adapter interface and what an adapter is given (AdapterHost). It is the
 * one module of src/ besides src/index.ts that bots/ import: the start-up wiring.
 */
import { existsSync, statSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { resolve } from 'node:path';
import { DatabaseLockedError, lockDatabase } from '../store/lock';
import { originAllowed } from './access';
import { ConfigError, isLoopback, loadConfig } from './config';
import type { AdapterHandler } from './http';
import { createLogger, type Logger } from './logger';
import { type ChatPort, chatPort } from './port';
import { createService, type Service } from './server';

export { loadConfig } from './config';
export { type AdapterHandler, type AdapterReply, type AdapterRequest, HttpError, jsonObject } from './http';
export type { Logger } from './logger';

/** A chat platform mounted on the service (Slack, Teams): one small interface, as bolt-js receivers have. */
export interface Adapter {
  name: string;
  /** Mounts routes or opens connections; resolves when ready. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * What a chat adapter is given at start-up: the chat port, which every surface asks through, and the wiring around
 * it (settings, the logger, its endpoint, de-duplication across replicas). Adapters never see the service itself.
 */
export interface AdapterHost {
  port: ChatPort;
  log: Logger;
  /** The adapters' own settings (SLACK_*, MicrosoftApp*, TEAMS_LOCAL), from the environment or .env. */
  env: Readonly<Record<string, string>>;
  /** The deadline of every call to Slack or the Bot Framework (OUTBOUND_TIMEOUT_MS). */
  outboundTimeoutMs: number;
  /** The service listens on loopback only and has no PUBLIC_URL: nothing but this machine can reach it. */
  localOnly: boolean;
  /** Whether a browser request's Origin is absent or one the service itself serves (access.ts). */
  sameOrigin(headers: IncomingHttpHeaders): boolean;
  /** Mounts an adapter's endpoint, which gets the raw body (routes/adapters.ts); `unmount` takes it away. */
  mount(path: string, handler: AdapterHandler): void;
  unmount(path: string): void;
  /**
   * True the first time a platform event id (Slack's event_id) is claimed by any replica; false for a retry already
   * handled. While the database is away, this process's own memory decides.
   */
  claimEvent(eventId: string): Promise<boolean>;
  /** True the first time a signed request (Slack's timestamp and signature) is claimed by any replica. */
  claimRequest(timestamp: string, signature: string): Promise<boolean>;
}

/** The host the adapters of `service` are given. */
export function adapterHost(service: Service): AdapterHost {
  const { config } = service;
  return {
    port: chatPort(service),
    log: service.log,
    env: config.adapterEnv,
    outboundTimeoutMs: config.outboundTimeoutMs,
    localOnly: !config.publicUrl && isLoopback(config.host),
    sameOrigin: (headers) => originAllowed(headers, service.origins),
    mount: (path, handler) => service.routes.set(path, handler),
    unmount: (path) => service.routes.delete(path),
    claimEvent: (eventId) => service.claimEvent(eventId),
    claimRequest: (timestamp, signature) => service.claimRequest(timestamp, signature),
  };
}

/** Builds the adapters; returns none for platforms that are not configured. */
export type AdapterFactory = (host: AdapterHost) => Adapter[];

/** An adapter's settings error (SlackConfigError, TeamsConfigError): reported like the core's, before anything listens. */
const isAdapterConfigError = (e: unknown): e is Error =>
  e instanceof Error && /^FAKTABOT_\w+_CONFIG$/.test(String((e as { code?: unknown }).code));

export async function runService(adapters: AdapterFactory = () => []): Promise<void> {
  const refuse = (e: ConfigError) => {
    process.stderr.write(`faktabot: ${e.message}\n`);
    process.exitCode = 78;
  };
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) return refuse(e);
    throw e;
  }
  // Started from another folder, the default ./knowledge is not there: nothing could ever serve.
  const knowledgeDir = resolve(config.knowledgeDir);
  if (!existsSync(knowledgeDir) || !statSync(knowledgeDir).isDirectory())
    return refuse(
      new ConfigError([
        `KNOWLEDGE_DIR="${config.knowledgeDir}": no knowledge folder at ${knowledgeDir}; start Faktabot in its own folder, or set KNOWLEDGE_DIR to the folder with faq.yaml`,
      ]),
    );
  const log = createLogger(config.logLevel);
  for (const warning of config.warnings) log.warn(warning);
  let unlock = () => {};
  if (!config.databaseUrl && config.databasePath !== ':memory:') {
    try {
      unlock = lockDatabase(config.databasePath);
    } catch (e) {
      if (!(e instanceof DatabaseLockedError)) throw e;
      process.stderr.write(`faktabot: ${e.message}\n`);
      process.exitCode = 75;
      return;
    }
  }
  process.on('exit', () => unlock());
  const service = createService(config, { logger: log });
  // The adapters check their settings as they are built: before the service listens, so that a bad setting never
  // shows a "listening" line first.
  let built: Adapter[];
  try {
    built = adapters(adapterHost(service));
  } catch (e) {
    await service.stop().catch(() => undefined);
    if (isAdapterConfigError(e)) return refuse(new ConfigError([e.message]));
    throw e;
  }
  const mounted: Adapter[] = [];
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    Promise.allSettled(mounted.map((a) => a.stop()))
      .then(() => service.stop())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  try {
    await service.start();
    for (const adapter of built) {
      await adapter.start();
      mounted.push(adapter);
    }
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    const message =
      error.code === 'EADDRINUSE'
        ? `port ${config.port} on ${config.host} is already in use: another Faktabot or another program listens on it; stop that one, or set PORT to a free port`
        : error.message;
    log.error('faktabot could not start', { error: message });
    await service.stop().catch(() => undefined);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  runService().catch((e: unknown) => {
    process.stderr.write(`faktabot: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  });
}

/**
 * Runs the service: read config, start it with the chat adapters, stop gracefully on SIGTERM/SIGINT (stop
 * accepting, finish in-flight requests, close the database). The entry point that knows the adapters is
 * bots/main.ts; this module knows only the Adapter interface.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseLockedError, lockDatabase } from '../store/lock';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { createService, type Service } from './server';

/** A chat platform mounted on the service (Slack, Teams): one small interface, as bolt-js receivers have. */
export interface Adapter {
  name: string;
  /** Mounts routes or opens connections; resolves when ready. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds the adapters for a service; returns none for platforms that are not configured. */
export type AdapterFactory = (service: Service) => Adapter[];

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
    built = adapters(service);
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

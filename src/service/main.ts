/**
 * Runs the service: read config, start it with the chat adapters, stop gracefully on SIGTERM/SIGINT (stop
 * accepting, finish in-flight requests, close the database). The entry point that knows the adapters is
 * bots/main.ts; this module knows only the Adapter interface.
 */
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

export async function runService(adapters: AdapterFactory = () => []): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`faktabot: ${e.message}\n`);
      process.exitCode = 78;
      return;
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  const service = createService(config, { logger: log });
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
    for (const adapter of adapters(service)) {
      await adapter.start();
      mounted.push(adapter);
    }
  } catch (e) {
    log.error('faktabot could not start', { error: (e as Error).message });
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

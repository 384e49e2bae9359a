/**
 * `npm start`: read config, start the service, stop gracefully on SIGTERM/SIGINT (stop accepting, finish
 * in-flight requests, close the database).
 */
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { createService } from './server';

async function main(): Promise<void> {
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
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    service.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  try {
    await service.start();
  } catch (e) {
    log.error('faktabot could not start', { error: (e as Error).message });
    await service.stop().catch(() => undefined);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`faktabot: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});

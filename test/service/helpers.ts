import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../../src/service/config';
import { createLogger } from '../../src/service/logger';
import { createService, type Service } from '../../src/service/server';
import { knowledgeCopy } from '../helpers';

export interface Running {
  service: Service;
  url: string;
  logs: string[];
  knowledgeDir: string;
  stop(): Promise<void>;
}

/** Starts the real service on a free loopback port, with its own database and a copy of the knowledge. */
export async function startService(env: Record<string, string> = {}): Promise<Running> {
  const knowledgeDir = knowledgeCopy();
  const dataDir = mkdtempSync(join(tmpdir(), 'faktabot-data-'));
  const config: Config = loadConfig(
    { PORT: '0', KNOWLEDGE_DIR: knowledgeDir, DATABASE_PATH: join(dataDir, 'faktabot.db'), LOG_LEVEL: 'debug', ...env },
    '',
  );
  const logs: string[] = [];
  const service = createService(config, { logger: createLogger(config.logLevel, (l) => logs.push(l)) });
  const address = await service.start();
  return { service, url: `http://127.0.0.1:${address.port}`, logs, knowledgeDir, stop: () => service.stop() };
}

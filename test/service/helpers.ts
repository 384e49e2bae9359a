import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Calibration } from '../../src/answer/confidence';
import { type Config, loadConfig } from '../../src/service/config';
import { createLogger } from '../../src/service/logger';
import { type ChosenFrom, chatPort } from '../../src/service/port';
import { createService, type Service } from '../../src/service/server';
import { knowledgeCopy } from '../helpers';
import { startProvider, type TestAccount, type TestProvider } from '../oidc/provider';
import { freeLoopbackPort } from '../oidc/signin';
import { freshDatabase } from '../pg/databases';
import { onPostgres, TEST_SALT } from '../store/backends';

export interface Running {
  service: Service;
  url: string;
  logs: string[];
  knowledgeDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the real service on a free loopback port, with its own database and a copy of the knowledge. In the
 * "postgres" test project the database is a fresh PostgreSQL database (and LOG_SALT is set, as replicas need).
 * `calibration` replaces the shipped one, for tests that need the bot to interpret (see `interpreting`).
 */
export async function startService(env: Record<string, string> = {}, options: { calibration?: Calibration } = {}): Promise<Running> {
  const knowledgeDir = knowledgeCopy();
  const dataDir = mkdtempSync(join(tmpdir(), 'faktabot-data-'));
  const pg = onPostgres ? { DATABASE_URL: await freshDatabase(), LOG_SALT: TEST_SALT } : {};
  const config: Config = loadConfig(
    { PORT: '0', KNOWLEDGE_DIR: knowledgeDir, DATABASE_PATH: join(dataDir, 'faktabot.db'), LOG_LEVEL: 'debug', ...pg, ...env },
    '',
  );
  const logs: string[] = [];
  const service = createService(config, { logger: createLogger(config.logLevel, (l) => logs.push(l)), calibration: options.calibration });
  const address = await service.start();
  return { service, url: `http://127.0.0.1:${address.port}`, logs, knowledgeDir, stop: () => service.stop() };
}

/**
 * Staff asking in Teams, through the chat port every Slack and Teams surface asks through: what *Granska*, "Mest
 * frågat", the figures and the CSV count (the console's own *Testa en fråga* is left out of them).
 */
export function asStaff(s: Running, userId = 'staff-1') {
  const port = chatPort(s.service);
  const context = { channel: 'teams' as const, userId, conversationId: `conversation-of-${userId}` };
  return {
    ask: (question: string, from?: ChosenFrom) => port.choose(question, from, context),
    feedback: (questionId: number, helpful: boolean) => port.feedback(questionId, helpful, context),
  };
}

/**
 * Everything the service's database holds, as text to search for personal data: on SQLite the bytes of the file,
 * its WAL and shm (after a checkpoint, as the purge leaves them); on PostgreSQL every row of every table.
 */
export async function storedBytes(service: Service): Promise<string> {
  if (service.sql.dialect === 'sqlite') {
    const path = service.config.databasePath;
    await service.sql.get('PRAGMA wal_checkpoint(TRUNCATE)');
    // Both ways a reader might decode the bytes.
    const text = (f: string) => (existsSync(f) ? `${readFileSync(f).toString('latin1')}\n${readFileSync(f).toString('utf8')}` : '');
    return [path, `${path}-wal`, `${path}-shm`].map(text).join('\n');
  }
  const tables = await service.sql.all<{ name: string }>(
    'SELECT table_name AS "name" FROM information_schema.tables WHERE table_schema = \'public\' ORDER BY table_name',
  );
  const out: string[] = [];
  for (const { name } of tables) out.push(name, JSON.stringify(await service.sql.all(`SELECT * FROM "${name}"`)));
  return out.join('\n');
}

/** The people of the sign-in tests, one per console role, by login name at the test provider. */
export const ROLE_ACCOUNTS: Record<string, TestAccount> = {
  anna: { name: 'Anna Andersson', roles: ['Faktabot.Kommunikator'] },
  sara: { name: 'Sara Svensson', roles: ['Faktabot.Support'] },
  lars: { name: 'Lars Larsson', roles: ['Faktabot.Lasare'] },
  ada: { name: 'Ada Admin', roles: ['Faktabot.Admin'] },
};

/**
 * A real OpenID provider on loopback (test/oidc/provider.ts) and the service signing its console in against it, on a
 * port chosen first: the redirect URI registered at the provider is PUBLIC_URL's.
 */
export async function startWithProvider(
  accounts: Record<string, TestAccount>,
  env: Record<string, string> = {},
): Promise<{ provider: TestProvider; running: Running; base: string }> {
  const port = await freeLoopbackPort();
  const base = `http://127.0.0.1:${port}`;
  const provider = await startProvider({
    redirectUris: [`${base}/console/auth/callback`],
    postLogoutRedirectUris: [`${base}/console`],
    accounts,
  });
  const running = await startService({
    PORT: String(port),
    PUBLIC_URL: base,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    ...env,
  });
  return { provider, running, base };
}

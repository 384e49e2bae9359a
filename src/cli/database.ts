/**
 * `faq migrate` (also `npm run migrate`): brings the configured database (DATABASE_URL, else the SQLite file at
 * DATABASE_PATH) to the newest schema; the service does the same at start. `faq move-log --from FIL`: copies a
 * SQLite log into the PostgreSQL at DATABASE_URL (store/move.ts). Settings come from the environment and .env,
 * as for the service; the database URL is never printed with its password.
 */
import { loadConfig } from '../service/config';
import { MoveError, moveSqliteToPostgres } from '../store/move';
import { migrate, openStore } from '../store/open';
import { parseArgs } from './args';

export async function runMigrate(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  parseArgs(argv, [], []);
  const config = loadConfig();
  const store = openStore(config);
  try {
    const version = await migrate(store.sql);
    out.write(`Databasen ${store.where} (${store.sql.dialect}) har schemaversion ${version}.\n`);
    return 0;
  } finally {
    await store.sql.close();
  }
}

export async function runMoveLog(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { flags } = parseArgs(argv, ['from'], []);
  const from = flags.get('from');
  const config = loadConfig();
  if (typeof from !== 'string' || !config.databaseUrl) {
    err.write('faq: move-log behöver --from <sqlite-fil> och DATABASE_URL (och LOG_SALT) satta\n');
    return 1;
  }
  const store = openStore(config);
  try {
    await migrate(store.sql);
    const counts = await moveSqliteToPostgres(from, store.sql, store.salt, (table, rows) => out.write(`${table}: ${rows} rader\n`));
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    out.write(`Klart: ${total} rader från ${from} till ${store.where}.\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof MoveError)) throw e;
    err.write(`faq: ${e.message}. Inget flyttades.\n`);
    return 2;
  } finally {
    await store.sql.close();
  }
}

/**
 * Picks the back end: DATABASE_URL (PostgreSQL, for replicas) or the SQLite file (the default), and brings the
 * schema up to date. The migrations are the same list for both (db.ts); PostgreSQL records its version in a table
 * and migrates under an advisory lock, so replicas starting together migrate once.
 */
import { forPostgres, MIGRATIONS, openDatabase } from './db';
import { PgSql } from './pg';
import { resolveSalt } from './salt';
import { type Sql, SqliteSql } from './sql';

export interface StoreSettings {
  databasePath: string;
  databaseUrl?: string;
  logSalt?: string;
}

export interface OpenedStore {
  sql: Sql;
  /** Set on PostgreSQL: LISTEN/NOTIFY and the up/down events. */
  pg?: PgSql;
  salt: string;
  /** Where the data is, without a password: for logs and messages. */
  where: string;
}

type Warn = (message: string, fields?: Record<string, unknown>) => void;

/** Opens the store; on SQLite the schema is migrated here, on PostgreSQL by `migrate` (the service calls it at start). */
export function openStore(settings: StoreSettings, warn?: Warn): OpenedStore {
  if (settings.databaseUrl) {
    if (!settings.logSalt) throw new Error('store: PostgreSQL needs LOG_SALT, the same on every replica');
    const pg = new PgSql({ url: settings.databaseUrl, onError: (m, f) => warn?.(m, f) });
    return { sql: pg, pg, salt: settings.logSalt, where: describeUrl(settings.databaseUrl) };
  }
  const db = openDatabase(settings.databasePath);
  const salt = resolveSalt(db, { configured: settings.logSalt, databasePath: settings.databasePath, warn });
  return { sql: new SqliteSql(db), salt, where: settings.databasePath };
}

/** The URL without user and password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgres://${u.host}${u.pathname}`;
  } catch {
    return 'postgres://(invalid)';
  }
}

/** Brings the schema to the newest version; returns it. SQLite files are migrated on open already. */
export async function migrate(sql: Sql, migrations: readonly string[] = MIGRATIONS): Promise<number> {
  if (sql.dialect === 'sqlite') {
    return (await sql.get<{ user_version: number }>('PRAGMA user_version'))?.user_version ?? 0;
  }
  const pg = sql as PgSql;
  return pg.tx(async (tx) => {
    await tx.run('CREATE TABLE IF NOT EXISTS faktabot_schema (version INTEGER NOT NULL)');
    let version = (await tx.get<{ version: number }>('SELECT MAX(version) AS "version" FROM faktabot_schema'))?.version ?? 0;
    for (; version < migrations.length; version++) {
      await tx.run(forPostgres(migrations[version] as string));
      await tx.run('INSERT INTO faktabot_schema (version) VALUES (?)', [version + 1]);
    }
    return version;
  }, 'faktabot:migrate');
}

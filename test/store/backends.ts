/**
 * The store test matrix: the same suites run once per vitest project, on SQLite in "sqlite" and on PostgreSQL in
 * "postgres" (vitest.config.mts). `openTestStore` gives a fresh, migrated, empty store of the project's back end.
 */
import { migrate, openStore } from '../../src/store/open';
import type { Sql } from '../../src/store/sql';
import { freshDatabase, pgSkipReason } from '../pg/databases';

export type BackendName = 'sqlite' | 'postgres';
export const BACKEND: BackendName = process.env.FAKTABOT_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const onPostgres = BACKEND === 'postgres';

/** Set when the PostgreSQL half cannot run here (never under CI: the global setup fails instead). */
export const skipReason = (): string | undefined => (onPostgres ? pgSkipReason() : undefined);

export const TEST_SALT = 'test-salt-0123456789abcdef0123456789';

/** A fresh store of this project's back end: a SQLite file in memory, or a new PostgreSQL database. */
export async function openTestStore(): Promise<{ sql: Sql; url?: string }> {
  if (onPostgres) {
    const url = await freshDatabase();
    const { sql } = openStore({ databasePath: '', databaseUrl: url, logSalt: TEST_SALT });
    await migrate(sql);
    return { sql, url };
  }
  const { sql } = openStore({ databasePath: ':memory:', logSalt: TEST_SALT });
  return { sql };
}

/** Fresh PostgreSQL databases for tests: one per store or service, so tests never see each other's rows or notices. */
import { inject } from 'vitest';
import { createDatabase } from './cluster';

export const pgUrl = (): string => inject('pgUrl');

/** Why the PostgreSQL half is skipped, or undefined when it runs. */
export const pgSkipReason = (): string | undefined =>
  pgUrl() ? undefined : 'no PostgreSQL server (set DATABASE_URL_TEST or install postgresql)';

/** Creates an empty database on the test server and returns its URL. */
export async function freshDatabase(): Promise<string> {
  const base = pgUrl();
  if (!base) throw new Error('no PostgreSQL server for tests');
  return createDatabase(base, 'faktabot_t');
}

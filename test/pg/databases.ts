/** Fresh PostgreSQL databases for tests: one per store or service, so tests never see each other's rows or notices. */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { inject } from 'vitest';

export const pgUrl = (): string => inject('pgUrl');

/** Why the PostgreSQL half is skipped, or undefined when it runs. */
export const pgSkipReason = (): string | undefined =>
  pgUrl() ? undefined : 'no PostgreSQL server (set DATABASE_URL_TEST or install postgresql)';

/** Creates an empty database on the test server and returns its URL. */
export async function freshDatabase(): Promise<string> {
  const base = pgUrl();
  if (!base) throw new Error('no PostgreSQL server for tests');
  const name = `faktabot_t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

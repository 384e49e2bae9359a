/**
 * The salt of the user-id hashes lives outside the database: whoever has a copy of the database file alone cannot
 * recompute a user's hash from a known user id. It is LOG_SALT when set, else a key file beside the database
 * (`<database>.salt`, mode 0600) created on first start. A salt that an older version kept in the database is moved
 * to the key file (so existing hashes stay comparable) and wiped from the database.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Db } from './db';

export interface SaltOptions {
  /** LOG_SALT, if set. */
  configured?: string;
  /** The database file; ':memory:' keeps a random salt in memory only. */
  databasePath: string;
  warn?: (message: string, fields?: Record<string, unknown>) => void;
}

/** Where the key file for a database lives. */
export function saltFile(databasePath: string): string {
  return `${databasePath}.salt`;
}

export function resolveSalt(db: Db, options: SaltOptions): string {
  const legacy = db.prepare("SELECT value FROM meta WHERE key = 'user_salt'").get() as { value: string } | undefined;
  let salt: string;
  if (options.configured) salt = options.configured;
  else if (options.databasePath === ':memory:') salt = legacy?.value ?? randomBytes(32).toString('hex');
  else {
    const file = saltFile(options.databasePath);
    if (existsSync(file)) {
      if ((statSync(file).mode & 0o077) !== 0) {
        chmodSync(file, 0o600);
        options.warn?.('salt file was readable by others; its mode is now 0600', { file });
      }
      salt = readFileSync(file, 'utf8').trim();
      if (salt.length < 32)
        throw new Error(`store: the salt file ${file} is damaged (too short); restore it from backup or delete it to start a new salt`);
    } else {
      salt = legacy?.value ?? randomBytes(32).toString('hex');
      writeFileSync(file, `${salt}\n`, { mode: 0o600, flag: 'wx' });
    }
  }
  if (legacy) {
    db.prepare("DELETE FROM meta WHERE key = 'user_salt'").run();
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  return salt;
}

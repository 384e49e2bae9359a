/**
 * Console sessions, kept server-side: the cookie holds a random id, the database only its SHA-256 and an expiry.
 * Logout deletes the row, so a copied cookie stops working at once; a restart keeps sessions (they are in the
 * database) until they expire. A stolen database file yields no usable cookie.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from './sql';

const hash = (id: string) => createHash('sha256').update(id).digest('hex');

export class SessionStore {
  constructor(
    private readonly db: Sql,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session; returns the id for the cookie (never stored as such). */
  async create(): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const now = this.now();
    await this.db.run('INSERT INTO console_sessions (id_hash, created, expires) VALUES (?, ?, ?)', [hash(id), now, now + this.ttlMs]);
    return id;
  }

  /** True while the session exists and has not expired (on any replica: sessions live in the database). */
  async valid(id: string): Promise<boolean> {
    if (!/^[\w-]{43}$/.test(id)) return false;
    const row = await this.db.get<{ expires: number }>('SELECT expires FROM console_sessions WHERE id_hash = ?', [hash(id)]);
    return !!row && row.expires > this.now();
  }

  async revoke(id: string): Promise<void> {
    await this.db.run('DELETE FROM console_sessions WHERE id_hash = ?', [hash(id)]);
  }
}

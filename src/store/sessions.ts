/**
 * Console sessions, kept server-side: the cookie holds a random id, the database only its SHA-256 and an expiry.
 * Logout deletes the row, so a copied cookie stops working at once; a restart keeps sessions (they are in the
 * database) until they expire. A stolen database file yields no usable cookie.
 *
 * A session is bound to the CONSOLE_TOKEN that opened it: the stored hash covers a fingerprint of the token, so
 * rotating the token ends every session made with the old one at once (not up to 12 hours later).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Sql } from './sql';

/** A fingerprint of the console token (keyed with the log salt): never the token, never reversible. */
export const tokenFingerprint = (token: string, salt: string) =>
  createHmac('sha256', salt).update(`console-token:${token}`).digest('hex').slice(0, 32);

export class SessionStore {
  constructor(
    private readonly db: Sql,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    /** The token fingerprint sessions are bound to ('' without a token). */
    private readonly binding = '',
  ) {}

  private hash(id: string): string {
    return createHash('sha256')
      .update(this.binding ? `${this.binding}:${id}` : id)
      .digest('hex');
  }

  /** A new session; returns the id for the cookie (never stored as such). */
  async create(): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const now = this.now();
    await this.db.run('INSERT INTO console_sessions (id_hash, created, expires) VALUES (?, ?, ?)', [this.hash(id), now, now + this.ttlMs]);
    return id;
  }

  /** True while the session exists and has not expired (on any replica: sessions live in the database). */
  async valid(id: string): Promise<boolean> {
    if (!/^[\w-]{43}$/.test(id)) return false;
    const row = await this.db.get<{ expires: number }>('SELECT expires FROM console_sessions WHERE id_hash = ?', [this.hash(id)]);
    return !!row && row.expires > this.now();
  }

  async revoke(id: string): Promise<void> {
    await this.db.run('DELETE FROM console_sessions WHERE id_hash = ?', [this.hash(id)]);
  }
}

/**
 * Console sessions, kept server-side: the cookie holds a random id, the database only its SHA-256 and an expiry.
 * Logout deletes the row, so a copied cookie stops working at once; a restart keeps sessions (they are in the
 * database) until they expire. A stolen database file yields no usable cookie.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db';

const hash = (id: string) => createHash('sha256').update(id).digest('hex');

export class SessionStore {
  private readonly insert: Statement;
  private readonly lookup: Statement;
  private readonly remove: Statement;

  constructor(
    db: Db,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare('INSERT INTO console_sessions (id_hash, created, expires) VALUES (?, ?, ?)');
    this.lookup = db.prepare('SELECT expires FROM console_sessions WHERE id_hash = ?');
    this.remove = db.prepare('DELETE FROM console_sessions WHERE id_hash = ?');
  }

  /** A new session; returns the id for the cookie (never stored as such). */
  create(): string {
    const id = randomBytes(32).toString('base64url');
    const now = this.now();
    this.insert.run(hash(id), now, now + this.ttlMs);
    return id;
  }

  /** True while the session exists and has not expired. */
  valid(id: string): boolean {
    if (!/^[\w-]{43}$/.test(id)) return false;
    const row = this.lookup.get(hash(id)) as { expires: number } | undefined;
    return !!row && row.expires > this.now();
  }

  revoke(id: string): void {
    this.remove.run(hash(id));
  }
}

/**
 * Console sessions, kept server-side: the cookie holds a random id, the database only its SHA-256, who signed in
 * (with organisation sign-in: the provider's subject, display name and console roles), and when the session was
 * made and last used. A session ends at its absolute lifetime, after the idle timeout without a request, or at
 * logout (the row is deleted, so a copied cookie stops working at once). A restart keeps sessions; every replica
 * sees them. A stolen database file yields no usable cookie. Tokens from the provider are never stored.
 *
 * Sessions are bound to what opened them: the stored hash covers a fingerprint of the CONSOLE_TOKEN, or of the
 * provider and client, so rotating the token or moving to another provider ends every older session at once.
 *
 * A sign-in under way (state, nonce, PKCE verifier) waits here for the provider's callback, for ten minutes and
 * for one use.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { LOGIN_MS } from '../limits';
import { displayName } from './names';
import type { Sql } from './sql';

/** The console roles, as the code names them; each maps to one value of the provider's role claim (OIDC_ROLE_*). */
export const ROLES = ['admin', 'kommunikator', 'support', 'lasare'] as const;
export type Role = (typeof ROLES)[number];

/** A fingerprint of the console token or the provider (keyed with the log salt): never reversible. */
export const tokenFingerprint = (token: string, salt: string) =>
  createHmac('sha256', salt).update(`console-token:${token}`).digest('hex').slice(0, 32);

/** Who a session belongs to, from the provider's ID token. */
export interface ConsoleUser {
  /** The provider's `sub`: stable for the person at this client. */
  subject: string;
  /** The display name, for the console header and the audit trail. */
  name: string;
  roles: Role[];
}

export interface Session {
  /** Undefined for a session opened with CONSOLE_TOKEN. */
  user: ConsoleUser | undefined;
  created: number;
}

/** A sign-in under way: what the callback must match. */
export interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
}

/** `seen` is written at most this often per session: a request a second must not mean a write a second. */
const TOUCH_MS = 60_000;
const ID = /^[\w-]{43}$/;

export class SessionStore {
  constructor(
    private readonly db: Sql,
    private readonly limits: { lifetimeMs: number; idleMs: number },
    private readonly now: () => number = Date.now,
    /** The fingerprint sessions are bound to ('' for loopback). */
    private readonly binding = '',
  ) {}

  private hash(id: string): string {
    return createHash('sha256')
      .update(this.binding ? `${this.binding}:${id}` : id)
      .digest('hex');
  }

  /** A new session; returns the id for the cookie (never stored as such). */
  async create(user?: ConsoleUser): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const now = this.now();
    await this.db.run('INSERT INTO console_sessions (id_hash, created, expires, seen, subject, name, roles) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      this.hash(id),
      now,
      now + this.limits.lifetimeMs,
      now,
      user?.subject ?? null,
      user ? displayName(user.name, 200) : null,
      user ? user.roles.join(' ') : null,
    ]);
    return id;
  }

  /** The live session, on any replica; an expired or idle one is deleted. Using it counts as activity. */
  async get(id: string): Promise<Session | undefined> {
    if (!ID.test(id)) return undefined;
    const hash = this.hash(id);
    const row = await this.db.get<{
      created: number;
      expires: number;
      seen: number | null;
      subject: string | null;
      name: string | null;
      roles: string | null;
    }>('SELECT created, expires, seen, subject, name, roles FROM console_sessions WHERE id_hash = ?', [hash]);
    if (!row) return undefined;
    const now = this.now();
    const seen = Number(row.seen ?? row.created);
    if (Number(row.expires) <= now || now - seen >= this.limits.idleMs) {
      await this.db.run('DELETE FROM console_sessions WHERE id_hash = ?', [hash]);
      return undefined;
    }
    if (now - seen >= TOUCH_MS) await this.db.run('UPDATE console_sessions SET seen = ? WHERE id_hash = ?', [now, hash]);
    const roles = (row.roles ?? '').split(' ').filter((r): r is Role => (ROLES as readonly string[]).includes(r));
    return {
      created: Number(row.created),
      user: row.subject === null ? undefined : { subject: row.subject, name: displayName(row.name ?? row.subject, 200), roles },
    };
  }

  async valid(id: string): Promise<boolean> {
    return (await this.get(id)) !== undefined;
  }

  async revoke(id: string): Promise<void> {
    if (!ID.test(id)) return;
    await this.db.run('DELETE FROM console_sessions WHERE id_hash = ?', [this.hash(id)]);
  }

  /** Keeps a sign-in under way; returns the id for the browser's sign-in cookie. */
  async startLogin(pending: PendingLogin): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.db.run('INSERT INTO console_logins (id_hash, state, nonce, verifier, expires) VALUES (?, ?, ?, ?, ?)', [
      this.hash(id),
      pending.state,
      pending.nonce,
      pending.verifier,
      this.now() + LOGIN_MS,
    ]);
    return id;
  }

  /** The sign-in under way for this cookie, once: the first callback to take it (on any replica) wins. */
  async takeLogin(id: string): Promise<PendingLogin | undefined> {
    if (!ID.test(id)) return undefined;
    const hash = this.hash(id);
    const row = await this.db.get<PendingLogin & { expires: number }>(
      'SELECT state, nonce, verifier, expires FROM console_logins WHERE id_hash = ?',
      [hash],
    );
    if (!row || (await this.db.run('DELETE FROM console_logins WHERE id_hash = ?', [hash])) !== 1) return undefined;
    if (Number(row.expires) <= this.now()) return undefined;
    return { state: row.state, nonce: row.nonce, verifier: row.verifier };
  }
}

/**
 * What replicas must agree on besides the log: which Slack events and signed Slack requests were already handled,
 * how many questions a user asked this minute, and when a periodic job last ran. Each is one statement the database
 * decides (a primary key, an atomic upsert, an advisory lock), never a read followed by a write.
 */
import { createHmac } from 'node:crypto';
import { MINUTE_MS } from '../limits';
import type { Sql } from './sql';

export class SharedState {
  constructor(
    private readonly db: Sql,
    private readonly salt: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time `eventId` is claimed by any replica; false for a retry of an event already handled. */
  async claimSlackEvent(eventId: string): Promise<boolean> {
    const changed = await this.db.run('INSERT INTO slack_events (event_id, ts) VALUES (?, ?) ON CONFLICT (event_id) DO NOTHING', [
      eventId.slice(0, 200),
      this.now(),
    ]);
    return changed === 1;
  }

  /**
   * True the first time a signed request (Slack's `v0=` signature with its timestamp) is claimed by any replica;
   * false for a replay of one already handled. The signature covers the timestamp and the body, so the pair names
   * one request; it is kept until the timestamp is too old to pass the signature check (questions.ts purges it).
   */
  async claimSlackRequest(timestamp: string, signature: string): Promise<boolean> {
    const changed = await this.db.run('INSERT INTO slack_requests (request_key, ts) VALUES (?, ?) ON CONFLICT (request_key) DO NOTHING', [
      `${timestamp}:${signature}`.slice(0, 200),
      this.now(),
    ]);
    return changed === 1;
  }

  /**
   * Counts a question for `key` (channel and user, stored as a salted hash) in the current minute and says whether
   * it is within `perMinute`. The window is the clock minute: across replicas one upsert is exact, where a sliding
   * window would need a lock per question. Attempts over the limit count too, so hammering does not reopen it.
   */
  async allow(key: string, perMinute: number): Promise<boolean> {
    if (perMinute <= 0) return true;
    const windowStart = Math.floor(this.now() / MINUTE_MS) * MINUTE_MS;
    const row = await this.db.get<{ hits: number }>(
      `INSERT INTO rate_windows (key_hash, window_start, hits) VALUES (?, ?, 1)
       ON CONFLICT (key_hash, window_start) DO UPDATE SET hits = rate_windows.hits + 1
       RETURNING hits`,
      [createHmac('sha256', this.salt).update(`rate:${key}`).digest('hex').slice(0, 32), windowStart],
    );
    return (row?.hits ?? 0) <= perMinute;
  }

  /**
   * Runs `fn` if the job `name` has not run in the last `periodMs` on any replica, and no replica runs it now; the
   * job's statements and its "last run" mark commit together. Returns fn's result, or undefined when skipped.
   */
  runJob<T>(name: string, periodMs: number, fn: (sql: Sql) => Promise<T>): Promise<T | undefined> {
    return this.db.exclusive(name, async (sql) => {
      const last = await sql.get<{ last_run: number }>('SELECT last_run FROM jobs WHERE name = ?', [name]);
      const now = this.now();
      if (last && now - last.last_run < periodMs) return undefined;
      const result = await fn(sql);
      await sql.run('INSERT INTO jobs (name, last_run) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET last_run = excluded.last_run', [
        name,
        now,
      ]);
      return result;
    });
  }
}

/**
 * PostgreSQL behind the store interface (sql.ts), for two or more replicas: a pooled `pg` client, `?` placeholders
 * numbered for PostgreSQL, BIGINT and NUMERIC read back as numbers, advisory locks for jobs that must run once
 * across replicas, and LISTEN/NOTIFY for news between replicas.
 *
 * When the server goes away, the first failing statement marks the database down: from then on statements fail at
 * once (no connect timeout per question) and a probe asks the server once a second until it answers, then marks it
 * up and tells the listeners (the write queue replays, LISTEN is renewed). Nothing here crashes the process.
 */
import { EventEmitter } from 'node:events';
import { Client, Pool, type PoolClient, type PoolConfig, types } from 'pg';
import { DatabaseDownError, isConnectionError, type Param, PoolBusyError, type Sql } from './sql';

const BIGINT = 20;
const NUMERIC = 1700;
/** Every count, sum and millisecond timestamp fits a double exactly; strings would leak into JSON and sorting. */
const typeParser = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === BIGINT || oid === NUMERIC) return (v: string) => Number(v);
    return types.getTypeParser(oid, format as 'text');
  }) as typeof types.getTypeParser,
};

/** `?` placeholders (the subset both back ends share) as PostgreSQL's `$1, $2, …`; our SQL has no `?` in strings. */
const numbered = new Map<string, string>();
export function toPg(sql: string): string {
  let out = numbered.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    if (numbered.size > 500) numbered.clear();
    numbered.set(sql, out);
  }
  return out;
}

type Queryable = { query: Pool['query'] };

export interface PgOptions {
  url: string;
  /** Connections per replica. */
  max?: number;
  onError?: (message: string, fields?: Record<string, unknown>) => void;
}

export class PgSql extends EventEmitter implements Sql {
  readonly dialect = 'postgres';
  readonly pool: Pool;
  private isUp = true;
  private probe: NodeJS.Timeout | undefined;
  private readonly heartbeat: NodeJS.Timeout;
  /** Statements on the pool, outside a transaction. */
  private readonly onPool: Sql;
  private closed = false;
  private readonly channels = new Map<string, (payload: string) => void>();
  private listenClient: Client | undefined;
  private listenRetry: NodeJS.Timeout | undefined;

  constructor(private readonly options: PgOptions) {
    super();
    this.pool = new Pool(PgSql.config(options));
    this.onPool = this.bound(this.pool);
    // An idle connection the server dropped: without a handler this would end the process.
    this.pool.on('error', (e) => {
      this.options.onError?.('database connection lost', { error: e.message });
      this.markDown();
    });
    // A quiet replica notices a lost database too (for /healthz and /metrics), not only at its next question.
    this.heartbeat = setInterval(() => {
      if (this.isUp) this.query(this.pool, 'SELECT 1', []).catch(() => {});
    }, 5000);
    this.heartbeat.unref();
  }

  static config(options: PgOptions): PoolConfig {
    return {
      connectionString: options.url,
      max: options.max ?? 10,
      connectionTimeoutMillis: 2000,
      idleTimeoutMillis: 30_000,
      // A statement that hangs must not hold a question: answers go out without the log row (the queue retries).
      statement_timeout: 5000,
      query_timeout: 6000,
      application_name: 'faktabot',
      types: typeParser,
    };
  }

  get up(): boolean {
    return this.isUp;
  }

  private markDown(): void {
    if (this.closed) return;
    if (this.isUp) {
      this.isUp = false;
      this.emit('down');
    }
    if (!this.probe) {
      this.probe = setInterval(() => {
        this.pool.query('SELECT 1').then(
          () => this.markUp(),
          () => {},
        );
      }, 1000);
      this.probe.unref();
    }
  }

  private markUp(): void {
    clearInterval(this.probe);
    this.probe = undefined;
    if (this.closed || this.isUp) return;
    this.isUp = true;
    this.emit('up');
  }

  /** pg-pool's wait for a free connection timed out while every connection is checked out: busy, not down. */
  private poolBusy(e: unknown): boolean {
    return (
      /timeout exceeded when trying to connect/.test((e as Error | undefined)?.message ?? '') &&
      this.pool.totalCount >= (this.options.max ?? 10) &&
      this.pool.idleCount === 0
    );
  }

  private async query<T>(on: Queryable, sql: string, params: readonly Param[]): Promise<{ rows: T[]; rowCount: number | null }> {
    if (!this.isUp) throw new DatabaseDownError();
    try {
      return (await on.query(toPg(sql), params as Param[])) as unknown as { rows: T[]; rowCount: number | null };
    } catch (e) {
      if (on === this.pool && this.poolBusy(e)) throw new PoolBusyError();
      if (isConnectionError(e)) {
        this.markDown();
        throw new DatabaseDownError(e);
      }
      throw e;
    }
  }

  private bound(on: Queryable): Sql {
    const self = this;
    const inner: Sql = {
      dialect: 'postgres',
      get up() {
        return self.isUp;
      },
      get: async <T>(s: string, p: readonly Param[] = []) => (await this.query<T>(on, s, p)).rows[0],
      all: async <T>(s: string, p: readonly Param[] = []) => (await this.query<T>(on, s, p)).rows,
      run: async (s, p = []) => (await this.query(on, s, p)).rowCount ?? 0,
      insert: async (s, p = []) => Number((await this.query<{ id: number }>(on, `${s} RETURNING id`, p)).rows[0]?.id),
      tx: (f) => f(inner),
      exclusive: (_n, f) => f(inner),
      afterPurge: async () => {},
      close: async () => {},
    };
    return inner;
  }

  get<T>(sql: string, params: readonly Param[] = []): Promise<T | undefined> {
    return this.onPool.get<T>(sql, params);
  }

  all<T>(sql: string, params: readonly Param[] = []): Promise<T[]> {
    return this.onPool.all<T>(sql, params);
  }

  run(sql: string, params: readonly Param[] = []): Promise<number> {
    return this.onPool.run(sql, params);
  }

  insert(sql: string, params: readonly Param[] = []): Promise<number> {
    return this.onPool.insert(sql, params);
  }

  async tx<T>(fn: (sql: Sql) => Promise<T>, lock?: string): Promise<T> {
    if (!this.isUp) throw new DatabaseDownError();
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      if (this.poolBusy(e)) throw new PoolBusyError();
      if (isConnectionError(e)) this.markDown();
      throw isConnectionError(e) ? new DatabaseDownError(e) : e;
    }
    const inner = this.bound(client);
    let broken: unknown;
    try {
      await inner.run('BEGIN');
      if (lock) await inner.get('SELECT pg_advisory_xact_lock(hashtext(?))', [lock]);
      const result = await fn(inner);
      await inner.run('COMMIT');
      return result;
    } catch (e) {
      broken = isConnectionError(e) ? e : undefined;
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release(broken instanceof Error ? broken : undefined);
    }
  }

  async exclusive<T>(name: string, fn: (sql: Sql) => Promise<T>): Promise<T | undefined> {
    return this.tx(async (inner) => {
      const got = await inner.get<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext(?)) AS locked', [`faktabot:${name}`]);
      return got?.locked ? fn(inner) : undefined;
    });
  }

  async afterPurge(): Promise<void> {}

  /** Sends `payload` to every replica listening on `channel` (this one included). */
  async notify(channel: string, payload: string): Promise<void> {
    await this.get('SELECT pg_notify(?, ?)', [channel, payload]);
  }

  /**
   * Calls `handler` for every notification on `channel`, on a connection of its own that is renewed when lost; after
   * a renewal the handler is called with "reconnected", since notifications sent meanwhile are gone.
   */
  async listen(channel: string, handler: (payload: string) => void): Promise<void> {
    this.channels.set(channel, handler);
    await this.connectListener(false);
  }

  private async connectListener(renewed: boolean): Promise<void> {
    if (this.closed || this.channels.size === 0) return;
    const client = new Client(PgSql.config(this.options));
    const retry = () => {
      if (this.closed || this.listenRetry) return;
      if (this.listenClient === client) this.listenClient = undefined;
      client.end().catch(() => {});
      this.listenRetry = setTimeout(() => {
        this.listenRetry = undefined;
        this.connectListener(true).catch(() => {});
      }, 1000);
      this.listenRetry.unref();
    };
    client.on('error', (e) => {
      this.options.onError?.('database listener lost', { error: e.message });
      retry();
    });
    client.on('end', retry);
    client.on('notification', (n) => this.channels.get(n.channel)?.(n.payload ?? ''));
    try {
      await client.connect();
      for (const ch of this.channels.keys()) await client.query(`LISTEN "${ch.replace(/"/g, '')}"`);
      this.listenClient = client;
      if (renewed) for (const handler of this.channels.values()) handler('reconnected');
    } catch {
      retry();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.probe);
    clearInterval(this.heartbeat);
    clearTimeout(this.listenRetry);
    const listener = this.listenClient;
    this.listenClient = undefined;
    await listener?.end().catch(() => {});
    await this.pool.end().catch(() => {});
  }
}

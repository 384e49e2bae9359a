/**
 * The one store interface every store module is written against: a few async calls with `?` placeholders, and two
 * implementations. SqliteSql (here) wraps the embedded better-sqlite3 file, the zero-setting default; PgSql
 * (pg.ts) a pooled PostgreSQL, for several replicas. The SQL the stores send is written once, in the subset both
 * speak (quoted camelCase aliases, ON CONFLICT upserts, integer flags); the differences live in these two classes.
 */
import type { Statement } from 'better-sqlite3';
import { DatabaseDownError, PoolBusyError } from '../errors';
import type { Db } from './db';

export { DatabaseDownError, PoolBusyError };

export type Param = string | number | null;

export interface Sql {
  readonly dialect: 'sqlite' | 'postgres';
  get<T>(sql: string, params?: readonly Param[]): Promise<T | undefined>;
  all<T>(sql: string, params?: readonly Param[]): Promise<T[]>;
  /** Runs a statement; returns how many rows it changed. */
  run(sql: string, params?: readonly Param[]): Promise<number>;
  /** Runs an INSERT into a table with an `id` column; returns the new row's id. */
  insert(sql: string, params?: readonly Param[]): Promise<number>;
  /** Runs `fn` in one transaction: all of it or nothing. */
  tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in a transaction only if no other process runs the job `name` at the same time (PostgreSQL: an
   * advisory lock); returns undefined without running it otherwise. One process on SQLite always runs it.
   */
  exclusive<T>(name: string, fn: (sql: Sql) => Promise<T>): Promise<T | undefined>;
  /** After deleting personal rows: make sure the bytes leave the files (SQLite: empty the WAL). */
  afterPurge(): Promise<void>;
  /** Whether the database answers (SQLite: always, unless closed). */
  readonly up: boolean;
  close(): Promise<void>;
}

/** True for errors that mean "the database is away" rather than "this statement is wrong". */
export function isConnectionError(e: unknown): boolean {
  if (e instanceof PoolBusyError) return false;
  if (e instanceof DatabaseDownError) return true;
  const err = e as { code?: string; message?: string } | undefined;
  const code = err?.code ?? '';
  if (/^(ECONN|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)/.test(code)) return true;
  // 08: connection exceptions; 57P0x: the server is shutting down or restarting; 53300: too many connections.
  if (/^(08|57P0|53300)/.test(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(
    err?.message ?? '',
  );
}

/** The embedded database: synchronous underneath, so a transaction holds back every other statement until it ends. */
export class SqliteSql implements Sql {
  readonly dialect = 'sqlite';
  private readonly statements = new Map<string, Statement>();
  /** The running transaction's promise, which statements from outside it wait for. */
  private busy: Promise<void> | undefined;
  /** The last transaction in line: the next one starts when it ends. */
  private tail: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(readonly db: Db) {}

  get up(): boolean {
    return !this.closed && this.db.open;
  }

  private prepared(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Statements from outside a running transaction wait for it to end. */
  private async idle(): Promise<void> {
    while (this.busy) await this.busy;
  }

  async get<T>(sql: string, params: readonly Param[] = []): Promise<T | undefined> {
    await this.idle();
    return this.prepared(sql).get(...params) as T | undefined;
  }

  async all<T>(sql: string, params: readonly Param[] = []): Promise<T[]> {
    await this.idle();
    return this.prepared(sql).all(...params) as T[];
  }

  async run(sql: string, params: readonly Param[] = []): Promise<number> {
    await this.idle();
    return this.prepared(sql).run(...params).changes;
  }

  async insert(sql: string, params: readonly Param[] = []): Promise<number> {
    await this.idle();
    return Number(this.prepared(sql).run(...params).lastInsertRowid);
  }

  async tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const before = this.tail;
    this.tail = mine;
    await before;
    this.busy = mine;
    // Inside the transaction, statements run directly (the same connection).
    const inner: Sql = {
      dialect: 'sqlite',
      up: true,
      get: async (s, p = []) => this.prepared(s).get(...p) as never,
      all: async (s, p = []) => this.prepared(s).all(...p) as never,
      run: async (s, p = []) => this.prepared(s).run(...p).changes,
      insert: async (s, p = []) => Number(this.prepared(s).run(...p).lastInsertRowid),
      tx: (f) => f(inner),
      exclusive: (_n, f) => f(inner),
      afterPurge: async () => {},
      close: async () => {},
    };
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await fn(inner);
      this.db.exec('COMMIT');
      return result;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw e;
    } finally {
      if (this.busy === mine) this.busy = undefined;
      release();
    }
  }

  exclusive<T>(_name: string, fn: (sql: Sql) => Promise<T>): Promise<T | undefined> {
    return this.tx(fn);
  }

  async afterPurge(): Promise<void> {
    await this.idle();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.db.open) this.db.close();
  }
}

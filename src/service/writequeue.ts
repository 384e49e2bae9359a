/**
 * Writes that must not block an answer (the question log row, a vote, a suggestion click) and failed because the
 * database was away wait here, in memory and bounded, and are replayed in order when it is back (or every few
 * seconds). When the queue is full the oldest write is dropped and counted as lost; a replica that stops loses
 * what is queued, which the log says at shutdown. Only connection failures queue: a wrong statement is a bug and
 * is logged, not retried.
 */
import { isConnectionError } from '../store/sql';
import type { Logger } from './logger';

export interface QueueStats {
  queued(n: number): void;
  retried(): void;
  lost(n: number): void;
}

interface Pending {
  what: string;
  write: () => Promise<unknown>;
  attempts: number;
}

export class WriteQueue {
  private readonly pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing = false;

  constructor(
    private readonly log: Logger,
    private readonly stats: QueueStats,
    readonly limit = 10_000,
    private readonly retryMs = 2000,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  /**
   * Runs `write`; if the database is away, keeps it for later and resolves undefined. Other errors are thrown.
   * `what` names the kind of write for the log (never its content).
   */
  async attempt<T>(what: string, write: () => Promise<T>): Promise<T | undefined> {
    try {
      return await write();
    } catch (e) {
      if (!isConnectionError(e)) throw e;
      this.enqueue(what, write);
      return undefined;
    }
  }

  private enqueue(what: string, write: () => Promise<unknown>): void {
    this.pending.push({ what, write, attempts: 0 });
    if (this.pending.length > this.limit) {
      const dropped = this.pending.shift();
      this.stats.lost(1);
      this.log.error('database write lost: the write queue is full', { what: dropped?.what, limit: this.limit });
    }
    if (this.pending.length === 1) this.log.warn('database unreachable: writes are queued in memory', { limit: this.limit });
    this.stats.queued(this.pending.length);
    if (!this.timer) {
      this.timer = setInterval(() => void this.flush(), this.retryMs);
      this.timer.unref();
    }
  }

  /** Replays queued writes in order until one fails for want of a connection. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pending.length) {
        const next = this.pending[0] as Pending;
        try {
          next.attempts++;
          await next.write();
          this.stats.retried();
        } catch (e) {
          if (isConnectionError(e)) return;
          // The write itself is refused now (say its question was purged meanwhile): drop it, say so.
          this.stats.lost(1);
          this.log.error('queued database write failed; dropped', { what: next.what, error: (e as Error).message });
        }
        this.pending.shift();
        this.stats.queued(this.pending.length);
      }
      clearInterval(this.timer);
      this.timer = undefined;
      this.log.info('database writes caught up');
    } finally {
      this.flushing = false;
    }
  }

  /** At shutdown: what is still queued is lost with the process. */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.pending.length) {
      this.stats.lost(this.pending.length);
      this.log.error('database writes lost at shutdown', { count: this.pending.length });
      this.pending.length = 0;
    }
  }
}

/**
 * The service's periodic job: the retention purge, which deletes questions, tickets and the audit trail older than
 * LOG_RETENTION_DAYS, and conversation contexts past their idle time. Every replica looks every PURGE_CHECK_MS; the jobs table and an advisory lock let one of them
 * purge once per PURGE_PERIOD_MS.
 */
import { PURGE_CHECK_MS, PURGE_PERIOD_MS } from '../limits';
import type { Logger } from './logger';
import type { Stores } from './stores';

export interface RetentionPurge {
  /** Runs the purge if no replica ran it in the last period; the questions deleted, or undefined. Never throws. */
  run(): Promise<number | undefined>;
  /** Runs it now, then on a timer that does not keep the process alive. */
  start(): Promise<void>;
  stop(): void;
}

export function retentionPurge(
  stores: Pick<Stores, 'sql' | 'shared' | 'questions' | 'tickets' | 'changes' | 'conversations'>,
  retentionDays: number,
  log: Logger,
): RetentionPurge {
  const { sql, shared, questions, tickets, changes, conversations } = stores;
  let timer: NodeJS.Timeout | undefined;
  const run = async (): Promise<number | undefined> => {
    try {
      const n = await shared.runJob('purge', PURGE_PERIOD_MS, async (tx) => {
        const rows = await questions.purge(retentionDays, tx);
        await tickets.purge(retentionDays, tx);
        await changes.purge(retentionDays, tx);
        await conversations.purgeExpired(tx);
        return rows;
      });
      if (n) {
        await sql.afterPurge();
        log.info('question log purged', { rows: n, retentionDays });
      }
      return n;
    } catch (e) {
      log.error('question log purge failed', { error: (e as Error).message });
      return undefined;
    }
  };
  return {
    run,
    async start() {
      await run();
      timer = setInterval(() => void run(), Math.min(PURGE_PERIOD_MS, PURGE_CHECK_MS));
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/**
 * What replicas share through the database, and what this process does while the database is away: the per-user
 * rate limit, the de-duplication of Slack events and signed requests, knowledge change notices (PostgreSQL's
 * LISTEN/NOTIFY) and the database's up/down state. On SQLite there is one process and memory decides.
 */
import type { OpenedStore } from '../store/open';
import type { SharedState } from '../store/shared';
import { isConnectionError } from '../store/sql';
import type { LiveKnowledge } from './knowledge';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import { RateLimiter } from './ratelimit';
import type { WriteQueue } from './writequeue';

/** The PostgreSQL channel on which replicas announce knowledge changes; the payload is the sender's replica id. */
export const KNOWLEDGE_CHANNEL = 'faktabot_knowledge';

/** The Service members that rest on shared state (server.ts documents each). */
export interface SharedChecks {
  allow(key: string): Promise<boolean>;
  claimEvent(eventId: string): Promise<boolean>;
  claimRequest(timestamp: string, signature: string): Promise<boolean>;
}

/**
 * The rate limit and the claims. One process: a sliding window in memory. Replicas: a per-minute count in the
 * database, and the in-memory window while the database is away (each replica then limits on its own). A claim the
 * database cannot answer is decided by this process (a retry to another replica may then be answered twice, never
 * lost).
 */
export function sharedChecks(store: OpenedStore, shared: SharedState, perMinute: number, log: Logger): SharedChecks {
  const limiter = new RateLimiter(perMinute);
  return {
    async allow(key) {
      if (!store.pg) return limiter.allow(key);
      try {
        return await shared.allow(key, perMinute);
      } catch (e) {
        if (!isConnectionError(e)) log.error('rate limit check failed', { error: (e as Error).message });
        return limiter.allow(key);
      }
    },
    async claimEvent(eventId) {
      try {
        return await shared.claimSlackEvent(eventId);
      } catch (e) {
        log.warn('event de-duplication fell back to this process', { error: (e as Error).message });
        return true;
      }
    },
    async claimRequest(timestamp, signature) {
      try {
        return await shared.claimSlackRequest(timestamp, signature);
      } catch (e) {
        log.warn('request de-duplication fell back to this process', { error: (e as Error).message });
        return true;
      }
    },
  };
}

/** On PostgreSQL: the database's up/down state in the metrics and the log; queued log writes go out when it is back. */
export function watchDatabase(store: OpenedStore, metrics: Metrics, writes: WriteQueue, log: Logger): void {
  const pg = store.pg;
  if (!pg) return;
  pg.on('down', () => {
    metrics.databaseUp.set(0);
    log.error('database unreachable: answering continues, log writes are queued', { database: store.where });
  });
  pg.on('up', () => {
    metrics.databaseUp.set(1);
    log.info('database reachable again', { database: store.where });
    void writes.flush();
  });
}

/**
 * Knowledge changes between replicas: this replica's own reloads (an edit, "Ladda om", its file watch) are announced
 * once `open()` was called, and another replica's announcements rebuild from the shared knowledge folder.
 */
export class KnowledgeNotices {
  private open = false;

  constructor(
    private readonly store: OpenedStore,
    private readonly replica: string,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {}

  /** After a local reload that built: tell the other replicas (PostgreSQL only, after start). */
  announce(): void {
    if (!this.open || !this.store.pg) return;
    this.store.pg
      .notify(KNOWLEDGE_CHANNEL, this.replica)
      .catch((e) => this.log.warn('knowledge change not announced', { error: (e as Error).message }));
  }

  /**
   * Starts listening for the other replicas' changes, and announcing this one's. After the listener's connection was
   * renewed, notices may have been missed: the knowledge is rebuilt to be sure.
   */
  async listen(knowledge: LiveKnowledge): Promise<void> {
    if (this.store.pg)
      await this.store.pg.listen(KNOWLEDGE_CHANNEL, (payload) => {
        if (payload === this.replica) return;
        this.metrics.knowledgeNotices.inc();
        const r = knowledge.reload('notice');
        this.log.info('knowledge reloaded on notice from another replica', { ok: r.ok, reconnected: payload === 'reconnected' });
      });
    this.open = true;
  }
}

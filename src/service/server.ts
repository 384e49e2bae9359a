/**
 * The HTTP service on Fastify: /healthz and /metrics (routes/ops.ts), the communicators' console under /console
 * (routes/console.ts), and the Slack and Teams endpoints, whose adapters mount a handler on the raw body through
 * `routes` (routes/adapters.ts). `createService` composes parts that each live in a file of their own: the stores
 * (stores.ts), the live knowledge (knowledge.ts), the shared checks and knowledge notices between replicas
 * (replicas.ts), asking (ask.ts), the Fastify instance (app.ts), its error handler (errorhandler.ts), the connection
 * caps (clientcap.ts) and the retention purge (jobs.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Calibration } from '../answer/confidence';
import { formatIssue } from '../errors';
import { repoRoot } from '../paths';
import { migrate, type OpenedStore } from '../store/open';
import type { PgSql } from '../store/pg';
import type { ClickKind, QuestionLog } from '../store/questions';
import type { SessionStore } from '../store/sessions';
import type { SharedState } from '../store/shared';
import type { Sql } from '../store/sql';
import type { TicketStore } from '../store/tickets';
import { allowedHosts, allowedOrigins, proxyList } from './access';
import { createApp } from './app';
import { type AskContext, type AskResult, asking } from './ask';
import { limitConnections } from './clientcap';
import type { Config } from './config';
import { KnowledgeEditor } from './editor';
import { installErrorHandler } from './errorhandler';
import type { AdapterHandler } from './http';
import { retentionPurge } from './jobs';
import { LiveKnowledge } from './knowledge';
import { createLogger, type Logger } from './logger';
import { Metrics } from './metrics';
import { OidcSignIn } from './oidc';
import { KnowledgeNotices, sharedChecks, watchDatabase } from './replicas';
import { registerAdapterRoutes } from './routes/adapters';
import { type ConsoleRoute, registerConsole } from './routes/console';
import { registerOps } from './routes/ops';
import { openStores } from './stores';
import { SupportDesk } from './support';
import { WriteQueue } from './writequeue';

export { PURGE_PERIOD_MS } from '../limits';
export { KNOWLEDGE_CHANNEL } from './replicas';

export interface Service {
  app: FastifyInstance;
  server: Server;
  knowledge: LiveKnowledge;
  questions: QuestionLog;
  sessions: SessionStore;
  /** The database (SQLite or PostgreSQL) behind every store. */
  sql: Sql;
  store: OpenedStore;
  /** Slack event and request de-duplication, per-user rate limits and periodic jobs, shared by replicas through the database. */
  shared: SharedState;
  /** Log writes waiting for the database to come back. */
  writes: WriteQueue;
  /** A random id of this process, in knowledge notices and /healthz. */
  replica: string;
  log: Logger;
  config: Config;
  metrics: Metrics;
  /** The host names the console and the local Teams mode answer to (access.ts). */
  hosts: Set<string>;
  /** The origins (scheme, host, port) a state-changing browser request may come from (access.ts); filled at start. */
  origins: Set<string>;
  /** Adapter endpoints (exact path -> handler), for the Slack and Teams adapters; see routes/adapters.ts. */
  routes: Map<string, AdapterHandler>;
  /**
   * The one call every channel makes: rate limit (per user; the console's per person or session, none on loopback),
   * engine, redacted question log, metrics.
   * Never throws for any question text; a failing log write is logged and the answer still returned.
   */
  ask(question: string, ctx: AskContext): Promise<AskResult>;
  /**
   * A click on a "Menade du…?" suggestion or a related question: asks it like `ask`, and records which entry was
   * chosen after logged question `from` (ids only; same rule as feedback: the asker or someone in the conversation).
   */
  choose(question: string, from: { questionId: number; kind: ClickKind } | undefined, ctx: AskContext): Promise<AskResult>;
  /** Console edits of the knowledge, with their audit trail. */
  editor: KnowledgeEditor;
  /** "Fråga supporten": tickets to the support desk channel; the chat adapters register their platforms here. */
  support: SupportDesk;
  tickets: TicketStore;
  /** Every console route with the roles it declares (filled when the app is ready). */
  consoleRoutes: ConsoleRoute[];
  /**
   * True when `key` (channel and user) may ask now; records the attempt. Across replicas on PostgreSQL (a
   * per-minute count in the database); in this process only on SQLite, or while the database is away.
   */
  allow(key: string): Promise<boolean>;
  /**
   * True the first time a platform event id (Slack's event_id) is claimed by any replica; false for a retry already
   * handled. While the database is away, this process's own memory decides (a retry to another replica may then be
   * answered twice, never lost).
   */
  claimEvent(eventId: string): Promise<boolean>;
  /**
   * True the first time a signed platform request (Slack's timestamp and signature) is claimed by any replica; false
   * for a replay of one already handled. While the database is away, this process's own memory decides.
   */
  claimRequest(timestamp: string, signature: string): Promise<boolean>;
  /** Runs the retention purge if no replica ran it in the last period; returns the questions deleted, or undefined. */
  purge(): Promise<number | undefined>;
  start(): Promise<AddressInfo>;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  logger?: Logger;
  /** The engine's calibration instead of the shipped one: tests set where the bot answers, interprets and declines. */
  calibration?: Calibration;
}

export function createService(config: Config, options: ServiceOptions = {}): Service {
  const log = options.logger ?? createLogger(config.logLevel);
  const replica = randomUUID();
  const stores = openStores(config, log, (text) => knowledge.engine.guard.describesPatient(text));
  const { store, sql, questions, tickets, sessions, shared, changes } = stores;
  const metrics = new Metrics();
  const writes = new WriteQueue(log, {
    queued: (n) => metrics.writeQueue.set(n),
    retried: () => metrics.writesRetried.inc(),
    lost: (n) => metrics.writesLost.inc(n),
  });
  const notices = new KnowledgeNotices(store, replica, metrics, log);
  const knowledge = new LiveKnowledge(
    config.knowledgeDir,
    log,
    config.reviewAfterDays,
    (ok, origin) => {
      metrics.reloads.inc({ result: ok ? 'ok' : 'failed' });
      // This replica's own change (an edit, "Ladda om", its file watch) is announced to the others.
      if (ok && origin === 'local') notices.announce();
    },
    options.calibration,
  );
  watchDatabase(store, metrics, writes, log);
  const checks = sharedChecks(store, shared, config.rateLimitPerMinute, log);
  const { ask, choose } = asking({ knowledge, questions, writes, metrics, log, allow: checks.allow, conversations: stores.conversations });
  const support = new SupportDesk({ config, log, tickets, questions, knowledge, allow: checks.allow });
  const editor = new KnowledgeEditor(knowledge, changes, log, {
    evalFile: join(repoRoot(), 'test', 'eval', 'questions.jsonl'),
    // Replicas share the knowledge folder: one console edit at a time across all of them, so that the version check
    // and the write cannot interleave with another replica's.
    exclusive: store.pg ? (fn) => (store.pg as PgSql).tx((tx) => fn(tx), 'faktabot:knowledge-edit') : undefined,
  });
  const purge = retentionPurge(stores, config.logRetentionDays, log);

  const adapterHandlers = new Map<string, AdapterHandler>();
  const hosts = allowedHosts(config);
  const origins = new Set<string>();
  const trustedProxy = proxyList(config.trustProxy);
  const app = createApp(config, log, metrics);
  limitConnections(app.server, config, trustedProxy, log);
  installErrorHandler(app, log, config.maxBodyBytes);
  registerOps(app, { sql, writes, knowledge, metrics, keeping: config });
  const consoleRoutes: ConsoleRoute[] = [];
  registerConsole(app, {
    config,
    log,
    hosts,
    origins,
    trustedProxy,
    knowledge,
    questions,
    sessions,
    ask,
    choose,
    editor,
    tickets,
    oidc: config.oidc ? new OidcSignIn(config.oidc, config.outboundTimeoutMs) : undefined,
    routeTable: consoleRoutes,
  });
  registerAdapterRoutes(app, { handlers: adapterHandlers, hosts, trustedProxy });

  return {
    app,
    server: app.server,
    knowledge,
    questions,
    sessions,
    sql,
    store,
    shared,
    writes,
    replica,
    log,
    config,
    hosts,
    origins,
    routes: adapterHandlers,
    metrics,
    ask,
    choose,
    editor,
    support,
    tickets,
    consoleRoutes,
    allow: checks.allow,
    claimEvent: checks.claimEvent,
    claimRequest: checks.claimRequest,
    purge: purge.run,
    async start() {
      const version = await migrate(sql);
      log.info('database ready', { database: store.where, dialect: sql.dialect, schema: version });
      const first = knowledge.reload();
      if (!first.ok)
        throw new Error(
          `knowledge: cannot start without valid knowledge:\n${first.issues
            .filter((i) => i.severity === 'error')
            .map(formatIssue)
            .join('\n')}`,
        );
      if (config.watchKnowledge) knowledge.watch();
      await notices.listen(knowledge);
      await purge.start();
      await app.listen({ port: config.port, host: config.host, listenTextResolver: () => 'http server listening' });
      const address = app.server.address() as AddressInfo;
      for (const origin of allowedOrigins(config, address.port)) origins.add(origin);
      logListening(log, config, address, hosts);
      return address;
    },
    async stop() {
      purge.stop();
      knowledge.close();
      await app.close();
      writes.close();
      await sql.close();
      log.info('faktabot stopped');
    },
  };
}

/** Where the service listens and how the console signs in, once it listens. */
function logListening(log: Logger, config: Config, address: AddressInfo, hosts: Set<string>): void {
  log.info('faktabot listening', {
    url: `http://${address.address}:${address.port}`,
    console: `http://${address.address}:${address.port}/console`,
    consoleSignIn: config.oidc ? 'organisation (OIDC)' : config.consoleToken ? 'CONSOLE_TOKEN' : 'none (loopback only)',
    hosts: [...hosts],
  });
  if (config.oidc && config.consoleToken)
    log.warn('CONSOLE_TOKEN is ignored: with OIDC_ISSUER set, only organisation sign-in opens the console');
  else if (!config.consoleToken && !config.oidc) log.info('no CONSOLE_TOKEN set: the console answers on loopback only');
}

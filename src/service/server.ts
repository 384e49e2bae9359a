/**
 * The HTTP service on Fastify: /healthz and /metrics (routes/ops.ts), the communicators' console under /console
 * (routes/console.ts), and the Slack and Teams endpoints, whose adapters mount a handler on the raw body through
 * `routes` (routes/adapters.ts). This module wires them to the store, the live knowledge and the logger, and holds
 * what every route shares: request ids, metrics labels by route pattern, Swedish errors, timeouts.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, LogController } from 'fastify';
import type { Calibration } from '../answer/confidence';
import { formatIssue } from '../errors';
import { repoRoot } from '../paths';
import { ChangeLog } from '../store/changes';
import { migrate, type OpenedStore, openStore } from '../store/open';
import type { PgSql } from '../store/pg';
import { type ClickKind, QuestionLog } from '../store/questions';
import { Sealer } from '../store/seal';
import { SessionStore, tokenFingerprint } from '../store/sessions';
import { SharedState } from '../store/shared';
import { isConnectionError, PoolBusyError, type Sql } from '../store/sql';
import { TicketStore } from '../store/tickets';
import { TextRefused } from '../text/clean';
import { allowedHosts, allowedOrigins, proxyList } from './access';
import { type AskContext, type AskResult, askAndLog, rateKeyOf, rateLimitedAnswer } from './ask';
import { capConnectionsPerClient } from './clientcap';
import type { Config } from './config';
import { KnowledgeEditor } from './editor';
import { type AdapterHandler, HttpError } from './http';
import { LiveKnowledge } from './knowledge';
import { createLogger, type Logger } from './logger';
import { Metrics } from './metrics';
import { OidcSignIn } from './oidc';
import { RateLimiter } from './ratelimit';
import { registerAdapterRoutes } from './routes/adapters';
import { type ConsoleRoute, registerConsole } from './routes/console';
import { registerOps } from './routes/ops';
import { SupportDesk } from './support';
import { validationMessage } from './validation';
import { WriteQueue } from './writequeue';

/** The PostgreSQL channel on which replicas announce knowledge changes; the payload is the sender's replica id. */
export const KNOWLEDGE_CHANNEL = 'faktabot_knowledge';
/** The purge runs once per this period across all replicas (the jobs table and an advisory lock decide which). */
export const PURGE_PERIOD_MS = 60 * 60 * 1000;

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
  const store = openStore(config, log.warn);
  const { sql, salt } = store;
  // The guard's patient rule reads feedback comments before they are stored (the knowledge is loaded below).
  const questions = new QuestionLog(sql, { salt, describesPatient: (text) => knowledge.engine.guard.describesPatient(text) });
  const tickets = new TicketStore(sql, new Sealer(salt), salt);
  // Sessions are bound to what opens them: the provider, client and role mapping, else the token (sessions.ts).
  const binding = config.oidc
    ? // A changed role mapping ends sessions too: their roles were read with the old one.
      tokenFingerprint(
        `oidc:${config.oidc.issuer.href} ${config.oidc.clientId} ${config.oidc.roleClaim} ${JSON.stringify(config.oidc.roleValues)}`,
        salt,
      )
    : config.consoleToken
      ? tokenFingerprint(config.consoleToken, salt)
      : '';
  const sessions = new SessionStore(sql, { lifetimeMs: config.consoleSessionMs, idleMs: config.consoleIdleMs }, undefined, binding);
  const shared = new SharedState(sql, salt);
  const metrics = new Metrics();
  const writes = new WriteQueue(log, {
    queued: (n) => metrics.writeQueue.set(n),
    retried: () => metrics.writesRetried.inc(),
    lost: (n) => metrics.writesLost.inc(n),
  });
  let announce = false;
  const knowledge = new LiveKnowledge(
    config.knowledgeDir,
    log,
    config.reviewAfterDays,
    (ok, origin) => {
      metrics.reloads.inc({ result: ok ? 'ok' : 'failed' });
      // This replica's own change (an edit, "Ladda om", its file watch) is announced to the others.
      if (ok && origin === 'local' && announce && store.pg)
        store.pg
          .notify(KNOWLEDGE_CHANNEL, replica)
          .catch((e) => log.warn('knowledge change not announced', { error: (e as Error).message }));
    },
    options.calibration,
  );
  if (store.pg) {
    store.pg.on('down', () => {
      metrics.databaseUp.set(0);
      log.error('database unreachable: answering continues, log writes are queued', { database: store.where });
    });
    store.pg.on('up', () => {
      metrics.databaseUp.set(1);
      log.info('database reachable again', { database: store.where });
      void writes.flush();
    });
  }
  // One process: a sliding window in memory. Replicas: a per-minute count in the database, and the in-memory window
  // while the database is away (each replica then limits on its own).
  const limiter = new RateLimiter(config.rateLimitPerMinute);
  const allow = async (key: string): Promise<boolean> => {
    if (!store.pg) return limiter.allow(key);
    try {
      return await shared.allow(key, config.rateLimitPerMinute);
    } catch (e) {
      if (!isConnectionError(e)) log.error('rate limit check failed', { error: (e as Error).message });
      return limiter.allow(key);
    }
  };
  const claimEvent = async (eventId: string): Promise<boolean> => {
    try {
      return await shared.claimSlackEvent(eventId);
    } catch (e) {
      log.warn('event de-duplication fell back to this process', { error: (e as Error).message });
      return true;
    }
  };
  const claimRequest = async (timestamp: string, signature: string): Promise<boolean> => {
    try {
      return await shared.claimSlackRequest(timestamp, signature);
    } catch (e) {
      log.warn('request de-duplication fell back to this process', { error: (e as Error).message });
      return true;
    }
  };
  const ask = async (question: string, ctx: AskContext): Promise<AskResult> => {
    const started = performance.now();
    let result: AskResult;
    // The console is limited per person or session, which its route names; on loopback it names none: only this
    // machine reaches the console then, and whoever is on it has the machine anyway.
    const limited = ctx.channel !== 'console' || ctx.rateKey !== undefined;
    if (limited && !(await allow(rateKeyOf(ctx)))) {
      log.info('rate limited', { channel: ctx.channel, requestId: ctx.requestId });
      result = { answer: rateLimitedAnswer(question), questionId: undefined };
    } else {
      result = await askAndLog(knowledge.engine, questions, log, question, ctx, writes);
    }
    metrics.question(ctx.channel, result.answer.kind, result.answer.answered, (performance.now() - started) / 1000);
    return result;
  };
  const choose = async (
    question: string,
    from: { questionId: number; kind: ClickKind } | undefined,
    ctx: AskContext,
  ): Promise<AskResult> => {
    const result = await ask(question, ctx);
    if (!from || result.answer.kind === 'rate_limited') return result;
    const entry = knowledge.engine.kb.faq.find((e) => e.question === question.trim());
    if (!entry) return result;
    try {
      const saved = await writes.attempt('suggestion click', () =>
        questions.click(from.questionId, entry.id, result.questionId, from.kind, {
          channel: ctx.channel,
          userId: ctx.userId ?? 'anonymous',
          conversationId: ctx.conversationId,
        }),
      );
      if (saved && saved !== 'saved')
        log.info('suggestion click not recorded', { reason: saved, channel: ctx.channel, requestId: ctx.requestId });
    } catch (e) {
      log.error('suggestion click could not be saved', { error: (e as Error).message, requestId: ctx.requestId });
    }
    return result;
  };
  const support = new SupportDesk({ config, log, tickets, questions, knowledge, allow });
  const changes = new ChangeLog(sql);
  const editor = new KnowledgeEditor(knowledge, changes, log, {
    evalFile: join(repoRoot(), 'test', 'eval', 'questions.jsonl'),
    // Replicas share the knowledge folder: one console edit at a time across all of them, so that the version check
    // and the write cannot interleave with another replica's.
    exclusive: store.pg ? (fn) => (store.pg as PgSql).tx((tx) => fn(tx), 'faktabot:knowledge-edit') : undefined,
  });
  const routes = new Map<string, AdapterHandler>();
  const hosts = allowedHosts(config);
  const origins = new Set<string>();
  const trustedProxy = proxyList(config.trustProxy);

  const app = Fastify({
    loggerInstance: log.pino as FastifyBaseLogger,
    // Requests are logged once, by route pattern, in onResponse below: a raw path can carry a personnummer.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.maxBodyBytes,
    // Node checks the header and request deadlines only this often (30 s by default): 1,500 trickling clients then
    // held their connections 33 s. Checked every second, a slow client is cut at the deadline.
    http: { connectionsCheckingInterval: 1000 },
    // Behind TRUST_PROXY's proxies request.ip is the client the proxy names (the sign-in limit is keyed on it);
    // otherwise the socket's address, whatever X-Forwarded-For says.
    trustProxy: config.trustProxy.length ? config.trustProxy : false,
    requestTimeout: 30_000,
    // Node closes an idle keep-alive connection after 5 s by default. A client or proxy that reuses the connection at
    // that moment gets ECONNRESET (a 502 behind a proxy): the load bench saw one in 36,000 requests. Idle connections
    // stay open longer than the 60 s idle timeout of common load balancers, so the proxy is the side that closes them.
    keepAliveTimeout: 65_000,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    // Bodies are validated as sent: "5" is not a number and "true" not a boolean.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    schemaErrorFormatter: (errors) => new HttpError(400, validationMessage(errors)),
  });
  app.server.headersTimeout = 15_000;
  app.server.maxConnections = config.maxConnections;
  let lastCapWarning = 0;
  capConnectionsPerClient(app.server, {
    perClient: config.maxConnectionsPerClient,
    exempt: trustedProxy,
    onRefused: () => {
      if (Date.now() - lastCapWarning < 60_000) return;
      lastCapWarning = Date.now();
      log.warn('connections over MAX_CONNECTIONS_PER_CLIENT from one client address were closed on arrival');
    },
  });
  // Idle keep-alive connections count against the cap: near it, they are closed, so that a client holding many idle
  // sockets cannot keep Slack, Teams and the probes out.
  let open = 0;
  app.server.on('connection', (socket) => {
    open++;
    socket.once('close', () => open--);
    if (open >= Math.max(1, Math.floor(config.maxConnections * 0.9))) app.server.closeIdleConnections();
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    // Labels come from the fixed route table; anything else is "other", so /metrics cannot grow with random paths.
    const route = request.routeOptions.url ?? 'other';
    metrics.httpSeconds.observe({ route, status: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
    const fields = { requestId: request.id, method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    // Rejected requests (4xx, and 501 for invokes a bot does not implement) are not worth a line at info level.
    if ((reply.statusCode >= 400 && reply.statusCode < 500) || reply.statusCode === 501) log.debug('request rejected', fields);
    else log.info('request', fields);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (status: number, message: string) => reply.code(status).send({ error: message });
    if (error instanceof HttpError) return reply.code(error.status).send({ ...error.details, error: error.message });
    if (error instanceof TextRefused) return send(400, error.message);
    if (error instanceof PoolBusyError) {
      log.warn('request waited too long for a database connection (this replica is busy)', { requestId: request.id });
      return reply
        .code(503)
        .header('retry-after', '1')
        .send({ error: 'Faktabot har många förfrågningar just nu. Försök igen om en stund.' });
    }
    if (isConnectionError(error)) {
      log.warn('request needs the database, which is unreachable', { requestId: request.id, route: request.routeOptions.url });
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ error: 'Faktabots databas går inte att nå just nu. Försök igen om en stund.', requestId: request.id });
    }
    if (error.validation) return send(400, validationMessage(error.validation));
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        reply.header('connection', 'close');
        return send(413, `Förfrågan är för stor (högst ${config.maxBodyBytes} byte).`);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(415, 'Skicka förfrågan som JSON (Content-Type: application/json).');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return send(400, 'Ogiltig JSON i förfrågan.');
    }
    if (error instanceof SyntaxError || (error.statusCode && error.statusCode >= 400 && error.statusCode < 500))
      return send(error.statusCode && error.statusCode !== 500 ? error.statusCode : 400, 'Ogiltig förfrågan.');
    log.error('request failed', { requestId: request.id, error });
    return reply.code(500).send({ error: 'Något gick fel hos Faktabot. Försök igen om en stund.', requestId: request.id });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'Okänd adress.' }));

  registerOps(app, { sql, writes, knowledge, metrics, retentionDays: config.logRetentionDays });
  const oidc = config.oidc ? new OidcSignIn(config.oidc, config.outboundTimeoutMs) : undefined;
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
    oidc,
    routes: consoleRoutes,
  });
  registerAdapterRoutes(app, { routes, hosts, trustedProxy });

  let purgeTimer: NodeJS.Timeout | undefined;
  const purge = async (): Promise<number | undefined> => {
    try {
      const n = await shared.runJob('purge', PURGE_PERIOD_MS, async (tx) => {
        const rows = await questions.purge(config.logRetentionDays, tx);
        await tickets.purge(config.logRetentionDays, tx);
        await changes.purge(config.logRetentionDays, tx);
        return rows;
      });
      if (n) {
        await sql.afterPurge();
        log.info('question log purged', { rows: n, retentionDays: config.logRetentionDays });
      }
      return n;
    } catch (e) {
      log.error('question log purge failed', { error: (e as Error).message });
      return undefined;
    }
  };

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
    routes,
    metrics,
    ask,
    choose,
    editor,
    support,
    tickets,
    consoleRoutes,
    allow,
    claimEvent,
    claimRequest,
    purge,
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
      if (store.pg) {
        // Another replica's edit or reload: rebuild from the (shared) knowledge folder. After the listener's
        // connection was renewed, notices may have been missed: rebuild to be sure.
        await store.pg.listen(KNOWLEDGE_CHANNEL, (payload) => {
          if (payload === replica) return;
          metrics.knowledgeNotices.inc();
          const r = knowledge.reload('notice');
          log.info('knowledge reloaded on notice from another replica', { ok: r.ok, reconnected: payload === 'reconnected' });
        });
      }
      announce = true;
      await purge();
      // Every replica looks every five minutes; the jobs table lets one of them purge once per period.
      purgeTimer = setInterval(() => void purge(), Math.min(PURGE_PERIOD_MS, 5 * 60 * 1000));
      purgeTimer.unref();
      await app.listen({ port: config.port, host: config.host, listenTextResolver: () => 'http server listening' });
      const address = app.server.address() as AddressInfo;
      for (const origin of allowedOrigins(config, address.port)) origins.add(origin);
      log.info('faktabot listening', {
        url: `http://${address.address}:${address.port}`,
        console: `http://${address.address}:${address.port}/console`,
        consoleSignIn: config.oidc ? 'organisation (OIDC)' : config.consoleToken ? 'CONSOLE_TOKEN' : 'none (loopback only)',
        hosts: [...hosts],
      });
      if (config.oidc && config.consoleToken)
        log.warn('CONSOLE_TOKEN is ignored: with OIDC_ISSUER set, only organisation sign-in opens the console');
      else if (!config.consoleToken && !config.oidc) log.info('no CONSOLE_TOKEN set: the console answers on loopback only');
      return address;
    },
    async stop() {
      clearInterval(purgeTimer);
      knowledge.close();
      await app.close();
      writes.close();
      await sql.close();
      log.info('faktabot stopped');
    },
  };
}

/**
 * The HTTP service: /healthz, the communicators' console under /console, and room for the Slack and Teams
 * endpoints (/slack/events, /api/messages), which their adapters mount through `routes`.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { answerJson } from '../cli/format';
import { repoRoot } from '../cli/paths';
import { formatIssue } from '../errors';
import { type Db, openDatabase } from '../store/db';
import { QuestionLog } from '../store/questions';
import { type AskContext, type AskResult, askAndLog, rateLimitedAnswer } from './ask';
import { type Config, isLoopback } from './config';
import { HttpError, parseCookies, readJson, sendJson } from './http';
import { LiveKnowledge } from './knowledge';
import { createLogger, type Logger } from './logger';
import { Metrics } from './metrics';
import { RateLimiter } from './ratelimit';

export type Handler = (req: IncomingMessage, res: ServerResponse, ctx: { requestId: string }) => Promise<void> | void;

export interface Service {
  server: Server;
  knowledge: LiveKnowledge;
  questions: QuestionLog;
  db: Db;
  log: Logger;
  config: Config;
  metrics: Metrics;
  /** Extra routes (exact path -> handler), for the Slack and Teams adapters. */
  routes: Map<string, Handler>;
  /**
   * The one call every channel makes: rate limit (not for the console), engine, redacted question log, metrics.
   * Never throws for any question text; a failing log write is logged and the answer still returned.
   */
  ask(question: string, ctx: AskContext): AskResult;
  start(): Promise<AddressInfo>;
  stop(): Promise<void>;
}

const CONSOLE_DIR = join(repoRoot(), 'src', 'service', 'console');
const ASSETS: Record<string, string> = {
  'console.css': 'text/css; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
};
const COOKIE = 'faktabot_console';
const DAY = 86_400_000;

export function createService(config: Config, options: { logger?: Logger } = {}): Service {
  const log = options.logger ?? createLogger(config.logLevel);
  const db = openDatabase(config.databasePath);
  const questions = new QuestionLog(db, { salt: config.logSalt });
  const metrics = new Metrics();
  const knowledge = new LiveKnowledge(config.knowledgeDir, log, config.reviewAfterDays, (ok) =>
    metrics.reloads.inc({ result: ok ? 'ok' : 'failed' }),
  );
  const limiter = new RateLimiter(config.rateLimitPerMinute);
  // Sign-in attempts per client address: a long random token cannot be guessed online anyway; this keeps it so.
  const logins = new RateLimiter(10);
  const ask = (question: string, ctx: AskContext): AskResult => {
    const started = performance.now();
    let result: AskResult;
    if (ctx.channel !== 'console' && !limiter.allow(`${ctx.channel}:${ctx.userId ?? 'anonymous'}`)) {
      log.info('rate limited', { channel: ctx.channel, requestId: ctx.requestId });
      result = { answer: rateLimitedAnswer(question), questionId: undefined };
    } else {
      result = askAndLog(knowledge.engine, questions, log, question, ctx);
    }
    metrics.question(ctx.channel, result.answer.kind, result.answer.answered, (performance.now() - started) / 1000);
    return result;
  };
  const routes = new Map<string, Handler>();
  const session = config.consoleToken
    ? createHmac('sha256', config.consoleToken).update('faktabot-console-session').digest('hex')
    : undefined;
  const html = readFileSync(join(CONSOLE_DIR, 'index.html'), 'utf8');
  const assets = new Map(Object.keys(ASSETS).map((f) => [f, readFileSync(join(CONSOLE_DIR, f))]));

  const same = (a: string, b: string) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  };

  /** Signed in with the console cookie or a bearer token; without CONSOLE_TOKEN, loopback only. */
  const consoleAccess = (req: IncomingMessage): 'ok' | 'login' | 'forbidden' => {
    if (!config.consoleToken || !session) return isLoopback(req.socket.remoteAddress) ? 'ok' : 'forbidden';
    const cookie = parseCookies(req.headers.cookie)[COOKIE];
    if (cookie && same(cookie, session)) return 'ok';
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer && same(bearer, config.consoleToken)) return 'ok';
    return 'login';
  };

  const consoleApi = async (req: IncomingMessage, res: ServerResponse, path: string, requestId: string): Promise<void> => {
    if (path === '/console/api/login' && req.method === 'POST') {
      if (!logins.allow(`login:${req.socket.remoteAddress ?? ''}`))
        throw new HttpError(429, 'För många inloggningsförsök. Vänta en minut och försök igen.');
      const body = await readJson(req, config.maxBodyBytes);
      if (!config.consoleToken || !session)
        throw new HttpError(400, 'Ingen CONSOLE_TOKEN är satt: konsolen behöver ingen inloggning på den här datorn.');
      if (typeof body.token !== 'string' || !same(body.token, config.consoleToken)) throw new HttpError(401, 'Fel inloggningsnyckel.');
      log.info('console sign-in', { requestId });
      sendJson(res, 200, { ok: true }, { 'set-cookie': `${COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/console; Max-Age=43200` });
      return;
    }
    if (path === '/console/api/logout' && req.method === 'POST') {
      sendJson(res, 200, { ok: true }, { 'set-cookie': `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/console; Max-Age=0` });
      return;
    }
    const access = consoleAccess(req);
    if (path === '/console/api/session' && req.method === 'GET') {
      sendJson(res, 200, {
        signedIn: access === 'ok',
        tokenRequired: !!config.consoleToken,
        loopbackOnly: !config.consoleToken,
        forbidden: access === 'forbidden',
      });
      return;
    }
    if (access === 'forbidden') throw new HttpError(403, 'Konsolen svarar bara på den här datorn (ingen CONSOLE_TOKEN är satt).');
    if (access === 'login') throw new HttpError(401, 'Logga in med konsolens nyckel.');

    if (path === '/console/api/ask' && req.method === 'POST') {
      const body = await readJson(req, config.maxBodyBytes);
      if (typeof body.question !== 'string') throw new HttpError(400, 'Fältet "question" saknas.');
      const engine = knowledge.engine;
      const { answer, questionId } = ask(body.question, { channel: 'console', userId: 'console', requestId });
      const top = answer.candidates[0];
      sendJson(res, 200, {
        questionId,
        threshold: engine.calibration.threshold,
        answer: answerJson(answer),
        topFaq: top ? engine.faqEntry(top.id) : undefined,
      });
      return;
    }
    if (path === '/console/api/feedback' && req.method === 'POST') {
      const body = await readJson(req, config.maxBodyBytes);
      const id = Number(body.questionId);
      if (!Number.isInteger(id) || typeof body.helpful !== 'boolean') throw new HttpError(400, 'Ange questionId och helpful (true/false).');
      const comment = typeof body.comment === 'string' ? body.comment : '';
      if (!questions.feedback(id, body.helpful, comment)) throw new HttpError(404, 'Frågan finns inte i loggen.');
      sendJson(res, 200, { ok: true });
      return;
    }
    if (path === '/console/api/review' && req.method === 'GET') {
      const days = Math.min(365, Math.max(1, Number(new URL(req.url ?? '', 'http://x').searchParams.get('days') ?? 30) || 30));
      sendJson(res, 200, questions.review(days, Math.max(knowledge.engine.calibration.threshold, 0.75)));
      return;
    }
    if (path === '/console/api/export.csv' && req.method === 'GET') {
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="faktabot-fragor-${new Date().toISOString().slice(0, 10)}.csv"`,
        'cache-control': 'no-store',
      });
      res.end(questions.exportCsv());
      return;
    }
    if (path === '/console/api/knowledge' && req.method === 'GET') {
      const kb = knowledge.engine.kb;
      const now = Date.now();
      const stale = kb.faq
        .filter((e) => now - Date.parse(e.reviewed) > config.reviewAfterDays * DAY)
        .map((e) => ({ id: e.id, question: e.question, reviewed: e.reviewed, file: e.file, line: e.line }));
      sendJson(res, 200, {
        dir: knowledge.dir,
        loadedAt: knowledge.loadedAt,
        ok: !knowledge.error,
        issues: knowledge.issues.map((i) => ({ ...i, text: formatIssue(i) })),
        stale,
        reviewAfterDays: config.reviewAfterDays,
        pages: kb.pages.map((p) => ({
          title: p.title,
          url: p.url,
          published: p.published,
          reviewed: p.reviewed,
          owner: p.owner,
          file: p.file,
        })),
        counts: { faq: kb.faq.length, sections: knowledge.engine.stats.sections, passages: kb.passages.length },
      });
      return;
    }
    if (path === '/console/api/reload' && req.method === 'POST') {
      const r = knowledge.reload();
      sendJson(res, r.ok ? 200 : 422, { ok: r.ok, loadedAt: r.loadedAt, issues: r.issues.map((i) => ({ ...i, text: formatIssue(i) })) });
      return;
    }
    throw new HttpError(404, 'Okänd adress.');
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const extra = routes.get(path);
    if (extra) return extra(req, res, { requestId });
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      let database = 'ok';
      try {
        db.prepare('SELECT 1').get();
      } catch {
        database = 'error';
      }
      const stats = knowledge.engine.stats;
      const error = knowledge.error?.filter((i) => i.severity === 'error').map(formatIssue);
      sendJson(res, database === 'ok' && !error ? 200 : 503, {
        status: database === 'ok' && !error ? 'ok' : 'degraded',
        knowledge: {
          faq: stats.faq,
          sections: stats.sections,
          passages: stats.passages,
          loadedAt: knowledge.loadedAt,
          ...(error ? { error } : {}),
        },
        database,
      });
      return;
    }
    if (path === '/metrics' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
      res.end(await metrics.registry.metrics());
      return;
    }
    if ((path === '/console' || path === '/console/') && req.method === 'GET') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      res.end(html);
      return;
    }
    const asset = /^\/console\/assets\/([a-z.]+)$/.exec(path)?.[1];
    if (asset && assets.has(asset) && req.method === 'GET') {
      res.writeHead(200, { 'content-type': ASSETS[asset] as string, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' });
      res.end(assets.get(asset));
      return;
    }
    if (path.startsWith('/console/api/')) return consoleApi(req, res, path, requestId);
    if (path === '/') {
      res.writeHead(302, { location: '/console' });
      res.end();
      return;
    }
    throw new HttpError(404, 'Okänd adress.');
  };

  const server = createServer((req, res) => {
    const requestId =
      (typeof req.headers['x-request-id'] === 'string' && /^[\w-]{1,64}$/.test(req.headers['x-request-id'])
        ? req.headers['x-request-id']
        : undefined) ?? randomUUID();
    const started = performance.now();
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      const route = Metrics.route((req.url ?? '').split('?')[0] ?? '');
      metrics.httpSeconds.observe({ route, status: `${Math.floor(res.statusCode / 100)}xx` }, (performance.now() - started) / 1000);
      const fields = {
        requestId,
        method: req.method,
        path: (req.url ?? '').split('?')[0],
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      };
      // Rejected requests (4xx, and 501 for invokes a bot does not implement) are not worth a line at info level.
      if ((res.statusCode >= 400 && res.statusCode < 500) || res.statusCode === 501) log.debug('request rejected', fields);
      else log.info('request', fields);
    });
    handle(req, res, requestId).catch((e: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (e instanceof HttpError) {
        sendJson(res, e.status, { error: e.message }, e.status === 413 ? { connection: 'close' } : {});
        return;
      }
      log.error('request failed', { requestId, error: e });
      sendJson(res, 500, { error: 'Något gick fel hos Faktabot. Försök igen om en stund.', requestId });
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  // Node closes an idle keep-alive connection after 5 s by default. A client or proxy that reuses the connection at
  // that moment gets ECONNRESET (a 502 behind a proxy): the load bench saw one in 36,000 requests. Idle connections
  // stay open longer than the 60 s idle timeout of common load balancers, so the proxy is the side that closes them.
  server.keepAliveTimeout = 65_000;

  let purgeTimer: NodeJS.Timeout | undefined;
  const purge = () => {
    try {
      const n = questions.purge(config.logRetentionDays);
      if (n) log.info('question log purged', { rows: n, retentionDays: config.logRetentionDays });
    } catch (e) {
      log.error('question log purge failed', { error: e });
    }
  };

  return {
    server,
    knowledge,
    questions,
    db,
    log,
    config,
    routes,
    metrics,
    ask,
    async start() {
      const first = knowledge.reload();
      if (!first.ok)
        throw new Error(
          `knowledge: cannot start without valid knowledge:\n${first.issues
            .filter((i) => i.severity === 'error')
            .map(formatIssue)
            .join('\n')}`,
        );
      if (config.watchKnowledge) knowledge.watch();
      purge();
      purgeTimer = setInterval(purge, 60 * 60 * 1000);
      purgeTimer.unref();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      log.info('faktabot listening', {
        url: `http://${address.address}:${address.port}`,
        console: `http://${address.address}:${address.port}/console`,
        signInRequired: !!config.consoleToken,
      });
      if (!config.consoleToken) log.info('no CONSOLE_TOKEN set: the console answers on loopback only');
      return address;
    },
    async stop() {
      clearInterval(purgeTimer);
      knowledge.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      db.close();
      log.info('faktabot stopped');
    },
  };
}

/**
 * The communicators' console: the page, its own assets (no CDN, strict CSP) and its JSON API under /console/api.
 *
 * Access (see access.ts): requests must name a known host. Three modes: with OIDC_ISSUER only a session from the
 * organisation's sign-in (routes/auth.ts), with the roles its ID token gave; else with CONSOLE_TOKEN a session or
 * the token as a bearer (failed bearer attempts count against the sign-in limit); else direct loopback clients
 * only. Each API route declares its roles (roles.ts), checked before the body is read. State-changing calls must
 * be JSON (a form or text/plain post from another site is refused) and, where the browser says where they come
 * from (Origin), come from the service's own origin.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatIssue } from '../../errors';
import { repoRoot } from '../../paths';
import type { ClickKind, QuestionLog } from '../../store/questions';
import type { ConsoleUser, Role, SessionStore } from '../../store/sessions';
import type { TicketStore } from '../../store/tickets';
import { forwarded, hostAllowed, localClient, originAllowed } from '../access';
import type { AskContext, AskResult } from '../ask';
import type { Config } from '../config';
import type { KnowledgeEditor } from '../editor';
import { HttpError } from '../http';
import type { LiveKnowledge } from '../knowledge';
import type { Logger } from '../logger';
import type { OidcSignIn } from '../oidc';
import { RateLimiter } from '../ratelimit';
import { abilities, MAY, permitted, ROLE_LABELS, type RouteRoles } from '../roles';
import { consoleCookies, registerAuth } from './auth';
import { consoleAnswer, enrichGroups, registerEditing } from './editing';
import { registerTickets } from './tickets';

const CONSOLE_DIR = join(repoRoot(), 'src', 'service', 'console');
const DAY = 86_400_000;
/**
 * Answers below this confidence (or below the threshold, if that is higher) are listed for review as "answered with
 * low confidence"; the console shows the number it gets from the review API.
 */
export const LOW_CONFIDENCE = 0.75;
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";

export interface ConsoleDeps {
  config: Config;
  log: Logger;
  hosts: Set<string>;
  /** The service's own origins (access.ts): where a state-changing call may come from. */
  origins: ReadonlySet<string>;
  /** TRUST_PROXY: a request from one of these is never local. */
  trustedProxy: (address: string | undefined) => boolean;
  knowledge: LiveKnowledge;
  questions: QuestionLog;
  sessions: SessionStore;
  ask(question: string, ctx: AskContext): Promise<AskResult>;
  choose(question: string, from: { questionId: number; kind: ClickKind } | undefined, ctx: AskContext): Promise<AskResult>;
  editor: KnowledgeEditor;
  tickets: TicketStore;
  /** Organisation sign-in, when OIDC is set. */
  oidc: OidcSignIn | undefined;
  /** Filled with every console route as it is registered, with the roles it declares. */
  routes: ConsoleRoute[];
}

type Access = { kind: 'ok'; roles: readonly Role[]; user?: ConsoleUser; cookie?: string } | { kind: 'login' | 'forbidden' | 'limited' };

/** A console route as declared: the route-table test walks these. */
export interface ConsoleRoute {
  method: string;
  url: string;
  roles: RouteRoles | undefined;
}

/** Without organisation sign-in, whoever gets in (loopback, or the token) may do everything. */
const EVERYTHING: readonly Role[] = ['admin'];

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const body = (properties: Record<string, object>, required: string[]) => ({
  body: { type: 'object', properties, required },
});

export function registerConsole(app: FastifyInstance, deps: ConsoleDeps): void {
  app.register(async (scope) => consoleScope(scope, deps));
}

async function consoleScope(scope: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { config, log, hosts, origins, trustedProxy, knowledge, questions, sessions } = deps;
  const html = readFileSync(join(CONSOLE_DIR, 'index.html'), 'utf8');
  // Sign-in attempts and failed bearer tokens per client address: a long random token cannot be guessed online
  // anyway; this keeps it so.
  const logins = new RateLimiter(10);
  const secure = config.publicUrl?.protocol === 'https:';
  const cookie = consoleCookies(secure).session;
  let forwardedNoticeLogged = false;

  // Every route in this scope is recorded with the roles it declares (the route-table test reads the record). The
  // console's own files (scripts, styles) are the same for everyone: they are declared public here.
  scope.addHook('onRoute', (route) => {
    if (route.url.startsWith('/console/assets/')) route.config = { ...route.config, roles: 'public' };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) deps.routes.push({ method, url: route.url, roles: route.config?.roles });
  });
  await scope.register(fastifyCookie);
  // JSON only: no form, text/plain or other body reaches a console route (415 instead).
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'error'));

  // The cleaning path refuses NUL: no console field (review keys, ids, texts) may carry one to the database.
  scope.addHook('preValidation', async (request) => {
    if (hasNul(request.body) || hasNul(request.query))
      throw new HttpError(400, 'Förfrågan innehåller ett tecken som inte kan tas emot (NUL).');
  });

  scope.addHook('onRequest', async (request) => {
    if (!hostAllowed(request.headers, hosts))
      throw new HttpError(403, 'Konsolen svarar inte på det här värdnamnet. Använd 127.0.0.1, localhost eller PUBLIC_URL.');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      if (!originAllowed(request.headers, origins)) throw new HttpError(403, 'Förfrågan kommer från en annan webbplats och nekas.');
      if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? ''))
        throw new HttpError(415, 'Skicka förfrågan som JSON (Content-Type: application/json).');
    }
  });

  const mode = config.oidc ? 'oidc' : config.consoleToken ? 'token' : 'loopback';
  const known = new WeakMap<FastifyRequest, Access>();

  const decide = async (request: FastifyRequest): Promise<Access> => {
    if (mode === 'loopback') {
      if (localClient(request.socket.remoteAddress, request.headers, hosts, trustedProxy)) return { kind: 'ok', roles: EVERYTHING };
      if (forwarded(request.headers) && !forwardedNoticeLogged) {
        forwardedNoticeLogged = true;
        log.warn(
          'console: refused a request that came through a proxy (Forwarded/X-Forwarded-For): without CONSOLE_TOKEN the console answers only direct loopback requests; set CONSOLE_TOKEN to use it through a proxy',
        );
      }
      return { kind: 'forbidden' };
    }
    const id = request.cookies[cookie.name];
    const session = id ? await sessions.get(id) : undefined;
    if (session) {
      // Sessions are bound to the mode that made them (sessions.ts), so a token session never reaches OIDC mode.
      if (session.user) return { kind: 'ok', roles: session.user.roles, user: session.user, cookie: id };
      if (mode === 'token') return { kind: 'ok', roles: EVERYTHING, cookie: id };
    }
    // With organisation sign-in the shared token opens nothing.
    if (mode === 'oidc') return { kind: 'login' };
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer === undefined) return { kind: 'login' };
    const key = `login:${request.ip}`;
    if (logins.exhausted(key)) return { kind: 'limited' };
    if (same(bearer, config.consoleToken as string)) return { kind: 'ok', roles: EVERYTHING };
    logins.allow(key);
    return { kind: 'login' };
  };
  /** Decided once per request: the access hook and the audit trail read the same answer. */
  const access = async (request: FastifyRequest): Promise<Access> => {
    let a = known.get(request);
    if (!a) {
      a = await decide(request);
      known.set(request, a);
    }
    return a;
  };

  const signedIn = async (request: FastifyRequest) => {
    // Fail closed: a route that declares no roles is open to nobody (and the route-table test names it).
    const need = request.routeOptions.config.roles;
    if (need === undefined) throw new HttpError(403, 'Den här delen av konsolen har ingen behörighetsregel och är stängd.');
    const a = await access(request);
    if (a.kind === 'forbidden') throw new HttpError(403, 'Konsolen svarar bara på den här datorn (ingen CONSOLE_TOKEN är satt).');
    if (a.kind === 'limited') throw new HttpError(429, 'För många inloggningsförsök. Vänta en minut och försök igen.');
    if (a.kind !== 'ok')
      throw new HttpError(401, mode === 'oidc' ? 'Logga in med ditt konto i organisationen.' : 'Logga in med konsolens nyckel.');
    if (!permitted(a.roles, need))
      throw new HttpError(403, `Din roll (${a.roles.map((r) => ROLE_LABELS[r]).join(', ')}) får inte göra det här i konsolen.`);
  };

  const page = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply
      .headers({
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      })
      .send(html);
  scope.get('/console', { config: { roles: 'public' } }, page);
  scope.get('/console/', { config: { roles: 'public' } }, page);
  await scope.register(fastifyStatic, {
    root: join(CONSOLE_DIR, 'assets'),
    prefix: '/console/assets/',
    index: false,
    list: false,
    dotfiles: 'deny',
    decorateReply: false,
    cacheControl: false,
    // Headers set on the reply here win over the plugin's own (cache-control among them).
    setHeaders: (reply) => {
      reply.header('x-content-type-options', 'nosniff');
      reply.header('cache-control', 'no-cache');
    },
  });

  scope.post(
    '/console/api/login',
    { config: { roles: 'public' }, schema: body({ token: { type: 'string', maxLength: 1024 } }, ['token']) },
    async (request, reply) => {
      if (!logins.allow(`login:${request.ip}`)) throw new HttpError(429, 'För många inloggningsförsök. Vänta en minut och försök igen.');
      if (mode === 'oidc') throw new HttpError(400, 'Konsolen använder organisationens inloggning: logga in med ditt konto.');
      if (!config.consoleToken)
        throw new HttpError(400, 'Ingen CONSOLE_TOKEN är satt: konsolen behöver ingen inloggning på den här datorn.');
      const { token } = request.body as { token: string };
      if (!same(token, config.consoleToken)) throw new HttpError(401, 'Fel inloggningsnyckel.');
      log.info('console sign-in', { requestId: request.id });
      reply.setCookie(cookie.name, await sessions.create(), { ...cookie.options, maxAge: Math.floor(config.consoleSessionMs / 1000) });
      return { ok: true };
    },
  );

  scope.post('/console/api/logout', { config: { roles: 'public' } }, async (request, reply) => {
    const id = request.cookies[cookie.name];
    if (id) await sessions.revoke(id);
    reply.clearCookie(cookie.name, cookie.options);
    // With organisation sign-in the provider's session ends too, and the provider sends the browser back here.
    const redirect = deps.oidc && config.publicUrl ? await deps.oidc.endSessionUrl(`${config.publicUrl.origin}/console`) : undefined;
    return { ok: true, redirect: redirect ?? null };
  });

  scope.get('/console/api/session', { config: { roles: 'public' } }, async (request) => {
    const a = await access(request);
    const roles = a.kind === 'ok' ? a.roles : [];
    return {
      signedIn: a.kind === 'ok',
      mode,
      tokenRequired: mode === 'token',
      loopbackOnly: mode === 'loopback',
      forbidden: a.kind === 'forbidden',
      user: a.kind === 'ok' && a.user ? { name: a.user.name } : null,
      roles: roles.map((r) => ({ id: r, label: ROLE_LABELS[r] })),
      ...abilities(roles),
    };
  });

  registerAuth(scope, { config, log, sessions, oidc: deps.oidc, secure });

  /** Who is acting: the person (with organisation sign-in) and a hash of the session, for the audit trail. */
  const actor = async (request: FastifyRequest) => {
    const a = await access(request);
    const cookie = a.kind === 'ok' ? a.cookie : undefined;
    const session = cookie ? createHash('sha256').update(cookie).digest('hex').slice(0, 12) : mode === 'loopback' ? 'lokal' : 'token';
    return a.kind === 'ok' && a.user ? { session, name: a.user.name, subject: a.user.subject } : { session };
  };

  scope.register(async (api) => {
    // Before the body is read or validated: a caller without the role learns nothing about the route's input.
    api.addHook('onRequest', signedIn);

    registerEditing(api, {
      draftUsed: (id) => deps.tickets.setDraftStatus(id, 'used'),
      knowledge,
      questions,
      editor: deps.editor,
      actor,
    });

    registerTickets(api, deps.tickets);

    const from = {
      type: 'object',
      additionalProperties: false,
      properties: { questionId: { type: 'integer' }, kind: { type: 'string', enum: ['suggestion', 'related'] } },
      required: ['questionId', 'kind'],
    };
    api.post(
      '/console/api/ask',
      { config: { roles: MAY.ask }, schema: body({ question: { type: 'string' }, from }, ['question']) },
      async (request) => {
        const engine = knowledge.engine;
        const b = request.body as { question: string; from?: { questionId: number; kind: ClickKind } };
        // Limited per person (or per session), as staff are in Slack and Teams: every ask costs the engine's time.
        // On loopback only this machine reaches the console, and it is not limited.
        const who = await actor(request);
        const { answer, questionId } = await deps.choose(b.question, b.from, {
          channel: 'console',
          userId: 'console',
          rateKey: mode === 'loopback' ? undefined : (who.subject ?? who.session),
          requestId: request.id,
        });
        const top = answer.candidates[0];
        return {
          questionId,
          ...consoleAnswer(engine, answer),
          topFaq: top ? engine.faqEntry(top.id) : undefined,
          // Declined although confident enough: two entries with different answers were too close to pick one.
          closeRace: answer.closeRace?.map((id) => {
            const e = engine.faqEntry(id);
            return { id, question: e?.question ?? id, answer: e?.answer ?? '' };
          }),
        };
      },
    );

    api.post(
      '/console/api/feedback',
      {
        config: { roles: MAY.edit },
        schema: body({ questionId: { type: 'integer' }, helpful: { type: 'boolean' }, comment: { type: 'string', maxLength: 20_000 } }, [
          'questionId',
          'helpful',
        ]),
      },
      async (request) => {
        const b = request.body as { questionId: number; helpful: boolean; comment?: string };
        const result = await questions.feedback(b.questionId, b.helpful, { channel: 'console', userId: 'console' }, b.comment ?? '');
        if (result === 'unknown') throw new HttpError(404, 'Frågan finns inte i loggen.');
        if (result === 'forbidden') throw new HttpError(403, 'Återkoppling kan bara ges på svar som ställts i konsolen.');
        return { ok: true };
      },
    );

    const daysOf = (request: FastifyRequest) => {
      const raw = (request.query as Record<string, unknown>).days;
      return Math.min(365, Math.max(1, Number(typeof raw === 'string' ? raw : 30) || 30));
    };

    api.get('/console/api/review', { config: { roles: MAY.read } }, async (request) => {
      const days = daysOf(request);
      const all = (request.query as Record<string, unknown>).all === '1';
      const lowConfidenceBelow = Math.max(knowledge.engine.calibration.threshold, LOW_CONFIDENCE);
      const review = await questions.review(days, lowConfidenceBelow);
      const ctx = { knowledge, chosen: await questions.chosenAfter(days), handled: await questions.handled(), all };
      const engine = knowledge.engine;
      const titled = (id: string) => ({ id, question: engine.faqEntry(id)?.question ?? engine.sourceOf(id)?.section ?? id });
      return {
        ...review,
        unanswered: enrichGroups(review.unanswered, ctx),
        lowConfidence: enrichGroups(review.lowConfidence, ctx),
        notHelpful: enrichGroups(review.notHelpful, ctx),
        interpreted: enrichGroups(review.interpreted, ctx).map((g) => ({
          ...g,
          interpretedAs: g.interpretedAs.map(titled),
          choseInstead: g.choseInstead.map((c) => ({ ...titled(c.entryId), count: c.count })),
        })),
        threshold: knowledge.engine.calibration.threshold,
        lowConfidenceBelow,
      };
    });

    api.get('/console/api/export.csv', { config: { roles: MAY.read } }, async (request, reply) => {
      const excel = (request.query as Record<string, unknown>).format === 'excel';
      const days = daysOf(request);
      return reply
        .headers({
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="faktabot-fragor-${days}-dagar-${new Date().toISOString().slice(0, 10)}${excel ? '-excel' : ''}.csv"`,
          'cache-control': 'no-store',
        })
        .send(await questions.exportCsv({ days, format: excel ? 'excel' : 'plain' }));
    });

    api.get('/console/api/knowledge', { config: { roles: MAY.read } }, async () => {
      const kb = knowledge.engine.kb;
      const now = Date.now();
      const stale = kb.faq
        .filter((e) => now - Date.parse(e.reviewed) > config.reviewAfterDays * DAY)
        .map((e) => ({ id: e.id, question: e.question, reviewed: e.reviewed, file: e.file, line: e.line }));
      return {
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
      };
    });

    api.post('/console/api/reload', { config: { roles: MAY.admin } }, async (_request, reply) => {
      const r = knowledge.reload();
      return reply
        .code(r.ok ? 200 : 422)
        .send({ ok: r.ok, loadedAt: r.loadedAt, issues: r.issues.map((i) => ({ ...i, text: formatIssue(i) })) });
    });
  });
}

/** True when any string in a parsed body or query holds U+0000. */
function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 20 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v, depth + 1));
}

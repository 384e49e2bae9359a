/**
 * Who may use the console, decided once per request. Requests must name a known host (access.ts). Three modes:
 * with OIDC_ISSUER only a session from the organisation's sign-in (routes/auth.ts), with the roles its ID token gave;
 * else with CONSOLE_TOKEN a session or the token as a bearer (failed bearer attempts count against the sign-in
 * limit); else direct loopback clients only. Each API route declares its roles (roles.ts), checked before the body
 * is read. State-changing calls must be JSON (a form or text/plain post from another site is refused) and, where
 * the browser says where they come from (Origin), come from the service's own origin.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SIGN_INS_PER_MINUTE } from '../../limits';
import type { Actor } from '../../store/changes';
import type { ConsoleUser, Role, SessionStore } from '../../store/sessions';
import { forwarded, hostAllowed, localClient, originAllowed } from '../access';
import type { Config } from '../config';
import { HttpError } from '../http';
import type { Logger } from '../logger';
import { HTTP_MESSAGES } from '../messages';
import { RateLimiter } from '../ratelimit';
import { permitted, ROLE_LABELS } from '../roles';
import { consoleCookies } from './auth';

/** How the console lets people in: organisation sign-in, the shared token, or this machine only. */
export type ConsoleMode = 'oidc' | 'token' | 'loopback';

/** What the console makes of one request: in (with roles), or why not. */
export type ConsoleAccess =
  | { kind: 'ok'; roles: readonly Role[]; user?: ConsoleUser; sessionId?: string }
  | { kind: 'login' | 'forbidden' | 'limited' };

/** Without organisation sign-in, whoever gets in (loopback, or the token) may do everything. */
const EVERYTHING: readonly Role[] = ['admin'];

/** Compares two secrets in constant time. */
export const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export interface ConsoleAccessDeps {
  config: Config;
  log: Logger;
  hosts: Set<string>;
  /** The service's own origins (access.ts): where a state-changing call may come from. */
  origins: ReadonlySet<string>;
  /** TRUST_PROXY: a request from one of these is never local. */
  trustedProxy: (address: string | undefined) => boolean;
  sessions: SessionStore;
}

/** The console's door: the access decision per request, the role check, and who is acting. */
export class ConsoleDoor {
  readonly mode: ConsoleMode;
  /** The session cookie's name and options (auth.ts). */
  readonly sessionCookie: ReturnType<typeof consoleCookies>['session'];
  /** Whether PUBLIC_URL is https (the cookies' prefixes and Secure flag). */
  readonly secure: boolean;
  /**
   * Sign-in attempts and failed bearer tokens per client address: a long random token cannot be guessed online
   * anyway; this keeps it so.
   */
  readonly logins = new RateLimiter(SIGN_INS_PER_MINUTE);
  private readonly known = new WeakMap<FastifyRequest, ConsoleAccess>();
  private forwardedNoticeLogged = false;

  constructor(private readonly deps: ConsoleAccessDeps) {
    const { config } = deps;
    this.mode = config.oidc ? 'oidc' : config.consoleToken ? 'token' : 'loopback';
    this.secure = config.publicUrl?.protocol === 'https:';
    this.sessionCookie = consoleCookies(this.secure).session;
  }

  /** Decided once per request: the role check and the audit trail read the same answer. */
  async of(request: FastifyRequest): Promise<ConsoleAccess> {
    let a = this.known.get(request);
    if (!a) {
      a = await this.resolve(request);
      this.known.set(request, a);
    }
    return a;
  }

  private async resolve(request: FastifyRequest): Promise<ConsoleAccess> {
    const { config, hosts, trustedProxy, sessions } = this.deps;
    if (this.mode === 'loopback') {
      if (localClient(request.socket.remoteAddress, request.headers, hosts, trustedProxy)) return { kind: 'ok', roles: EVERYTHING };
      if (forwarded(request.headers) && !this.forwardedNoticeLogged) {
        this.forwardedNoticeLogged = true;
        this.deps.log.warn(
          'console: refused a request that came through a proxy (Forwarded/X-Forwarded-For): without CONSOLE_TOKEN the console answers only direct loopback requests; set CONSOLE_TOKEN to use it through a proxy',
        );
      }
      return { kind: 'forbidden' };
    }
    const id = request.cookies[this.sessionCookie.name];
    const session = id ? await sessions.get(id) : undefined;
    if (session) {
      // Sessions are bound to the mode that made them (sessions.ts), so a token session never reaches OIDC mode.
      if (session.user) return { kind: 'ok', roles: session.user.roles, user: session.user, sessionId: id };
      if (this.mode === 'token') return { kind: 'ok', roles: EVERYTHING, sessionId: id };
    }
    // With organisation sign-in the shared token opens nothing.
    if (this.mode === 'oidc') return { kind: 'login' };
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer === undefined) return { kind: 'login' };
    const key = `login:${request.ip}`;
    if (this.logins.exhausted(key)) return { kind: 'limited' };
    if (sameSecret(bearer, config.consoleToken as string)) return { kind: 'ok', roles: EVERYTHING };
    this.logins.allow(key);
    return { kind: 'login' };
  }

  /**
   * The API's onRequest hook: the route's declared roles against the request's. Fails closed: a route that declares
   * no roles is open to nobody (and the route-table test names it).
   */
  readonly requireRoles = async (request: FastifyRequest): Promise<void> => {
    const need = request.routeOptions.config.roles;
    if (need === undefined) throw new HttpError(403, HTTP_MESSAGES.noRule);
    const a = await this.of(request);
    if (a.kind === 'forbidden') throw new HttpError(403, HTTP_MESSAGES.loopbackOnly);
    if (a.kind === 'limited') throw new HttpError(429, HTTP_MESSAGES.tooManySignIns);
    if (a.kind !== 'ok') throw new HttpError(401, this.mode === 'oidc' ? HTTP_MESSAGES.signInOrganisation : HTTP_MESSAGES.signInToken);
    if (!permitted(a.roles, need)) throw new HttpError(403, HTTP_MESSAGES.roleMayNot(a.roles.map((r) => ROLE_LABELS[r]).join(', ')));
  };

  /** Who is acting: the person (with organisation sign-in) and a hash of the session, for the audit trail. */
  async actor(request: FastifyRequest): Promise<Actor> {
    const a = await this.of(request);
    const sessionId = a.kind === 'ok' ? a.sessionId : undefined;
    const session = sessionId
      ? createHash('sha256').update(sessionId).digest('hex').slice(0, 12)
      : this.mode === 'loopback'
        ? 'lokal'
        : 'token';
    return a.kind === 'ok' && a.user ? { session, name: a.user.name, subject: a.user.subject } : { session };
  }
}

/**
 * The hooks every console request passes, before any route: a known host name, and for a state-changing call the
 * service's own origin and a JSON body; no console field (review keys, ids, texts) may carry a NUL to the database
 * (the cleaning path refuses it).
 */
export function guardConsoleRequests(scope: FastifyInstance, hosts: Set<string>, origins: ReadonlySet<string>): void {
  scope.addHook('preValidation', async (request) => {
    if (hasNul(request.body) || hasNul(request.query)) throw new HttpError(400, HTTP_MESSAGES.nul);
  });
  scope.addHook('onRequest', async (request) => {
    if (!hostAllowed(request.headers, hosts)) throw new HttpError(403, HTTP_MESSAGES.unknownHost);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      if (!originAllowed(request.headers, origins)) throw new HttpError(403, HTTP_MESSAGES.otherSite);
      if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) throw new HttpError(415, HTTP_MESSAGES.sendJson);
    }
  });
}

/** True when any string in a parsed body or query holds U+0000. */
function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 20 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v, depth + 1));
}

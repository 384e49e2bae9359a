/**
 * Organisation sign-in's two browser routes: /console/auth/login sends the browser to the provider, and
 * /console/auth/callback takes it back (oidc.ts checks the answer). Both answer a browser, so every refusal is a
 * short Swedish page that says what to do, never JSON; the reason goes to the log (without tokens or codes).
 *
 * The sign-in under way is kept server-side (any replica may get the callback); the browser holds only a random id
 * in a cookie that is SameSite=Lax (the provider's redirect back is a cross-site navigation, which a Strict cookie
 * would not follow) and scoped to /console/auth. The cookies' names are in `consoleCookies`.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { LOGIN_MS, SIGN_IN_STARTS_PER_MINUTE } from '../../limits';
import type { SessionStore } from '../../store/sessions';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { SIGN_IN_PAGES, type SignInPage } from '../messages';
import { type OidcSignIn, ProviderDown, SignInRefused } from '../oidc';
import { RateLimiter } from '../ratelimit';

/**
 * The console's two cookies, by whether PUBLIC_URL is https. There the names carry the prefixes browsers enforce:
 * the session is `__Host-` (Secure, Path=/, no Domain: no other host, a sibling subdomain included, can set or
 * shadow it) and the sign-in cookie, which stays scoped to /console/auth, is `__Secure-` (set only over https).
 * Over plain http (loopback) browsers refuse both prefixes: the names are bare and the session keeps Path=/console.
 */
export function consoleCookies(secure: boolean) {
  return {
    session: {
      name: secure ? '__Host-faktabot_console' : 'faktabot_console',
      options: { httpOnly: true, sameSite: 'strict' as const, path: secure ? '/' : '/console', secure },
    },
    login: {
      name: secure ? '__Secure-faktabot_login' : 'faktabot_login',
      options: { httpOnly: true, sameSite: 'lax' as const, path: '/console/auth', secure },
    },
  };
}
const CSP = "default-src 'none'; style-src 'self'; frame-ancestors 'none'; form-action 'none'";

export interface AuthDeps {
  config: Config;
  log: Logger;
  sessions: SessionStore;
  oidc: OidcSignIn | undefined;
  secure: boolean;
}

const html = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A whole Swedish page (messages.ts): a heading, what happened, what to do, and one link onward. */
function authPage(reply: FastifyReply, status: number, { title, text }: SignInPage, link?: { href: string; label: string }) {
  const body = [
    '<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${html(title)} – Faktabot</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/console/assets/console.css"></head>`,
    `<body><main id="main" class="notice-page"><h1>${html(title)}</h1>`,
    ...text.map((t) => `<p>${html(t)}</p>`),
    link ? `<p><a class="button" href="${html(link.href)}">${html(link.label)}</a></p>` : '',
    '</main></body></html>',
  ].join('');
  return reply
    .code(status)
    .headers({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    })
    .send(body);
}

const P = SIGN_IN_PAGES;
const AGAIN = { href: '/console/auth/login', label: P.again };
const TO_CONSOLE = { href: '/console', label: P.toConsole };

/** A short, salt-free hash of the provider's subject for the log: enough to tell sign-ins apart, not a name. */
const who = (subject: string) => createHash('sha256').update(`console-user:${subject}`).digest('hex').slice(0, 12);

export function registerAuth(scope: FastifyInstance, deps: AuthDeps): void {
  const { log, sessions, oidc, secure } = deps;
  const { session: sessionCookie, login: loginCookie } = consoleCookies(secure);
  // A sign-in writes a row (kept LOGIN_MS): a script cannot fill the table.
  const starts = new RateLimiter(SIGN_IN_STARTS_PER_MINUTE);

  scope.get('/console/auth/login', { config: { roles: 'public' } }, async (request, reply) => {
    if (!oidc) return authPage(reply, 404, P.noOidc, TO_CONSOLE);
    if (!starts.allow(`start:${request.ip}`)) return authPage(reply, 429, P.tooMany, AGAIN);
    try {
      const { url, pending } = await oidc.begin();
      reply.setCookie(loginCookie.name, await sessions.startLogin(pending), { ...loginCookie.options, maxAge: LOGIN_MS / 1000 });
      return reply.header('cache-control', 'no-store').redirect(url, 303);
    } catch (e) {
      if (!(e instanceof ProviderDown)) throw e;
      log.error('console sign-in: the identity provider is unreachable', { reason: e.message, requestId: request.id });
      return authPage(reply, 503, P.providerDown, AGAIN);
    }
  });

  scope.get('/console/auth/callback', { config: { roles: 'public' } }, async (request, reply) => {
    if (!oidc) return authPage(reply, 404, P.noOidc, TO_CONSOLE);
    const id = request.cookies[loginCookie.name];
    reply.clearCookie(loginCookie.name, loginCookie.options);
    const pending = id ? await sessions.takeLogin(id) : undefined;
    if (!pending) {
      log.warn('console sign-in refused', {
        reason: 'no sign-in under way for this browser (expired, used, or started elsewhere)',
        requestId: request.id,
      });
      return authPage(reply, 400, P.expired, AGAIN);
    }
    try {
      // The registered redirect URI with the query the provider sent: what openid-client checks and sends back
      // (never a host from the request line, which a client may write as an absolute URL).
      const callback = new URL(oidc.settings.redirectUri);
      const query = request.url.indexOf('?');
      callback.search = query >= 0 ? request.url.slice(query) : '';
      const user = await oidc.finish(callback, pending);
      if (!user.roles.length) {
        log.warn('console sign-in refused: no console role', { user: who(user.subject), requestId: request.id });
        return authPage(reply, 403, P.noRole(user.name));
      }
      reply.setCookie(sessionCookie.name, await sessions.create(user), {
        ...sessionCookie.options,
        maxAge: Math.floor(deps.config.consoleSessionMs / 1000),
      });
      log.info('console sign-in', { user: who(user.subject), roles: user.roles, requestId: request.id });
      return reply.header('cache-control', 'no-store').redirect('/console', 303);
    } catch (e) {
      if (e instanceof ProviderDown) {
        log.error('console sign-in: the identity provider is unreachable', { reason: e.message, requestId: request.id });
        return authPage(reply, 503, P.providerDown, AGAIN);
      }
      if (!(e instanceof SignInRefused)) throw e;
      log.warn('console sign-in refused', { reason: e.reason, requestId: request.id });
      if (e.providerError === 'access_denied') return authPage(reply, 403, P.cancelled, AGAIN);
      return authPage(reply, 400, P.refused, AGAIN);
    }
  });
}

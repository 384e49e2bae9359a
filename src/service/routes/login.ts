/**
 * Signing in and out of the console with CONSOLE_TOKEN, and what the page asks first: who is signed in and what
 * they may do. Organisation sign-in has its own browser routes (auth.ts); logging out ends its session here too.
 */
import type { FastifyInstance } from 'fastify';
import type { SessionStore } from '../../store/sessions';
import type { Config } from '../config';
import { HttpError } from '../http';
import type { Logger } from '../logger';
import { HTTP_MESSAGES } from '../messages';
import type { OidcSignIn } from '../oidc';
import { abilities, ROLE_LABELS } from '../roles';
import { type ConsoleDoor, sameSecret } from './console-access';
import { jsonBody } from './schema';

export interface LoginDeps {
  config: Config;
  log: Logger;
  sessions: SessionStore;
  oidc: OidcSignIn | undefined;
  door: ConsoleDoor;
}

export function registerLogin(scope: FastifyInstance, { config, log, sessions, oidc, door }: LoginDeps): void {
  const { sessionCookie, mode } = door;

  scope.post(
    '/console/api/login',
    { config: { roles: 'public' }, schema: jsonBody({ token: { type: 'string', maxLength: 1024 } }, ['token']) },
    async (request, reply) => {
      if (!door.logins.allow(`login:${request.ip}`)) throw new HttpError(429, HTTP_MESSAGES.tooManySignIns);
      if (mode === 'oidc') throw new HttpError(400, HTTP_MESSAGES.usesOrganisation);
      if (!config.consoleToken) throw new HttpError(400, HTTP_MESSAGES.noToken);
      const { token } = request.body as { token: string };
      if (!sameSecret(token, config.consoleToken)) throw new HttpError(401, HTTP_MESSAGES.wrongToken);
      log.info('console sign-in', { requestId: request.id });
      reply.setCookie(sessionCookie.name, await sessions.create(), {
        ...sessionCookie.options,
        maxAge: Math.floor(config.consoleSessionMs / 1000),
      });
      return { ok: true };
    },
  );

  scope.post('/console/api/logout', { config: { roles: 'public' } }, async (request, reply) => {
    const id = request.cookies[sessionCookie.name];
    if (id) await sessions.revoke(id);
    reply.clearCookie(sessionCookie.name, sessionCookie.options);
    // With organisation sign-in the provider's session ends too, and the provider sends the browser back here.
    const redirect = oidc && config.publicUrl ? await oidc.endSessionUrl(`${config.publicUrl.origin}/console`) : undefined;
    return { ok: true, redirect: redirect ?? null };
  });

  scope.get('/console/api/session', { config: { roles: 'public' } }, async (request) => {
    const a = await door.of(request);
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
}

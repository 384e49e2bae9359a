/**
 * Signing in to the service's console through a real provider (provider.ts), as a browser does it but with fetch:
 * the service's /console/auth/login, the provider's own login page, and the service's callback, each cookie where a
 * browser would keep it.
 */
import { createServer } from 'node:net';
import { expect } from 'vitest';
import { providerLogin } from './provider';

/** A port free on loopback now, for a service whose PUBLIC_URL must be known before it starts. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The value of cookie `name` in a response's Set-Cookie headers ('' when it is cleared), or undefined. */
export function setCookie(res: Response, name: string): string | undefined {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = (pair as string).indexOf('=');
    if ((pair as string).slice(0, eq) === name) return (pair as string).slice(eq + 1);
  }
  return undefined;
}

/** The console's cookie names: bare over http (the tests' loopback PUBLIC_URL), prefixed behind https. */
export interface CookieNames {
  session: string;
  login: string;
}
export const HTTP_COOKIES: CookieNames = { session: 'faktabot_console', login: 'faktabot_login' };
export const HTTPS_COOKIES: CookieNames = { session: '__Host-faktabot_console', login: '__Secure-faktabot_login' };

export interface Started {
  /** The provider's authorization URL the service redirected to. */
  authorizationUrl: string;
  /** The browser's sign-in cookie (faktabot_login, or __Secure-faktabot_login behind https). */
  loginCookie: string;
}

/** GET /console/auth/login: the service must answer with a redirect to the provider and a sign-in cookie. */
export async function startSignIn(base: string, names = HTTP_COOKIES): Promise<Started> {
  const res = await fetch(`${base}/console/auth/login`, { redirect: 'manual' });
  expect(res.status, await res.clone().text()).toBe(303);
  const loginCookie = setCookie(res, names.login);
  expect(loginCookie).toBeTruthy();
  return { authorizationUrl: res.headers.get('location') as string, loginCookie: loginCookie as string };
}

export interface Finished {
  status: number;
  /** The console session cookie, when the sign-in made one. */
  session: string | undefined;
  location: string | null;
  body: string;
  setCookies: string[];
}

/** Requests the callback URL the provider sent the browser to, with the sign-in cookie (at `base`, if given). */
export async function finishSignIn(
  callbackUrl: string,
  loginCookie: string | undefined,
  base?: string,
  names = HTTP_COOKIES,
): Promise<Finished> {
  const url = new URL(callbackUrl);
  const target = base ? `${base}${url.pathname}${url.search}` : url.href;
  const res = await fetch(target, { redirect: 'manual', headers: loginCookie ? { cookie: `${names.login}=${loginCookie}` } : {} });
  return {
    status: res.status,
    session: setCookie(res, names.session) || undefined,
    location: res.headers.get('location'),
    body: await res.text(),
    setCookies: res.headers.getSetCookie(),
  };
}

/** The whole sign-in of `login` at the provider; `callbackBase` sends the callback to another replica. */
export async function signIn(
  base: string,
  login: string,
  callbackBase?: string,
): Promise<Finished & { callbackUrl: string; loginCookie: string }> {
  const { authorizationUrl, loginCookie } = await startSignIn(base);
  const callbackUrl = await providerLogin(authorizationUrl, login);
  return { ...(await finishSignIn(callbackUrl, loginCookie, callbackBase ?? base)), callbackUrl, loginCookie };
}

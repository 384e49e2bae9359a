/**
 * Organisation sign-in against a real OpenID provider (oidc-provider on loopback, test/oidc/provider.ts): the
 * service signs users in through the provider's own login page, takes their roles from the ID token, and refuses
 * every answer that fails a check. Nothing is faked: where a test needs a bad ID token, the provider itself issues
 * it (its token response re-signed by the harness), so the service sees what a misbehaving provider would send.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permitted } from '../../src/service/roles';
import type { Role } from '../../src/store/sessions';
import { endSessionEndpoint, providerLogin, providerLogout, startProvider, type TestProvider } from '../oidc/provider';
import { finishSignIn, HTTP_COOKIES, HTTPS_COOKIES, signIn, startSignIn } from '../oidc/signin';
import { ROLE_ACCOUNTS, type Running, startService, startWithProvider, storedBytes } from './helpers';

const TOKEN = 'a-console-token-that-opens-nothing-now';
const JSON_TYPE = { 'content-type': 'application/json' };
/** Any JWT (an ID or access token) as it would appear if it leaked: header and payload are base64url JSON. */
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\./;

describe('console sign-in with OpenID Connect', () => {
  let provider: TestProvider;
  let s: Running;
  let base: string;

  beforeAll(async () => {
    ({
      provider,
      running: s,
      base,
    } = await startWithProvider(
      {
        ...ROLE_ACCOUNTS,
        nils: { name: 'Nils Nilsson', roles: ['Något.Annat'] },
        mallory: { name: '<script>alert(1)</script> "Mallory" & Co', roles: [] },
        // A right-to-left override: shown as given, "Eve" would read as "Ada Admin" in the audit trail.
        eve: { name: '\u202Enimd\u200fA adA\u202C \u2066Eve\u2069', roles: ['Faktabot.Kommunikator'] },
      },
      { CONSOLE_TOKEN: TOKEN },
    ));
  });

  afterAll(async () => {
    await s?.stop();
    await provider?.stop();
  });

  /**
   * A console request, its body read at once: a large answer left unread fills the socket, the service's response
   * never finishes, and its stop waits for it.
   */
  const call = async (path: string, cookie: string | undefined, init: RequestInit = {}) => {
    const res = await fetch(`${base}${path}`, {
      ...init,
      headers: { ...(cookie ? { cookie: `faktabot_console=${cookie}` } : {}), ...(init.body ? JSON_TYPE : {}), ...init.headers },
    });
    return new Response(await res.arrayBuffer(), { status: res.status, headers: res.headers });
  };
  const session = async (cookie: string | undefined) => (await call('/console/api/session', cookie)).json();
  const logged = () => s.logs.join('\n');
  /** The reason the service logged for its latest refused sign-in. */
  const lastRefusal = () =>
    s.logs
      .map((l) => JSON.parse(l) as { msg?: string; reason?: string })
      .filter((l) => l.msg === 'console sign-in refused')
      .at(-1)?.reason ?? '';

  async function signedIn(login: string): Promise<string> {
    const r = await signIn(base, login);
    expect(r.status, r.body).toBe(303);
    expect(r.location).toBe('/console');
    expect(r.session).toBeTruthy();
    return r.session as string;
  }

  it('signs each role in through the provider, and the session names the person and the role', async () => {
    const expected: Record<string, { name: string; roles: string[]; tabs: string[] }> = {
      anna: { name: 'Anna Andersson', roles: ['Kommunikatör'], tabs: ['ask', 'review', 'entries', 'pages', 'health'] },
      sara: { name: 'Sara Svensson', roles: ['Support'], tabs: ['ask', 'tickets'] },
      lars: { name: 'Lars Larsson', roles: ['Läsare'], tabs: ['ask', 'review', 'health'] },
      ada: { name: 'Ada Admin', roles: ['Administratör'], tabs: ['ask', 'review', 'entries', 'pages', 'tickets', 'health'] },
    };
    const codes: string[] = [];
    for (const [login, want] of Object.entries(expected)) {
      const r = await signIn(base, login);
      codes.push(new URL(r.callbackUrl).searchParams.get('code') as string);
      expect(r.status, r.body).toBe(303);
      const cookie = r.setCookies.find((c) => c.startsWith('faktabot_console=')) as string;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(cookie).toMatch(/Path=\/console/);
      // The sign-in cookie is used once and cleared.
      expect(r.setCookies.find((c) => c.startsWith('faktabot_login='))).toMatch(/^faktabot_login=;/);
      const me = await session(r.session);
      expect(me).toMatchObject({ signedIn: true, mode: 'oidc', user: { name: want.name }, tabs: want.tabs });
      expect(me.roles.map((x: { label: string }) => x.label)).toEqual(want.roles);
    }
    // The provider's tokens, the codes and the client secret reached neither the log nor the database.
    const stored = await storedBytes(s.service);
    for (const text of [logged(), stored]) {
      expect(text).not.toMatch(JWT);
      expect(text).not.toContain(provider.clientSecret);
      for (const code of codes) expect(text).not.toContain(code);
    }
  });

  it('sends the browser to the provider with PKCE (S256), state and nonce, and keeps them server-side', async () => {
    const { authorizationUrl, loginCookie } = await startSignIn(base);
    const url = new URL(authorizationUrl);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('redirect_uri')).toBe(`${base}/console/auth/callback`);
    // The browser holds a random id, not the state or the verifier.
    expect(loginCookie).not.toContain(url.searchParams.get('state'));
  });

  it('refuses the shared CONSOLE_TOKEN once organisation sign-in is set, and says so at start', async () => {
    expect((await call('/console/api/review', undefined, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(401);
    const login = await call('/console/api/login', undefined, { method: 'POST', body: JSON.stringify({ token: TOKEN }) });
    expect(login.status).toBe(400);
    expect((await login.json()).error).toContain('organisationens inloggning');
    expect(logged()).toContain('CONSOLE_TOKEN is ignored');
  });

  it('declares a role on every console route, and each role gets exactly what the matrix gives it', async () => {
    const routes = s.service.consoleRoutes;
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.filter((r) => r.roles === undefined).map((r) => `${r.method} ${r.url}`)).toEqual([]);
    for (const url of ['/console/auth/login', '/console/auth/callback', '/console/api/session', '/console/api/reload'])
      expect(routes.map((r) => r.url)).toContain(url);
    // Roles are enforced in the API's scope: a route outside it must be one anybody may reach.
    expect(routes.filter((r) => !r.url.startsWith('/console/api/') && r.roles !== 'public').map((r) => `${r.method} ${r.url}`)).toEqual([]);
    const cookies: Record<Role, string> = {
      kommunikator: await signedIn('anna'),
      support: await signedIn('sara'),
      lasare: await signedIn('lars'),
      admin: await signedIn('ada'),
    };
    const api = routes.filter((r) => r.url.startsWith('/console/api/') && r.roles !== 'public' && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThan(15);
    const wrong: string[] = [];
    for (const route of api) {
      const path = route.url.replace(':id', '999999');
      const init = route.method === 'GET' ? {} : { method: route.method, body: '{}' };
      // Without a session: sign in first, whatever the route.
      if ((await call(path, undefined, init)).status !== 401) wrong.push(`${route.method} ${route.url} without a session`);
      for (const [role, cookie] of Object.entries(cookies) as [Role, string][]) {
        const status = (await call(path, cookie, init)).status;
        const may = permitted([role], route.roles as readonly Role[]);
        // Allowed: anything but 401/403 (an empty body gets its 400, an unknown id its 404). Refused: 403, before
        // the body is even read.
        if (may ? status === 401 || status === 403 : status !== 403) wrong.push(`${route.method} ${route.url} as ${role}: ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('names the person in the audit trail for an edit and its undo', async () => {
    const anna = await signedIn('anna');
    const entries = await (await call('/console/api/entries', anna)).json();
    const entry = entries.entries[0];
    const version = entries.versions[entry.file];
    const saved = await call(`/console/api/entries/${entry.id}/phrasings`, anna, {
      method: 'POST',
      body: JSON.stringify({ text: 'Vem tog beslutet om optionerna egentligen', version, confirm: true }),
    });
    expect(saved.status, await saved.clone().text()).toBe(200);
    const { change } = await saved.json();
    const undone = await call(`/console/api/changes/${change.id}/undo`, anna, { method: 'POST', body: '{}' });
    expect(undone.status).toBe(200);
    const { changes } = await (await call('/console/api/changes', anna)).json();
    const mine = changes.filter((c: { id: number }) => c.id >= change.id);
    expect(mine).toHaveLength(2);
    for (const c of mine) expect(c).toMatchObject({ actorName: 'Anna Andersson', actorSubject: 'anna' });
  });

  it('refuses a callback whose state is not the one it sent', async () => {
    const { authorizationUrl, loginCookie } = await startSignIn(base);
    const callback = new URL(await providerLogin(authorizationUrl, 'anna'));
    callback.searchParams.set('state', 'somebody-elses-state-value');
    const r = await finishSignIn(callback.href, loginCookie);
    expect(r.status).toBe(400);
    expect(r.session).toBeUndefined();
    expect(r.body).toContain('Inloggningen kunde inte slutföras');
    expect(lastRefusal()).toMatch(/state/);
  });

  it('refuses a callback without the browser that started it, and a code used twice', async () => {
    const first = await signIn(base, 'anna');
    expect(first.status).toBe(303);
    // The same callback again: the sign-in it belonged to is used up.
    const replay = await finishSignIn(first.callbackUrl, first.loginCookie);
    expect(replay.status).toBe(400);
    expect(replay.session).toBeUndefined();
    // Another browser's callback, without its cookie.
    const { authorizationUrl } = await startSignIn(base);
    const stolen = await finishSignIn(await providerLogin(authorizationUrl, 'anna'), undefined);
    expect(stolen.status).toBe(400);
    expect(lastRefusal()).toMatch(/no sign-in under way/);
    // The used code with a fresh sign-in's state and cookie: the provider refuses it.
    const fresh = await startSignIn(base);
    const state = new URL(fresh.authorizationUrl).searchParams.get('state') as string;
    const reused = new URL(first.callbackUrl);
    reused.searchParams.set('state', state);
    const r = await finishSignIn(reused.href, fresh.loginCookie);
    expect(r.status).toBe(400);
    expect(r.session).toBeUndefined();
    expect(lastRefusal()).toMatch(/invalid_grant/);
  });

  const tampered: [string, (c: Record<string, unknown>) => Record<string, unknown>, 'provider' | 'other', RegExp][] = [
    ['a wrong audience', (c) => ({ ...c, aud: 'another-application' }), 'provider', /"aud"/],
    ['a wrong nonce', (c) => ({ ...c, nonce: 'not-the-nonce-we-sent' }), 'provider', /"nonce"/],
    [
      'an expired token',
      (c) => ({ ...c, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }),
      'provider',
      /"exp"/,
    ],
    ['a token signed by another key', (c) => c, 'other', /signature/],
  ];
  for (const [what, change, key, reason] of tampered) {
    it(`refuses an ID token with ${what}`, async () => {
      provider.tamper = (claims) => ({ claims: change(claims as Record<string, unknown>), key });
      try {
        const r = await signIn(base, 'anna');
        expect(r.status, r.body).toBe(400);
        expect(r.session).toBeUndefined();
        expect(lastRefusal()).toMatch(reason);
      } finally {
        provider.tamper = undefined;
      }
      // The same provider's honest token still signs in.
      expect((await signIn(base, 'anna')).status).toBe(303);
    });
  }

  it('keeps and shows a display name without direction overrides, in the session and the audit trail', async () => {
    const eve = await signedIn('eve');
    expect((await session(eve)).user.name).toBe('nimdA adA Eve');
    const { versions } = await (await call('/console/api/entries', eve)).json();
    const saved = await call('/console/api/entries/fvm/phrasings', eve, {
      method: 'POST',
      body: JSON.stringify({ text: 'vad menas med fvm i millennium', version: versions['faq.yaml'] }),
    });
    expect(saved.status, await saved.clone().text()).toBe(200);
    const changes = await (await call('/console/api/changes', eve)).text();
    expect(changes).toContain('nimdA adA Eve');
    const bidi = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]|\\u20(0e|0f|2[a-e]|6[6-9])/i;
    expect(changes).not.toMatch(bidi);
    expect(await storedBytes(s.service)).not.toMatch(bidi);
  });

  it('gives a signed-in user without a role a Swedish no-access page and no session', async () => {
    const r = await signIn(base, 'nils');
    expect(r.status).toBe(403);
    expect(r.session).toBeUndefined();
    expect(r.body).toContain('Du har inte behörighet till konsolen');
    expect(r.body).toContain('Nils Nilsson');
    // The display name comes from the provider: on the page it is text, never markup.
    const mallory = await signIn(base, 'mallory');
    expect(mallory.status).toBe(403);
    expect(mallory.body).not.toContain('<script>');
    expect(mallory.body).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#34;Mallory&#34; &#38; Co');
    // An account the provider does not know comes back refused by the provider.
    const unknown = await signIn(base, 'okand');
    expect(unknown.status).toBe(403);
    expect(unknown.body).toContain('Inloggningen avbröts');
  });

  it('applies a role changed at the provider at the next sign-in', async () => {
    const before = await signedIn('lars');
    expect((await session(before)).tabs).toEqual(['ask', 'review', 'health']);
    provider.accounts.lars = { name: 'Lars Larsson', roles: ['Faktabot.Support'] };
    try {
      const after = await signedIn('lars');
      expect((await session(after)).tabs).toEqual(['ask', 'tickets']);
      expect((await call('/console/api/review', after)).status).toBe(403);
      provider.accounts.lars = { name: 'Lars Larsson', roles: [] };
      const none = await signIn(base, 'lars');
      expect(none.status).toBe(403);
      expect(none.session).toBeUndefined();
    } finally {
      provider.accounts.lars = { name: 'Lars Larsson', roles: ['Faktabot.Lasare'] };
    }
  });

  it('ends a session past its lifetime, and one left idle', async () => {
    const lived = await signedIn('ada');
    expect((await call('/console/api/review', lived)).status).toBe(200);
    await s.service.sql.run('UPDATE console_sessions SET expires = ? WHERE subject = ?', [Date.now() - 1, 'ada']);
    expect((await call('/console/api/review', lived)).status).toBe(401);
    const idle = await signedIn('ada');
    expect((await call('/console/api/review', idle)).status).toBe(200);
    await s.service.sql.run('UPDATE console_sessions SET seen = ? WHERE subject = ?', [Date.now() - 61 * 60_000, 'ada']);
    expect((await call('/console/api/review', idle)).status).toBe(401);
    expect((await session(idle)).signedIn).toBe(false);
  });

  it('logs out at the service and sends the browser to the provider, which sends it back to the console', async () => {
    const anna = await signedIn('anna');
    const out = await call('/console/api/logout', anna, { method: 'POST', body: '{}' });
    const { redirect } = await out.json();
    expect(redirect.startsWith(await endSessionEndpoint(provider.issuer))).toBe(true);
    expect(new URL(redirect).searchParams.get('post_logout_redirect_uri')).toBe(`${base}/console`);
    expect(redirect).not.toMatch(JWT);
    expect((await call('/console/api/review', anna)).status).toBe(401);
    expect(new URL(await providerLogout(redirect)).href.startsWith(`${base}/console`)).toBe(true);
  });

  it('shows the provider-down page, not a refusal, when the provider answers 5xx or says to try later', async () => {
    provider.tokenStatus = 503;
    try {
      const r = await signIn(base, 'anna');
      expect(r.status).toBe(503);
      expect(r.body).toContain('svarar inte just nu');
      expect(r.session).toBeUndefined();
    } finally {
      provider.tokenStatus = undefined;
    }
    const { authorizationUrl, loginCookie } = await startSignIn(base);
    const callback = new URL(`${base}/console/auth/callback`);
    callback.searchParams.set('error', 'temporarily_unavailable');
    callback.searchParams.set('state', new URL(authorizationUrl).searchParams.get('state') as string);
    callback.searchParams.set('iss', provider.issuer);
    expect((await finishSignIn(callback.href, loginCookie)).status).toBe(503);
  });

  it('shows a Swedish page while the provider is down, and keeps signed-in sessions and answers working', async () => {
    const kept = await signedIn('anna');
    const pending = await startSignIn(base);
    const callback = await providerLogin(pending.authorizationUrl, 'anna');
    await provider.down();
    try {
      const login = await fetch(`${base}/console/auth/login`, { redirect: 'manual' });
      expect(login.status).toBe(503);
      const page = await login.text();
      expect(page).toContain('svarar inte just nu');
      expect(page).toContain('Teams och Slack');
      // The provider went away between its login page and the code exchange.
      const late = await finishSignIn(callback, pending.loginCookie);
      expect(late.status).toBe(503);
      expect((await call('/console/api/review', kept)).status).toBe(200);
      const asked = await call('/console/api/ask', kept, {
        method: 'POST',
        body: JSON.stringify({ question: 'Varför blev IVA-modulerna optioner?' }),
      });
      expect((await asked.json()).answer.answered).toBe(true);
    } finally {
      await provider.up();
    }
    expect((await signIn(base, 'anna')).status).toBe(303);
  });
});

describe('console sign-in behind https (PUBLIC_URL https)', () => {
  const PUBLIC_URL = 'https://faktabot.example.se';
  let provider: TestProvider;
  let s: Running;

  beforeAll(async () => {
    provider = await startProvider({
      redirectUris: [`${PUBLIC_URL}/console/auth/callback`],
      postLogoutRedirectUris: [`${PUBLIC_URL}/console`],
      accounts: ROLE_ACCOUNTS,
    });
    s = await startService({
      PUBLIC_URL,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
    });
  });

  afterAll(async () => {
    await s?.stop();
    await provider?.stop();
  });

  const line = (setCookies: string[], name: string) => setCookies.find((c) => c.startsWith(`${name}=`)) ?? '';

  it('names the sign-in cookie __Secure- (scoped to /console/auth) and the session cookie __Host- (Path=/)', async () => {
    const login = await fetch(`${s.url}/console/auth/login`, { redirect: 'manual' });
    expect(login.status).toBe(303);
    const started = line(login.headers.getSetCookie(), HTTPS_COOKIES.login);
    expect(started).toMatch(/; Path=\/console\/auth(;|$)/);
    expect(started).toMatch(/; Secure(;|$)/);
    expect(login.headers.getSetCookie().some((c) => c.startsWith('faktabot_login='))).toBe(false);

    const { authorizationUrl, loginCookie } = await startSignIn(s.url, HTTPS_COOKIES);
    const done = await finishSignIn(await providerLogin(authorizationUrl, 'ada'), loginCookie, s.url, HTTPS_COOKIES);
    expect(done.status, done.body).toBe(303);
    const session = line(done.setCookies, HTTPS_COOKIES.session);
    expect(session).toMatch(/; Path=\/(;|$)/);
    expect(session).toMatch(/; Secure(;|$)/);
    expect(session).not.toMatch(/Domain=/i);
    expect(line(done.setCookies, HTTPS_COOKIES.login)).toMatch(/^__Secure-faktabot_login=;.*Path=\/console\/auth/);
    const me = await fetch(`${s.url}/console/api/session`, { headers: { cookie: `${HTTPS_COOKIES.session}=${done.session}` } });
    expect(await me.json()).toMatchObject({ signedIn: true, user: { name: 'Ada Admin' } });
  });

  it('does not read the sign-in from a cookie of the bare name', async () => {
    const { authorizationUrl, loginCookie } = await startSignIn(s.url, HTTPS_COOKIES);
    const callback = await providerLogin(authorizationUrl, 'ada');
    const done = await finishSignIn(callback, loginCookie, s.url, HTTP_COOKIES);
    expect(done.status).toBe(400);
    expect(done.session).toBeUndefined();
  });
});

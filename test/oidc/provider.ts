import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// Both packages are ESM-only and this project compiles test files as CommonJS, so a static `import` would be a
// require() of an ES module (TS1479). Types come in through `resolution-mode`, values through `await import()`.
import type { JWK, JWTPayload } from 'jose' with { 'resolution-mode': 'import' };

/**
 * A real OpenID provider (oidc-provider 9) on 127.0.0.1 for tests of organisation sign-in: authorization code with
 * S256 PKCE, one confidential client, the provider's own development login and consent pages, RP-initiated logout.
 * Nothing here reaches past loopback: the provider's pages are served without their Google Fonts @import, so a
 * browser test that opens them stays offline too.
 */

export interface TestAccount {
  name: string;
  roles: string[];
}

export interface ProviderOptions {
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** The accounts that may sign in, by login name (= `sub`). This very object is used, not a copy. */
  accounts?: Record<string, TestAccount>;
}

/** What `tamper` returns: the claims to put in the ID token instead, and which key signs them. */
export interface Tampered {
  claims: JWTPayload;
  /** 'provider' (default): the provider's own key, so the signature verifies. 'other': a foreign key, same kid. */
  key?: 'provider' | 'other';
}

export interface TestProvider {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Read at every sign-in and token request: change a user's roles here between sign-ins. */
  readonly accounts: Record<string, TestAccount>;
  /** `METHOD /path` (no query string) of every request the provider received, in order. */
  readonly requests: string[];
  /**
   * When set, rewrites the ID token in every token endpoint response: the provider's claims go in, the returned
   * claims come out, signed again with the key asked for. Unset it to get untouched tokens again.
   */
  tamper: ((claims: JWTPayload) => Tampered) | undefined;
  /** When set, the token endpoint answers with this HTTP status and an HTML error page (an overloaded provider). */
  tokenStatus: number | undefined;
  /** Closes the listener and every open connection: the provider refuses connections until `up()`. */
  down(): Promise<void>;
  /** Listens again on the same port; the provider's state (sessions, codes, keys) is kept. */
  up(): Promise<void>;
  stop(): Promise<void>;
}

export const CLIENT_ID = 'faktabot-test';

/**
 * The parts of oidc-provider's API this harness uses. The package ships no type declarations (they live in
 * @types/oidc-provider, which is not installed), so the harness names what it relies on here.
 */
interface KoaContext {
  path: string;
  status: number;
  body: unknown;
  type: string;
}
interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
  interactionFinished(req: IncomingMessage, res: ServerResponse, result: object, options?: object): Promise<void>;
}
type ProviderConstructor = new (issuer: string, configuration: object) => OidcProvider;

// oidc-provider announces, on the console, every development default it runs with (in-memory store, the dev login
// pages, Node 20 being older than it supports). They are the point of a test provider, so these known notices are
// dropped while the provider is loaded and built; any other warning still gets through.
const KNOWN_NOTICES = ['Unsupported runtime', 'in-memory adapter', 'devInteractions is enabled'];
async function quietly<T>(build: () => Promise<T>): Promise<T> {
  const { warn, info } = console;
  const filter =
    (print: (...args: unknown[]) => void) =>
    (...args: unknown[]): void => {
      const text = String(args[0]);
      if (!(text.includes('oidc-provider') && KNOWN_NOTICES.some((notice) => text.includes(notice)))) print(...args);
    };
  console.warn = filter(warn);
  console.info = filter(info);
  try {
    return await build();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}

/** Starts a provider on a free loopback port. Stop it with `stop()`. */
export async function startProvider(options: ProviderOptions): Promise<TestProvider> {
  const jose = await import('jose');
  const accounts = options.accounts ?? {};
  const requests: string[] = [];
  const kid = `test-${randomBytes(4).toString('hex')}`;
  const own = await jose.generateKeyPair('RS256', { extractable: true });
  const foreign = await jose.generateKeyPair('RS256', { extractable: true });
  const signingJwk: JWK = { ...(await jose.exportJWK(own.privateKey)), kid, alg: 'RS256', use: 'sig' };
  const clientSecret = randomBytes(32).toString('base64url');

  // The issuer names the port, so the port must be known before the provider is built: listen first, mount later.
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`);
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const findAccount = async (_ctx: unknown, sub: string) => {
    if (!Object.hasOwn(accounts, sub)) return undefined;
    return {
      accountId: sub,
      // Read when the token is issued, not when the account was found, so a role change shows in the next token.
      claims: async () => {
        const account = accounts[sub];
        return { sub, name: account?.name, preferred_username: sub, roles: [...(account?.roles ?? [])] };
      },
    };
  };

  const provider = await quietly(async () => {
    // @ts-expect-error -- oidc-provider ships no type declarations; `OidcProvider` above types what is used.
    const { default: Provider } = (await import('oidc-provider')) as { default: ProviderConstructor };
    return new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: clientSecret,
          redirect_uris: options.redirectUris,
          post_logout_redirect_uris: options.postLogoutRedirectUris,
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      jwks: { keys: [signingJwk] },
      findAccount,
      // Entra ID puts app roles in the ID token. With conformIdTokenClaims on (the default) oidc-provider would put
      // claims requested by scope in userinfo only, since an access token is issued too.
      claims: { openid: ['sub', 'roles'], profile: ['name', 'preferred_username'] },
      conformIdTokenClaims: false,
      // oidc-provider 9 requires PKCE only of public clients by default; Entra ID and our service use it always.
      pkce: { required: () => true },
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      features: {
        devInteractions: { enabled: true },
        rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      },
      clientBasedCORS: () => false,
      renderError,
      // Set, not defaulted, only so oidc-provider does not print a notice per default on first use.
      ttl: { AccessToken: 3600, AuthorizationCode: 60, Grant: 3600, IdToken: 3600, Interaction: 600, Session: 3600 },
    });
  });

  // The dev login page takes any login name. Left alone, the login of an account the map does not hold ends on the
  // provider's HTTP 500 server_error page (findAccount finds no account for the new session) and never returns to the
  // relying party. So that login is turned into a refusal instead: the provider redirects to the redirect URI with
  // error=access_denied and the state, which the service's callback must handle anyway.
  const finish = provider.interactionFinished.bind(provider);
  provider.interactionFinished = (req, res, result, finishOptions) => {
    const login = (result as { login?: { accountId?: unknown } }).login;
    if (login && !(typeof login.accountId === 'string' && Object.hasOwn(accounts, login.accountId))) {
      return finish(
        req,
        res,
        { error: 'access_denied', error_description: `no such account: ${String(login.accountId)}` },
        { mergeWithLastSubmission: false },
      );
    }
    return finish(req, res, result, finishOptions);
  };

  const testProvider: TestProvider = {
    issuer,
    clientId: CLIENT_ID,
    clientSecret,
    accounts,
    requests,
    tamper: undefined,
    tokenStatus: undefined,
    down: () => closeServer(),
    up: () =>
      new Promise<void>((resolve, reject) => {
        if (server.listening) return resolve();
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      }),
    stop: () => closeServer(),
  };

  provider.use(async (ctx, next) => {
    if (testProvider.tokenStatus && ctx.path === '/token') {
      ctx.status = testProvider.tokenStatus;
      ctx.type = 'text/html';
      ctx.body = '<html><body>Service Unavailable</body></html>';
      return;
    }
    await next();
    if (typeof ctx.body === 'string' && ctx.type.startsWith('text/html')) {
      ctx.body = ctx.body.replace(/@import url\(https?:[^)]*\);?/g, '');
    }
    const tamper = testProvider.tamper;
    if (!tamper || ctx.path !== '/token' || ctx.status !== 200) return;
    const body = ctx.body as { id_token?: unknown } | undefined;
    if (typeof body?.id_token !== 'string') return;
    const header = jose.decodeProtectedHeader(body.id_token);
    const changed = tamper(jose.decodeJwt(body.id_token));
    const key = changed.key === 'other' ? foreign.privateKey : own.privateKey;
    body.id_token = await new jose.SignJWT(changed.claims).setProtectedHeader({ ...header, alg: 'RS256', kid }).sign(key);
  });

  handler = provider.callback();

  function closeServer(): Promise<void> {
    if (!server.listening) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  }

  return testProvider;
}

// The provider's own sign-out pages, minus their Google Fonts @import (and the notices their defaults print).
async function logoutSource(ctx: KoaContext, form: string): Promise<void> {
  ctx.type = 'html';
  ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Logout Request</title></head><body>
<h1>Do you want to sign-out?</h1>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button></body></html>`;
}
async function postLogoutSuccessSource(ctx: KoaContext): Promise<void> {
  ctx.type = 'html';
  ctx.body =
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sign-out Success</title></head><body><h1>Sign-out Success</h1></body></html>';
}

// The error page as plain text of oidc-provider's error fields, which providerLogin's errors then quote.
async function renderError(ctx: KoaContext, out: Record<string, unknown>): Promise<void> {
  const text = Object.entries(out).map(([key, value]) => `${key}: ${String(value)}`);
  ctx.type = 'html';
  ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Error</title></head><body><pre>${text.join('\n').replace(/[<>&]/g, (c) => `&#${c.charCodeAt(0)};`)}</pre></body></html>`;
}

/** The provider's end-session endpoint, from its discovery document. */
export async function endSessionEndpoint(issuer: string): Promise<string> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`provider discovery: HTTP ${response.status}`);
  const { end_session_endpoint } = (await response.json()) as { end_session_endpoint?: string };
  if (!end_session_endpoint) throw new Error('provider discovery: no end_session_endpoint (is rpInitiatedLogout on?)');
  return end_session_endpoint;
}

/**
 * The provider's cookies, as a browser keeps them. Pass one jar to several `providerLogin`/`providerLogout` calls to
 * act as one browser (a second sign-in then skips the login form, a logout shows the confirm page); without one,
 * every call is a fresh browser.
 */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Paths are ignored: only the provider's cookies are kept here, and it reads them by name. */
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', val = ''] = attribute.split('=');
        const k = key.trim().toLowerCase();
        return (k === 'max-age' && Number(val) <= 0) || (k === 'expires' && Date.parse(val) <= Date.now());
      });
      if (expired || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
}

export interface BrowserOptions {
  jar?: CookieJar;
}

/**
 * Plays the user at the provider: opens the authorization URL, signs in as `login` on the provider's login page,
 * confirms consent, and returns the URL the provider redirects to on the relying party's side (the callback with
 * `code` and `state`, or with `error`), without requesting it. An account not in the provider's map ends with
 * `error=access_denied`. The dev login page ignores the password.
 */
export async function providerLogin(
  authorizationUrl: string,
  login: string,
  opts: BrowserOptions & { password?: string } = {},
): Promise<string> {
  const answers = {
    login: { prompt: 'login', login, password: opts.password ?? 'password' },
    consent: { prompt: 'consent' },
  };
  return walk(authorizationUrl, opts.jar ?? new CookieJar(), 'sign-in', (page) => {
    const prompt = hiddenInputs(page.body).prompt;
    return prompt === 'login' || prompt === 'consent' ? answers[prompt] : undefined;
  });
}

/**
 * Plays the user at the provider's end-session endpoint: confirms the sign-out and returns the URL the provider
 * redirects to (the post_logout_redirect_uri, with `state` if one was sent), without requesting it. If the
 * provider ends on its own "signed out" page instead, returns that page's URL.
 */
export async function providerLogout(endSessionUrl: string, opts: BrowserOptions = {}): Promise<string> {
  return walk(endSessionUrl, opts.jar ?? new CookieJar(), 'sign-out', (page) => {
    const inputs = hiddenInputs(page.body);
    // With a session the provider asks "Do you want to sign-out?"; without one it sends a self-posting form.
    return inputs.xsrf ? { ...inputs, logout: 'yes' } : undefined;
  });
}

interface Page {
  url: string;
  status: number;
  body: string;
}

/**
 * Follows the provider's redirects and answers its forms until a redirect leaves the provider's origin. `answer`
 * gives the fields to post for a page, or undefined for a page that is not a form: a sign-in stops there with an
 * error, a sign-out returns the page's URL (the provider's own "signed out" page).
 */
async function walk(
  start: string,
  jar: CookieJar,
  what: 'sign-in' | 'sign-out',
  answer: (page: Page) => Record<string, string> | undefined,
): Promise<string> {
  const origin = new URL(start).origin;
  let request: { url: string; form?: Record<string, string> } = { url: start };
  for (let step = 0; step < 20; step++) {
    const response = await fetch(request.url, {
      method: request.form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(request.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: request.form ? new URLSearchParams(request.form).toString() : undefined,
    });
    jar.store(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, request.url);
      if (next.origin !== origin) return next.href;
      request = { url: next.href };
      continue;
    }
    const page = { url: request.url, status: response.status, body: await response.text() };
    const fields = response.status === 200 ? answer(page) : undefined;
    if (fields) {
      request = { url: new URL(formAction(page), page.url).href, form: fields };
      continue;
    }
    if (what === 'sign-out' && response.status === 200) return page.url;
    throw new Error(`provider ${what}: unexpected page at ${page.url}: HTTP ${page.status}: ${excerpt(page.body)}`);
  }
  throw new Error(`provider ${what}: more than 20 redirects and forms from ${start}`);
}

function formAction(page: Page): string {
  const action = /<form\b[^>]*\baction="([^"]*)"/i.exec(page.body)?.[1];
  if (action === undefined) throw new Error(`provider page without a form at ${page.url}: ${excerpt(page.body)}`);
  return unescapeHtml(action);
}

function hiddenInputs(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [input] of html.matchAll(/<input\b[^>]*>/gi)) {
    if (!/\btype="hidden"/i.test(input)) continue;
    const name = /\bname="([^"]*)"/i.exec(input)?.[1];
    const value = /\bvalue="([^"]*)"/i.exec(input)?.[1];
    if (name !== undefined) fields[unescapeHtml(name)] = unescapeHtml(value ?? '');
  }
  return fields;
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x2F;/gi, '/')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function excerpt(body: string): string {
  const text = body
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * Organisation sign-in for the console: OpenID Connect's authorization code flow with PKCE (S256), state and nonce,
 * through openid-client (a certified relying-party library), the provider found by discovery from OIDC_ISSUER.
 * Nothing here is specific to Entra ID: the provider's ID token names the person (`sub`, `name`) and carries the
 * roles in a configurable claim, which OIDC_ROLE_* map to console roles.
 *
 * openid-client is an ES module, loaded on the first sign-in: a service without OIDC never loads it, and the
 * service starts and answers in Slack and Teams while the provider is down. openid-client keeps the provider's keys
 * and fetches them again when a token names a key it does not know (key rotation).
 *
 * Tokens stay in this module: the ID token is read for its claims and dropped; the access token is not used.
 */

import { ProviderDown, SignInRefused } from '../errors';
import { displayName } from '../store/names';
import type { ConsoleUser, PendingLogin, Role } from '../store/sessions';
import type { OidcConfig } from './config';

export { ProviderDown, SignInRefused };

type OpenId = typeof import('openid-client', { with: { 'resolution-mode': 'import' }});
type Configuration = import('openid-client', { with: { 'resolution-mode': 'import' }}).Configuration;

const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** What a failed call to the provider means: it is away (a network error, a timeout, a 5xx) or it refused. */
function classify(e: unknown, lib: OpenId | undefined): Error {
  const err = e as { name?: string; code?: string; message?: string; cause?: { code?: string; name?: string }; status?: number };
  const network =
    err.name === 'TimeoutError' ||
    err.name === 'AbortError' ||
    (err.name === 'TypeError' && /fetch failed/i.test(err.message ?? '')) ||
    NETWORK.has(err.code ?? '') ||
    NETWORK.has(err.cause?.code ?? '') ||
    err.cause?.name === 'TimeoutError';
  if (network) return new ProviderDown(`the provider is unreachable: ${err.cause?.code ?? err.name ?? 'error'}`);
  if (lib && e instanceof lib.ResponseBodyError) {
    if (e.status >= 500) return new ProviderDown(`the provider answered ${e.status}`);
    return new SignInRefused(`${e.error}${e.error_description ? `: ${e.error_description}` : ''}`.slice(0, 300));
  }
  if (lib && e instanceof lib.AuthorizationResponseError) {
    // The provider's own "try later" on the callback is an outage, not a refusal.
    if (e.error === 'temporarily_unavailable' || e.error === 'server_error') return new ProviderDown(`the provider answered ${e.error}`);
    return new SignInRefused(`the provider answered ${e.error}`, e.error);
  }
  // A 5xx that is not an OAuth error body (a proxy's 502, an HTML 503) comes as a ClientError with the Response as
  // its cause.
  const response = (e as { cause?: unknown }).cause;
  const status = typeof err.status === 'number' ? err.status : response instanceof Response ? response.status : undefined;
  if (status !== undefined && status >= 500) return new ProviderDown(`the provider answered ${status}`);
  // Which check failed: the claim's name, or the cause's own message; never the claims or the token themselves.
  const cause = (e as { cause?: unknown }).cause as { claim?: unknown; parameter?: unknown; message?: unknown } | undefined;
  const detail =
    typeof cause?.claim === 'string'
      ? ` (claim "${cause.claim}")`
      : typeof cause?.parameter === 'string'
        ? ` (parameter "${cause.parameter}")`
        : cause instanceof Error
          ? ` (${cause.message})`
          : '';
  return new SignInRefused(`${err.code ?? err.name ?? 'error'}: ${err.message ?? ''}${detail}`.slice(0, 300));
}

export class OidcSignIn {
  private lib: OpenId | undefined;
  private config: Configuration | undefined;
  private discovering: Promise<Configuration> | undefined;

  constructor(
    readonly settings: OidcConfig,
    private readonly timeoutMs: number,
  ) {}

  /**
   * The provider's configuration, by discovery on first use (or anew with `fresh`); a failed discovery is tried
   * again next time.
   */
  private async provider(fresh = false): Promise<{ lib: OpenId; config: Configuration }> {
    this.lib ??= await import('openid-client');
    const lib = this.lib;
    if (this.config && !fresh) return { lib, config: this.config };
    this.discovering ??= (async () => {
      const { issuer, clientId, clientSecret } = this.settings;
      // http only reaches a provider on this machine: config.ts refuses any other http issuer.
      const insecure = issuer.protocol === 'http:';
      return lib.discovery(issuer, clientId, undefined, lib.ClientSecretPost(clientSecret), {
        timeout: Math.ceil(this.timeoutMs / 1000),
        execute: insecure ? [lib.allowInsecureRequests] : [],
      });
    })();
    try {
      const config = await this.discovering;
      config.timeout = Math.ceil(this.timeoutMs / 1000);
      // OpenID Connect lets a client trust an ID token from the token endpoint for the TLS connection alone;
      // openid-client then skips its signature. We check it against the provider's published keys as well.
      lib.enableNonRepudiationChecks(config);
      this.config = config;
      return { lib, config: this.config };
    } catch (e) {
      // Whatever went wrong (no answer, a 404, a document that is not the issuer's), sign-in cannot start.
      const c = classify(e, lib);
      throw c instanceof ProviderDown ? c : new ProviderDown(`discovery failed: ${c.message}`);
    } finally {
      this.discovering = undefined;
    }
  }

  /**
   * Starts a sign-in: where to send the browser, and what its callback must match (kept server-side). Discovery
   * runs anew each time: it is one small request per sign-in, it picks up a provider's changed metadata, and a
   * provider that is down is found here (a Swedish page) rather than by the browser (its own error page).
   */
  async begin(): Promise<{ url: string; pending: PendingLogin }> {
    const { lib, config } = await this.provider(true);
    const verifier = lib.randomPKCECodeVerifier();
    const pending = { state: lib.randomState(), nonce: lib.randomNonce(), verifier };
    const url = lib.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: 'openid profile',
      response_type: 'code',
      code_challenge: await lib.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /**
   * Finishes a sign-in from the callback URL: openid-client checks the state, exchanges the code (with the PKCE
   * verifier and the client secret) and checks the ID token's signature, issuer, audience, expiry and nonce.
   * Returns who signed in, with the console roles their claim grants (possibly none).
   */
  async finish(callback: URL, pending: PendingLogin): Promise<ConsoleUser> {
    const { lib, config } = await this.provider();
    let claims: Record<string, unknown> | undefined;
    try {
      const tokens = await lib.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims() as Record<string, unknown> | undefined;
    } catch (e) {
      throw classify(e, lib);
    }
    if (!claims || typeof claims.sub !== 'string') throw new SignInRefused('the ID token has no subject');
    return { subject: claims.sub, name: nameOf(claims), roles: this.roles(claims) };
  }

  /** The console roles the role claim grants: values other than OIDC_ROLE_* are ignored. */
  roles(claims: Record<string, unknown>): Role[] {
    const raw = claims[this.settings.roleClaim];
    const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/\s+/) : [];
    const roles = new Set<Role>();
    for (const v of values)
      if (typeof v === 'string' && Object.hasOwn(this.settings.roleValues, v)) roles.add(this.settings.roleValues[v] as Role);
    return [...roles];
  }

  /** The provider's end-session URL that returns the browser to `returnTo`, or undefined if it has none. */
  async endSessionUrl(returnTo: string): Promise<string | undefined> {
    try {
      const { lib, config } = await this.provider();
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      // Without id_token_hint: the service keeps no tokens. The provider may ask the user to confirm.
      return lib.buildEndSessionUrl(config, { client_id: this.settings.clientId, post_logout_redirect_uri: returnTo }).href;
    } catch {
      return undefined;
    }
  }
}

/**
 * The name to show: `name`, else `preferred_username`, else the subject; without direction overrides, invisible or
 * control characters (names.ts), 200 characters at most.
 */
function nameOf(claims: Record<string, unknown>): string {
  for (const key of ['name', 'preferred_username', 'sub']) {
    const v = claims[key];
    if (typeof v === 'string') {
      const clean = displayName(v, 200);
      if (clean) return clean;
    }
  }
  return '?';
}

// ESM-only packages in a file compiled as CommonJS: types by resolution-mode, the module by import() (see provider.ts).
import type * as Client from 'openid-client' with { 'resolution-mode': 'import' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar, endSessionEndpoint, providerLogin, providerLogout, startProvider, type TestProvider } from './provider';

/**
 * Proves the test provider with openid-client itself as the relying party, so the service's sign-in tests can trust
 * that a failure there is the service's and not the harness's.
 */

const REDIRECT_URI = 'http://127.0.0.1:9/auth/callback';
const POST_LOGOUT_URI = 'http://127.0.0.1:9/signed-out';

let client: typeof Client;
let provider: TestProvider;
let config: Client.Configuration;

beforeAll(async () => {
  client = await import('openid-client');
  provider = await startProvider({
    redirectUris: [REDIRECT_URI],
    postLogoutRedirectUris: [POST_LOGOUT_URI],
    accounts: {
      anna: { name: 'Anna Andersson', roles: ['editor'] },
      bertil: { name: 'Bertil Berg', roles: [] },
    },
  });
  config = await discover();
});

afterAll(async () => {
  await provider?.stop();
});

function discover(): Promise<Client.Configuration> {
  return client.discovery(new URL(provider.issuer), provider.clientId, provider.clientSecret, undefined, {
    execute: [client.allowInsecureRequests],
  });
}

interface Started {
  url: string;
  verifier: string;
  state: string;
  nonce: string;
}

async function authorizationRequest(): Promise<Started> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, verifier, state, nonce };
}

function redeem(started: Started, callbackUrl: string) {
  return client.authorizationCodeGrant(config, new URL(callbackUrl), {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
    idTokenExpected: true,
  });
}

async function signIn(login: string) {
  const started = await authorizationRequest();
  const callbackUrl = await providerLogin(started.url, login);
  return { started, callbackUrl, tokens: await redeem(started, callbackUrl) };
}

function idTokenPayload(idToken: string): Record<string, unknown> {
  const payload = idToken.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

describe('test OpenID provider', () => {
  it('signs a user in with code + PKCE and puts name and roles in the ID token itself', async () => {
    const { callbackUrl, tokens } = await signIn('anna');
    expect(callbackUrl.startsWith(`${REDIRECT_URI}?`)).toBe(true);
    expect(tokens.claims()).toMatchObject({ sub: 'anna', name: 'Anna Andersson', preferred_username: 'anna', roles: ['editor'] });
    // claims() is the ID token's payload; decode the raw token too so userinfo cannot be standing in for it.
    expect(idTokenPayload(tokens.id_token ?? '')).toMatchObject({ aud: 'faktabot-test', roles: ['editor'], name: 'Anna Andersson' });
    expect(provider.requests).toContain('POST /token');
  });

  it('requires PKCE of the confidential client', async () => {
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid', state: 'x' });
    const callback = new URL(await providerLogin(url.href, 'anna'));
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('ends the sign-in of an account it does not hold with access_denied', async () => {
    const started = await authorizationRequest();
    const callback = new URL(await providerLogin(started.url, 'mallory'));
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe(started.state);
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it('rejects a code used twice', async () => {
    const { started, callbackUrl } = await signIn('anna');
    await expect(redeem(started, callbackUrl)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('gives the next sign-in the roles the account has then', async () => {
    provider.accounts.bertil = { name: 'Bertil Berg', roles: ['admin'] };
    expect((await signIn('bertil')).tokens.claims()?.roles).toEqual(['admin']);
    provider.accounts.bertil = { name: 'Bertil Berg', roles: [] };
    expect((await signIn('bertil')).tokens.claims()?.roles).toEqual([]);
  });

  describe('tampered ID tokens', () => {
    async function signInTampered(tamper: TestProvider['tamper']) {
      provider.tamper = tamper;
      try {
        const started = await authorizationRequest();
        // Awaited here, so the token request is made before `finally` takes the tamper away.
        return await redeem(started, await providerLogin(started.url, 'anna'));
      } finally {
        provider.tamper = undefined;
      }
    }

    it('re-signs changed claims with the provider key, which the client accepts', async () => {
      const tokens = await signInTampered((claims) => ({ claims: { ...claims, name: 'Changed' } }));
      expect(tokens.claims()?.name).toBe('Changed');
    });

    it('a wrong audience is rejected', async () => {
      await expect(signInTampered((claims) => ({ claims: { ...claims, aud: 'someone-else' } }))).rejects.toMatchObject({
        code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
        cause: { cause: { claim: 'aud' } },
      });
    });

    // openid-client takes the token endpoint's TLS as proof of the issuer (OIDC Core 3.1.3.7) and checks the ID
    // token's signature only with enableNonRepudiationChecks: the service must turn that on to notice a bad one.
    it('a foreign signature passes openid-client by default and fails with enableNonRepudiationChecks', async () => {
      const tokens = await signInTampered((claims) => ({ claims, key: 'other' }));
      expect(tokens.claims()?.sub).toBe('anna');
      const checking = config;
      config = await discover();
      client.enableNonRepudiationChecks(config);
      try {
        await expect(signInTampered((claims) => ({ claims, key: 'other' }))).rejects.toMatchObject({
          code: 'OAUTH_INVALID_RESPONSE',
          message: 'invalid response encountered',
          cause: { message: 'JWT signature verification failed' },
        });
        // The same check passes the provider's own signature, so it is the foreign key that fails it.
        expect((await signInTampered((claims) => ({ claims }))).claims()?.sub).toBe('anna');
      } finally {
        config = checking;
      }
    });

    it('an expired token is rejected', async () => {
      const past = Math.floor(Date.now() / 1000) - 3600;
      await expect(signInTampered((claims) => ({ claims: { ...claims, iat: past - 60, exp: past } }))).rejects.toMatchObject({
        code: 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
        cause: { cause: { claim: 'exp' } },
      });
    });

    it('a wrong nonce is rejected', async () => {
      await expect(signInTampered((claims) => ({ claims: { ...claims, nonce: 'not-the-one' } }))).rejects.toMatchObject({
        code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
        cause: { cause: { claim: 'nonce' } },
      });
    });
  });

  async function endSessionUrl(): Promise<URL> {
    const url = new URL(await endSessionEndpoint(provider.issuer));
    url.searchParams.set('client_id', provider.clientId);
    url.searchParams.set('post_logout_redirect_uri', POST_LOGOUT_URI);
    url.searchParams.set('state', 'bye');
    return url;
  }

  it('signs out with client_id and post_logout_redirect_uri, ending the provider session, and redirects there', async () => {
    const endSession = await endSessionUrl();
    // One browser throughout: while its provider session lives, a sign-in skips the login form (the login name
    // given is not used); after the sign-out it is asked for again.
    const jar = new CookieJar();
    await providerLogin((await authorizationRequest()).url, 'anna', { jar });
    const again = await authorizationRequest();
    expect((await redeem(again, await providerLogin(again.url, 'bertil', { jar }))).claims()?.sub).toBe('anna');

    const before = provider.requests.length;
    expect(await providerLogout(endSession.href, { jar })).toBe(`${POST_LOGOUT_URI}?state=bye`);
    expect(provider.requests.slice(before)).toEqual([`GET ${endSession.pathname}`, `POST ${endSession.pathname}/confirm`]);

    const after = await authorizationRequest();
    expect((await redeem(after, await providerLogin(after.url, 'bertil', { jar }))).claims()?.sub).toBe('bertil');
  });

  it('signs out a browser without a provider session too', async () => {
    expect(await providerLogout((await endSessionUrl()).href)).toBe(`${POST_LOGOUT_URI}?state=bye`);
  });

  it('refuses a post_logout_redirect_uri it does not know', async () => {
    const endSession = await endSessionUrl();
    endSession.searchParams.set('post_logout_redirect_uri', 'http://127.0.0.1:9/elsewhere');
    await expect(providerLogout(endSession.href)).rejects.toThrow(/HTTP 400.*post_logout_redirect_uri not registered/);
  });

  it('refuses connections while down and serves again on the same port after up', async () => {
    await provider.down();
    await expect(fetch(`${provider.issuer}/.well-known/openid-configuration`)).rejects.toThrow();
    await provider.up();
    const { tokens } = await signIn('anna');
    expect(tokens.claims()?.sub).toBe('anna');
  });
});

/**
 * Organisation sign-in across two replicas on one PostgreSQL, against a real OpenID provider: a sign-in started on
 * one replica is finished by the other (the state, nonce and PKCE verifier wait in the database), the session works
 * on both, and logging out on one ends it on both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeCopy } from '../helpers';
import { startProvider, type TestProvider } from '../oidc/provider';
import { signIn } from '../oidc/signin';
import { freshDatabase } from '../pg/databases';
import { skipReason, TEST_SALT } from '../store/backends';
import { type Replica, startReplica } from './replica';

describe.skipIf(!!skipReason())('organisation sign-in on two replicas', () => {
  let provider: TestProvider;
  let a: Replica;
  let b: Replica;
  // The public address a balancer would have; each replica is reached here on its own port, as a balancer would.
  const publicUrl = 'http://127.0.0.1:9';

  beforeAll(async () => {
    provider = await startProvider({
      redirectUris: [`${publicUrl}/console/auth/callback`],
      postLogoutRedirectUris: [`${publicUrl}/console`],
      accounts: { anna: { name: 'Anna Andersson', roles: ['Faktabot.Kommunikator'] } },
    });
    const env = {
      DATABASE_URL: await freshDatabase(),
      LOG_SALT: TEST_SALT,
      KNOWLEDGE_DIR: knowledgeCopy(),
      WATCH_KNOWLEDGE: 'false',
      PUBLIC_URL: publicUrl,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      TEAMS_LOCAL: 'false',
    };
    [a, b] = await Promise.all([startReplica(env, 'faktabot listening'), startReplica(env, 'faktabot listening')]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await provider?.stop();
  });

  const session = async (replica: Replica, cookie: string) =>
    (await fetch(`${replica.url}/console/api/session`, { headers: { cookie: `faktabot_console=${cookie}` } })).json();

  it('signs in on one replica, finishes on the other, and the session holds on both until logout', async () => {
    const r = await signIn(a.url, 'anna', b.url);
    expect(r.status, r.body).toBe(303);
    const cookie = r.session as string;
    for (const replica of [a, b])
      expect(await session(replica, cookie)).toMatchObject({ signedIn: true, user: { name: 'Anna Andersson' } });
    const out = await fetch(`${b.url}/console/api/logout`, {
      method: 'POST',
      headers: { cookie: `faktabot_console=${cookie}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect((await out.json()).redirect).toContain('post_logout_redirect_uri');
    expect((await session(a, cookie)).signedIn).toBe(false);
    // The provider's tokens are in neither replica's output.
    expect([...a.output, ...b.output].join('')).not.toMatch(/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\./);
  });
});

/** Regression tests for the Teams findings of the security review (#11). */
import { spawn } from 'node:child_process';
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loopbackUrl } from '../../../bots/teams/endpoint';
import { teamsAdapters } from '../../../bots/teams/index';
import { FEEDBACK_MESSAGES } from '../../../src/index';
import { adapterHost } from '../../../src/service/main';
import { ROOT } from '../../helpers';
import { type Running, startService } from '../../service/helpers';
import { activity, FakeConnector } from './fake-connector';

const JSON_TYPE = { 'content-type': 'application/json' };

describe('Teams local mode (no app id)', () => {
  let fc: FakeConnector;
  let s: Running;
  beforeAll(async () => {
    fc = new FakeConnector();
    await fc.start();
    s = await startService({ WATCH_KNOWLEDGE: 'false', TEAMS_LOCAL: 'true', RATE_LIMIT_PER_MINUTE: '3', OUTBOUND_TIMEOUT_MS: '300' });
    for (const a of teamsAdapters(adapterHost(s.service))) await a.start();
  });
  afterAll(async () => {
    await s?.stop();
    await fc?.stop();
  });

  const send = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${s.url}/api/messages`, { method: 'POST', headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(body) });
  const search = (value: string, from = 'search-user') =>
    send(
      activity(fc.url, {
        type: 'invoke',
        name: 'composeExtension/query',
        text: undefined,
        from: { id: `29:${from}`, aadObjectId: from },
        value: { commandId: 'searchFaq', parameters: [{ name: 'searchQuery', value }] },
      }),
    );

  it('replies only to a loopback serviceUrl, so a web page cannot make the bot post elsewhere', async () => {
    const before = fc.sent.length;
    for (const serviceUrl of ['http://203.0.113.9:3978/', 'https://attacker.example/', 'file:///etc/passwd', 42]) {
      const r = await send(activity(fc.url, { text: 'Vad är FVM?', serviceUrl }));
      expect(r.status, String(serviceUrl)).toBe(403);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(fc.sent.length).toBe(before);
  });

  it('refuses a cross-site post, so a web page the operator visits cannot drive local mode', async () => {
    const before = fc.sent.length;
    const body = JSON.stringify(activity(fc.url, { text: 'ställ in supportkanal' }));
    const plain = await fetch(`${s.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://attacker.example' },
      body,
    });
    expect(plain.status).toBe(403);
    const noOrigin = await fetch(`${s.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    expect(noOrigin.status).toBe(415);
    expect((await send(JSON.parse(body), { origin: 'https://attacker.example' })).status).toBe(403);
    // Another web app on this machine (another port, or https) is another site too.
    const port = Number(new URL(s.url).port);
    for (const origin of [`http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, `http://localhost:${port + 1}`])
      expect((await send(JSON.parse(body), { origin })).status, origin).toBe(403);
    await new Promise((r) => setTimeout(r, 200));
    expect(fc.sent.length).toBe(before);
  });

  it('decides loopback by IP literal, so 127.0.0.1.evil.example is not this machine', async () => {
    const before = fc.sent.length;
    for (const serviceUrl of ['http://127.0.0.1.evil.example/', 'http://localhost.evil.example/', 'http://127.evil/', 'http://[::2]/'])
      expect((await send(activity(fc.url, { text: 'Vad är FVM?', serviceUrl }))).status, serviceUrl).toBe(403);
    await new Promise((r) => setTimeout(r, 200));
    expect(fc.sent.length).toBe(before);
    expect(['http://127.0.0.1:1/', 'http://127.5.6.7/', 'http://[::1]:80/', 'http://localhost:3978/'].every(loopbackUrl)).toBe(true);
  });

  it('refuses a request that came through a proxy (it only looks local)', async () => {
    expect((await send(activity(fc.url, { text: 'Vad är FVM?' }), { 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
  });

  it('caps a messaging-extension search at the question length, without analysing it', async () => {
    const r = await search('riskanalys '.repeat(5000));
    expect(r.status).toBe(200);
    expect((await r.json()).composeExtension).toEqual({ type: 'message', text: expect.stringMatching(/^Frågan är för lång/) });
  });

  it('rate limits messaging-extension searches like questions', async () => {
    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await (await search('riskanalys', 'busy-user')).json()).composeExtension.type);
    expect(statuses).toEqual(['result', 'result', 'result', 'message']);
  });

  it('lets only the asker, or someone in the same conversation, vote on an answer, one vote each', async () => {
    const anna = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna' };
    const bo = { id: '29:bo', aadObjectId: 'aad-bo', name: 'Bo' };
    const conv = (id: string) => ({ id, conversationType: 'personal', tenantId: 'tenant-1' });
    let before = fc.sent.length;
    await send(activity(fc.url, { text: 'Vad är FVM?', from: anna, conversation: conv('a:anna-chat') }));
    await fc.waitFor(before + 1);
    // A vote as an answer card posted before Teams' own feedback sends it, with the logged question's id.
    const questionId = ((await s.service.sql.get("SELECT id FROM questions WHERE channel = 'teams' ORDER BY id DESC")) as { id: number })
      .id;
    const vote = async (from: object, conversation: object, helpful: boolean) => {
      before = fc.sent.length;
      await send(
        activity(fc.url, { text: undefined, from, conversation, value: { faktabot: 'feedback', helpful, questionId: Number(questionId) } }),
      );
      const reply = (await fc.waitFor(before + 1)).at(-1)?.activity;
      return reply?.attachments ? JSON.stringify(reply) : (reply?.text as string | undefined);
    };
    expect(await vote(bo, conv('a:bo-chat'), false)).toMatch(/^Bara den som frågade/);
    expect(await vote(anna, conv('a:anna-chat'), true)).toContain('Tack för återkopplingen!');
    expect(await vote(anna, conv('a:anna-chat'), false)).toContain(FEEDBACK_MESSAGES.notHelpful);
    expect(await s.service.sql.all('SELECT helpful FROM feedback WHERE question_id = ?', [Number(questionId)])).toEqual([{ helpful: 0 }]);
  });

  it('gives up a reply to a serviceUrl that never answers, logs it, and answers the request', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const silent: Server = createServer(() => undefined);
    silent.on('connection', (c) => sockets.add(c));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    try {
      const started = performance.now();
      const r = await send(activity(url, { text: 'Vad är FVM?', from: { id: '29:timeout-user' } }));
      expect(r.status).toBeLessThan(600);
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(s.logs.some((l) => l.includes('teams turn failed'))).toBe(true);
    } finally {
      for (const c of sockets) c.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  }, 20_000);
});

describe('Teams with an app id, when the signing keys cannot be fetched', () => {
  it('answers a forged token with a quiet 401, warns once with the cause, and prints no stack traces', async () => {
    const s = await startService({
      WATCH_KNOWLEDGE: 'false',
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'app-password-secret',
      MicrosoftAppType: 'MultiTenant',
    });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const warns = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      for (const a of teamsAdapters(adapterHost(s.service))) await a.start();
      // A well-formed JWT with a key id: checking it needs the signing keys, which cannot be fetched here.
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const jwt = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'forged-key' })}.${b64({
        iss: 'https://api.botframework.com',
        aud: '11111111-2222-3333-4444-555555555555',
        exp: Math.floor(Date.now() / 1000) + 3600,
        nbf: Math.floor(Date.now() / 1000) - 60,
        serviceurl: 'http://127.0.0.1:9/',
      })}.${Buffer.from('not-a-signature').toString('base64url')}`;
      const post = () =>
        fetch(`${s.url}/api/messages`, {
          method: 'POST',
          headers: { ...JSON_TYPE, authorization: `Bearer ${jwt}` },
          body: JSON.stringify(activity('http://127.0.0.1:9/', { text: 'Vad är FVM?' })),
        });
      expect((await post()).status).toBe(401);
      expect((await post()).status).toBe(401);
      expect(errors).not.toHaveBeenCalled();
      expect(warns).not.toHaveBeenCalled();
      const warnings = s.logs.filter((l) => l.includes('"level":"warn"') && l.includes('teams: could not verify'));
      expect(warnings.length).toBeLessThanOrEqual(1);
      expect(s.logs.join('')).not.toContain('app-password-secret');
      expect(s.logs.join('')).not.toMatch(/\n\s+at /);
    } finally {
      errors.mockRestore();
      warns.mockRestore();
      await s.stop();
    }
  }, 30_000);
});

describe('Teams with an app id: expired and foreign-signed tokens', () => {
  const APP_ID = '11111111-2222-3333-4444-555555555555';
  const KID = 'bot-framework-test-key';
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  /** A Bot Framework channel token for this bot, RS256-signed with `key` and naming the published key's id. */
  const token = (key: KeyObject, exp: number) => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'RS256', typ: 'JWT', kid: KID })}.${b64({
      iss: 'https://api.botframework.com',
      aud: APP_ID,
      serviceurl: 'http://127.0.0.1:9/',
      nbf: now - 7200,
      exp: now + exp,
    })}`;
    return `${unsigned}.${sign('sha256', Buffer.from(unsigned), key).toString('base64url')}`;
  };

  it('answers 401 with one line in the JSON log and nothing on stderr: no stack, no key, no token', async () => {
    const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...published.publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig' };
    const dir = mkdtempSync(join(tmpdir(), 'faktabot-teams-auth-'));
    const child = spawn(
      process.execPath,
      [
        '--require',
        join(ROOT, 'test', 'bots', 'teams', 'no-network.cjs'),
        '--require',
        join(ROOT, 'test', 'bots', 'teams', 'signing-keys.cjs'),
        join(ROOT, 'dist', 'bots', 'main.js'),
      ],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          PORT: '0',
          DATABASE_PATH: join(dir, 'faktabot.db'),
          WATCH_KNOWLEDGE: 'false',
          LOG_LEVEL: 'debug',
          MicrosoftAppId: APP_ID,
          MicrosoftAppPassword: 'app-password-secret',
          MicrosoftAppType: 'MultiTenant',
          TEST_BOT_SIGNING_JWK: JSON.stringify(jwk),
          NO_NETWORK_LOG: join(dir, 'network.log'),
        },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start:\n${stdout}${stderr}`)), 15_000);
        const poll = setInterval(() => {
          const m = /"url":"(http:\/\/[^"]+)"/.exec(stdout);
          if (m && stdout.includes('teams: listening')) {
            clearTimeout(timer);
            clearInterval(poll);
            resolve(m[1] as string);
          }
        }, 20);
      });
      const expired = token(published.privateKey, -3600);
      const forged = token(foreign.privateKey, 3600);
      for (const jwt of [expired, forged]) {
        const r = await fetch(`${url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
          body: JSON.stringify(activity('http://127.0.0.1:9/', { text: 'Vad är FVM?' })),
        });
        expect(r.status).toBe(401);
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(stderr).toBe('');
      const lines = stdout.split('\n').filter(Boolean);
      const refused = lines.filter((l) => l.includes('teams: request not authenticated'));
      expect(refused).toHaveLength(2);
      expect(refused[0]).toContain('The token has expired');
      expect(refused[1]).toContain('invalid signature');
      // A forged token is the sender's problem, not a key-fetch failure for the operator.
      expect(lines.filter((l) => l.includes('could not verify a request token'))).toEqual([]);
      for (const text of [stdout, stderr]) {
        expect(text).not.toContain('BEGIN PUBLIC KEY');
        expect(text).not.toContain(jwk.n as string);
        expect(text).not.toMatch(/\n\s+at /);
        for (const jwt of [expired, forged]) expect(text).not.toContain(jwt.split('.')[2]);
      }
      // The keys came from the preload: nothing tried to leave the machine.
      expect(() => readFileSync(join(dir, 'network.log'), 'utf8')).toThrow();
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 30_000);
});

describe('Teams local mode is opt-in', () => {
  it('is off without TEAMS_LOCAL=true: /api/messages does not answer, even on loopback', async () => {
    const s = await startService({ WATCH_KNOWLEDGE: 'false' });
    try {
      const adapters = teamsAdapters(adapterHost(s.service));
      expect(adapters).toEqual([]);
      const r = await fetch(`${s.url}/api/messages`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify(activity('http://127.0.0.1:9/', { text: 'Vad är FVM?' })),
      });
      expect(r.status).toBe(404);
    } finally {
      await s.stop();
    }
  });

  it('is refused with PUBLIC_URL, with an app id, or with a value other than true or false', async () => {
    for (const env of <Record<string, string>[]>[
      { TEAMS_LOCAL: 'true', PUBLIC_URL: 'https://faktabot.example.se', CONSOLE_TOKEN: 'a-long-console-token-for-tests' },
      { TEAMS_LOCAL: 'true', MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'x' },
      { TEAMS_LOCAL: 'yes' },
    ]) {
      const s = await startService({ WATCH_KNOWLEDGE: 'false', ...env });
      try {
        expect(() => teamsAdapters(adapterHost(s.service)), JSON.stringify(env)).toThrow(/TEAMS_LOCAL/);
      } finally {
        await s.stop();
      }
    }
  });
});

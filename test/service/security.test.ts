/**
 * Regression tests for the security review (#11): the console and the local mode refuse what is not theirs, the
 * open endpoints stay small and say nothing personal, and malformed requests get a 4xx.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionStore, tokenFingerprint } from '../../src/store/sessions';
import { openTestStore, TEST_SALT } from '../store/backends';
import { type Running, startService } from './helpers';

const TOKEN = 'security-console-token-0123456789';
const JSON_TYPE = { 'content-type': 'application/json' };
const LIMITS = { lifetimeMs: 60_000, idleMs: 60_000 };

/** Sends raw bytes and resolves with the status line's code. */
function rawStatus(port: number, request: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (c) => {
      data += c.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (m) {
        resolve(Number(m[1]));
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.setTimeout(5000, () => reject(new Error('no answer')));
  });
}

/** GET with a chosen Host header (fetch does not let a caller set Host; a browser after DNS rebinding does). */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('console without CONSOLE_TOKEN (local mode)', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startService({ WATCH_KNOWLEDGE: 'false' });
  });
  afterAll(() => s.stop());

  it('refuses a Host it does not know, so a DNS-rebinding page cannot read the export', async () => {
    const port = new URL(s.url).port;
    expect(await statusWithHost(`${s.url}/console/api/export.csv`, 'attacker.example')).toBe(403);
    expect(await statusWithHost(`${s.url}/console`, `attacker.example:${port}`)).toBe(403);
    expect(await statusWithHost(`${s.url}/console/api/export.csv`, `localhost:${port}`)).toBe(200);
  });

  it('refuses state-changing calls that are not JSON, as a cross-site form or text/plain post would be', async () => {
    const post = (path: string, headers: Record<string, string>, body?: string) =>
      fetch(`${s.url}/console/api/${path}`, { method: 'POST', headers, body });
    expect((await post('ask', { 'content-type': 'text/plain' }, '{"question":"Vad är FVM?"}')).status).toBe(415);
    expect((await post('feedback', { 'content-type': 'application/x-www-form-urlencoded' }, 'questionId=1&helpful=true')).status).toBe(415);
    expect((await post('reload', {})).status).toBe(415);
    expect((await post('ask', JSON_TYPE, '{"question":"Vad är FVM?"}')).status).toBe(200);
    expect(await s.service.questions.count()).toBe(1);
  });

  it('refuses a state-changing call from another origin', async () => {
    const port = new URL(s.url).port;
    const ask = (origin: string) =>
      fetch(`${s.url}/console/api/ask`, { method: 'POST', headers: { ...JSON_TYPE, origin }, body: '{"question":"Vad är FVM?"}' });
    expect((await ask('http://attacker.example')).status).toBe(403);
    expect((await ask('null')).status).toBe(403);
    expect((await ask(`http://127.0.0.1:${port}`)).status).toBe(200);
    expect((await ask(`http://localhost:${port}`)).status).toBe(200);
    expect((await ask(`http://[::1]:${port}`)).status).toBe(200);
  });

  it('compares the whole origin: another port or scheme on this host is another site', async () => {
    const port = Number(new URL(s.url).port);
    const ask = (origin: string) =>
      fetch(`${s.url}/console/api/ask`, { method: 'POST', headers: { ...JSON_TYPE, origin }, body: '{"question":"Vad är FVM?"}' });
    for (const origin of [
      `http://127.0.0.1:${port + 1}`,
      `http://localhost:${port === 8080 ? 8081 : 8080}`,
      `https://127.0.0.1:${port}`,
      'http://127.0.0.1',
    ])
      expect((await ask(origin)).status, origin).toBe(403);
  });

  it('treats a request through a proxy (Forwarded, X-Forwarded-For) as not local, and says why once', async () => {
    expect((await fetch(`${s.url}/console/api/review`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(403);
    expect((await fetch(`${s.url}/console/api/review`, { headers: { forwarded: 'for=203.0.113.7' } })).status).toBe(403);
    expect(s.logs.filter((l) => l.includes('came through a proxy')).length).toBe(1);
    expect((await fetch(`${s.url}/console/api/review`)).status).toBe(200);
  });

  it('answers a malformed absolute-form request line with 400, not 500', async () => {
    const port = Number(new URL(s.url).port);
    expect(await rawStatus(port, 'GET http://[::1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).toBe(400);
    expect(await rawStatus(port, 'GET http://%zz/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).toBeLessThan(500);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });
});

describe('console sessions (with CONSOLE_TOKEN)', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startService({ WATCH_KNOWLEDGE: 'false', CONSOLE_TOKEN: TOKEN, PUBLIC_URL: 'https://faktabot.example.se' });
  });
  afterAll(() => s.stop());

  const login = async () => {
    const r = await fetch(`${s.url}/console/api/login`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ token: TOKEN }) });
    expect(r.status).toBe(200);
    return { header: r.headers.get('set-cookie') ?? '', cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
  };
  const review = (headers: Record<string, string>) => fetch(`${s.url}/console/api/review`, { headers });

  it('gives each sign-in a random session id, kept server-side only as a hash, Secure behind https', async () => {
    const a = await login();
    const b = await login();
    expect(a.cookie).not.toBe(b.cookie);
    expect(a.header).toMatch(/HttpOnly/);
    expect(a.header).toMatch(/SameSite=Strict/);
    expect(a.header).toMatch(/Secure/);
    // __Host-: the browser keeps it only as Secure, Path=/ and without Domain, so no other host can set or shadow it.
    expect(a.cookie).toMatch(/^__Host-faktabot_console=/);
    expect(a.header).toMatch(/Path=\/(;|$)/);
    expect(a.header).not.toMatch(/Domain=/i);
    const id = a.cookie.split('=')[1] ?? '';
    expect(JSON.stringify(await s.service.sql.all('SELECT * FROM console_sessions'))).not.toContain(id);
    expect((await review({ cookie: a.cookie })).status).toBe(200);
  });

  it('revokes the session at logout, so a copied cookie stops working', async () => {
    const { cookie } = await login();
    expect((await review({ cookie })).status).toBe(200);
    const out = await fetch(`${s.url}/console/api/logout`, { method: 'POST', headers: { ...JSON_TYPE, cookie }, body: '{}' });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^__Host-faktabot_console=;.*Path=\/(;|$)/);
    expect((await review({ cookie })).status).toBe(401);
  });

  it('reads the session only from its __Host- cookie behind https, not from a cookie of the bare name', async () => {
    const { cookie } = await login();
    const id = cookie.slice(cookie.indexOf('=') + 1);
    expect((await review({ cookie: `faktabot_console=${id}` })).status).toBe(401);
    expect((await review({ cookie: `__Host-faktabot_console=${id}` })).status).toBe(200);
  });

  it("takes state-changing calls from PUBLIC_URL's origin only, not its host on another scheme or port", async () => {
    const ask = (origin: string) =>
      fetch(`${s.url}/console/api/ask`, {
        method: 'POST',
        headers: { ...JSON_TYPE, origin, authorization: `Bearer ${TOKEN}` },
        body: '{"question":"Vad är FVM?"}',
      });
    expect((await ask('https://faktabot.example.se')).status).toBe(200);
    expect((await ask('https://faktabot.example.se:443')).status).toBe(200);
    for (const origin of ['http://faktabot.example.se', 'https://faktabot.example.se:8443', 'https://evil.faktabot.example.se'])
      expect((await ask(origin)).status, origin).toBe(403);
  });

  it("answers to PUBLIC_URL's host name", async () => {
    expect(await statusWithHost(`${s.url}/console/api/session`, 'faktabot.example.se')).toBe(200);
  });

  it('ignores a cookie with bad percent-encoding instead of failing with 500', async () => {
    expect((await review({ cookie: '__Host-faktabot_console=%E0%A4%A; other=%' })).status).toBe(401);
    expect((await fetch(`${s.url}/console/api/session`, { headers: { cookie: '__Host-faktabot_console=%%%' } })).status).toBe(200);
  });
});

describe('console bearer tokens', () => {
  it('rate limits wrong bearer tokens like sign-in attempts', async () => {
    const s = await startService({ WATCH_KNOWLEDGE: 'false', CONSOLE_TOKEN: TOKEN });
    try {
      const review = (authorization: string) => fetch(`${s.url}/console/api/review`, { headers: { authorization } });
      expect((await review(`Bearer ${TOKEN}`)).status).toBe(200);
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await review(`Bearer wrong-${i}-wrong-wrong-wrong`)).status);
      expect(statuses.slice(0, 10).every((x) => x === 401)).toBe(true);
      expect(statuses[10]).toBe(429);
      expect((await review(`Bearer ${TOKEN}`)).status).toBe(429);
    } finally {
      await s.stop();
    }
  });
});

describe('NUL in console fields', () => {
  it('is a 400 for a review key on both back ends, never a 500', async () => {
    const s = await startService({ WATCH_KNOWLEDGE: 'false' });
    try {
      for (const path of ['review/dismiss', 'review/reopen']) {
        const r = await fetch(`${s.url}/console/api/${path}`, {
          method: 'POST',
          headers: JSON_TYPE,
          body: JSON.stringify({ groupKey: 'a\u0000b' }),
        });
        expect(r.status, path).toBe(400);
      }
    } finally {
      await s.stop();
    }
  });
});

describe('behind a trusted proxy (TRUST_PROXY)', () => {
  it('keys the sign-in limit on the client the proxy names, so ten wrong tokens lock out that client only', async () => {
    const s = await startService({ WATCH_KNOWLEDGE: 'false', CONSOLE_TOKEN: TOKEN, TRUST_PROXY: '127.0.0.1' });
    try {
      const login = (token: string, client: string) =>
        fetch(`${s.url}/console/api/login`, {
          method: 'POST',
          headers: { ...JSON_TYPE, 'x-forwarded-for': client },
          body: JSON.stringify({ token }),
        });
      for (let i = 0; i < 10; i++) expect((await login(`wrong-token-${i}-xxxxxxxx`, '203.0.113.1')).status).toBe(401);
      expect((await login(TOKEN, '203.0.113.1')).status).toBe(429);
      expect((await login(TOKEN, '203.0.113.2')).status).toBe(200);
    } finally {
      await s.stop();
    }
  });

  it('never treats a request from the proxy as local, even without X-Forwarded-For', async () => {
    const s = await startService({ WATCH_KNOWLEDGE: 'false', TRUST_PROXY: '127.0.0.0/8' });
    try {
      expect((await fetch(`${s.url}/console/api/review`)).status).toBe(403);
    } finally {
      await s.stop();
    }
  });
});

describe('console session expiry', () => {
  it('expires a session on the server after its lifetime, whatever the cookie says', async () => {
    let now = 1_000_000;
    const { sql } = await openTestStore();
    const sessions = new SessionStore(sql, LIMITS, () => now);
    const id = await sessions.create();
    expect(await sessions.valid(id)).toBe(true);
    now += 60_001;
    expect(await sessions.valid(id)).toBe(false);
    expect(await sessions.valid('not-a-session')).toBe(false);
    await sql.close();
  });

  it('ends a session after the idle timeout, and keeps one in use until its absolute lifetime', async () => {
    let now = 1_000_000;
    const { sql } = await openTestStore();
    const sessions = new SessionStore(sql, { lifetimeMs: 10 * 60_000, idleMs: 2 * 60_000 }, () => now);
    const idle = await sessions.create();
    const busy = await sessions.create();
    for (let minute = 1; minute <= 9; minute++) {
      now += 60_000;
      expect(await sessions.valid(busy)).toBe(true);
    }
    // Nine minutes: the busy one is alive, the idle one has been gone since minute two.
    expect(await sessions.valid(idle)).toBe(false);
    now += 60_000;
    expect(await sessions.valid(busy)).toBe(false);
    await sql.close();
  });

  it('ends every session made with a CONSOLE_TOKEN as soon as the token is rotated', async () => {
    const { sql } = await openTestStore();
    const withOld = new SessionStore(sql, LIMITS, Date.now, tokenFingerprint('old-console-token-0123', TEST_SALT));
    const withNew = new SessionStore(sql, LIMITS, Date.now, tokenFingerprint('new-console-token-4567', TEST_SALT));
    const id = await withOld.create();
    expect(await withOld.valid(id)).toBe(true);
    expect(await withNew.valid(id)).toBe(false);
    await sql.close();
  });
});

describe('open endpoints', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startService({ WATCH_KNOWLEDGE: 'false', CONSOLE_TOKEN: TOKEN });
  });
  afterAll(() => s.stop());

  it('labels /metrics by route pattern from a fixed set, so random paths neither grow it nor show in it', async () => {
    const size = async () => (await (await fetch(`${s.url}/metrics`)).text()).length;
    const before = await size();
    const paths = Array.from({ length: 3000 }, (_, i) => `/console/api/${i}-19121212-1212-${Math.random().toString(36).slice(2)}`);
    // In batches well within the connections one client address may hold (MAX_CONNECTIONS_PER_CLIENT).
    for (let i = 0; i < paths.length; i += 10)
      await Promise.all(paths.slice(i, i + 10).map((p) => fetch(`${s.url}${p}`).then((r) => r.arrayBuffer())));
    const text = await (await fetch(`${s.url}/metrics`)).text();
    expect(text.length - before).toBeLessThan(5_000);
    expect(text).not.toContain('19121212');
    expect(text).toMatch(/route="other"/);
  }, 60_000);

  it('shows counts only in /healthz, never file paths or ids', async () => {
    const body = await (await fetch(`${s.url}/healthz`)).json();
    expect(body).toEqual({
      status: 'ok',
      serving: true,
      knowledge: { faq: 28, sections: 4, passages: 0, loadedAt: expect.any(String), errors: 0 },
      database: 'ok',
      dialect: s.service.sql.dialect,
      queuedWrites: 0,
    });
    expect(JSON.stringify(body)).not.toContain(s.knowledgeDir);
  });
});

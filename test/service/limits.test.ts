import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/service/ratelimit';
import { realEngine } from '../helpers';
import { type Running, startService } from './helpers';

describe('question length cap', () => {
  it('asks politely, in Swedish, for a shorter question instead of answering a very long one', () => {
    const a = realEngine().ask(`Varför blev IVA-modulerna optioner? ${'och '.repeat(200)}`);
    expect(a).toMatchObject({ answered: false, kind: 'too_long', answer: expect.stringMatching(/^Frågan är för lång/), candidates: [] });
    expect(a.question.length).toBeLessThanOrEqual(501);
  });
});

describe('rate limit', () => {
  it('allows N questions per minute per key, then refuses until the window moves', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([1, 2, 3, 4].map(() => limiter.allow('slack:U1'))).toEqual([true, true, true, false]);
    expect(limiter.allow('slack:U2')).toBe(true);
    now = 59_999;
    expect(limiter.allow('slack:U1')).toBe(false);
    now = 60_001;
    expect(limiter.allow('slack:U1')).toBe(true);
  });

  it('is off at 0', () => {
    const limiter = new RateLimiter(0);
    expect(Array.from({ length: 100 }, () => limiter.allow('k')).every(Boolean)).toBe(true);
  });
});

describe('service limits and metrics', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startService({ WATCH_KNOWLEDGE: 'false', RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => s.stop());

  it('tells a user over the limit to wait, without answering or logging the question', async () => {
    const before = await s.service.questions.count();
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await s.service.ask('Vad är FVM?', { channel: 'teams', userId: 'heavy-user' }));
    expect(replies.map((r) => r.answer.kind)).toEqual(['answer', 'answer', 'answer', 'rate_limited']);
    expect(replies[3]!.answer.answer).toBe('Du har ställt många frågor på kort tid. Vänta en minut och försök sedan igen.');
    expect(await s.service.questions.count()).toBe(before + 3);
    expect((await s.service.ask('Vad är FVM?', { channel: 'teams', userId: 'someone-else' })).answer.kind).toBe('answer');
  });

  it('limits the console per person as it limits staff in Slack and Teams', async () => {
    const kinds: string[] = [];
    for (let i = 0; i < 4; i++)
      kinds.push((await s.service.ask('Vad är FVM?', { channel: 'console', userId: 'console', rateKey: 'anna' })).answer.kind);
    expect(kinds).toEqual(['answer', 'answer', 'answer', 'rate_limited']);
    expect((await s.service.ask('Vad är FVM?', { channel: 'console', userId: 'console', rateKey: 'lars' })).answer.kind).toBe('answer');
    // The console on loopback names no one: only the machine itself reaches it.
    expect((await s.service.ask('Vad är FVM?', { channel: 'console', userId: 'console' })).answer.kind).toBe('answer');
  });

  it('serves Prometheus metrics: questions by channel, answered share, latency, reloads', async () => {
    s.service.knowledge.reload();
    await fetch(`${s.url}/healthz`);
    const r = await fetch(`${s.url}/metrics`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/plain');
    const text = await r.text();
    expect(text).toMatch(/faktabot_questions_total\{channel="teams",outcome="answer"\} 4/);
    expect(text).toMatch(/faktabot_questions_total\{channel="teams",outcome="rate_limited"\} 1/);
    expect(text).toMatch(/faktabot_answered_share 0\.81/);
    expect(text).toMatch(/faktabot_answer_duration_seconds_bucket\{le="0.005",channel="console"\} \d+/);
    expect(text).toMatch(/faktabot_knowledge_reloads_total\{result="ok"\} 2/);
    expect(text).toMatch(/faktabot_http_request_duration_seconds_count\{route="\/healthz",status="2xx"\} 1/);
    expect(text).toContain('faktabot_process_resident_memory_bytes');
  });
});

describe('slow and many connections', () => {
  const open = (url: string) =>
    new Promise<import('node:net').Socket>((resolve, reject) => {
      const u = new URL(url);
      const socket = connect(Number(u.port), u.hostname, () => resolve(socket));
      socket.on('error', reject);
    });
  const closed = (socket: import('node:net').Socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()));

  it('cuts a client that trickles its headers at the 15 s deadline, not at Node’s 30 s check', async () => {
    const s = await startService({ WATCH_KNOWLEDGE: 'false' });
    try {
      const socket = await open(s.url);
      socket.on('error', () => undefined);
      const started = performance.now();
      socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const timer = setInterval(() => socket.writable && socket.write('X-Slow: a\r\n'), 1000);
      await closed(socket);
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      expect(seconds).toBeGreaterThan(14);
      expect(seconds).toBeLessThan(25);
    } finally {
      await s.stop();
    }
  }, 30_000);

  /** `count` sockets from the loopback address `from`, each sending half a request and then a header a second. */
  const slowSockets = async (url: string, from: string, count: number) => {
    const u = new URL(url);
    const sockets = await Promise.all(
      Array.from(
        { length: count },
        () =>
          new Promise<import('node:net').Socket>((resolve, reject) => {
            const socket = connect({ port: Number(u.port), host: u.hostname, localAddress: from }, () => resolve(socket));
            socket.once('error', reject);
          }),
      ),
    );
    const cut = { count: 0 };
    for (const socket of sockets) {
      socket.on('error', () => undefined);
      socket.once('close', () => cut.count++);
      socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    }
    const timer = setInterval(() => {
      for (const socket of sockets) if (socket.writable) socket.write('X-Slow: a\r\n');
    }, 1000);
    return {
      cut,
      close: () => {
        clearInterval(timer);
        for (const socket of sockets) socket.destroy();
      },
    };
  };

  it('answers /healthz at once while one address holds 50 slow sockets: each address gets MAX_CONNECTIONS_PER_CLIENT', async () => {
    const s = await startService({ WATCH_KNOWLEDGE: 'false', MAX_CONNECTIONS: '50' });
    const slow = await slowSockets(s.url, '127.0.0.2', 50);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const started = performance.now();
      const r = await fetch(`${s.url}/healthz`);
      expect(r.status).toBe(200);
      expect(performance.now() - started).toBeLessThan(1000);
      // The default cap, 20: the other 30 were closed on arrival.
      expect(slow.cut.count).toBe(30);
      expect(s.logs.filter((l) => l.includes('over MAX_CONNECTIONS_PER_CLIENT'))).toHaveLength(1);
    } finally {
      slow.close();
      await s.stop();
    }
  });

  it('does not cap a trusted proxy, whose address every client behind it shares', async () => {
    const s = await startService({ WATCH_KNOWLEDGE: 'false', MAX_CONNECTIONS_PER_CLIENT: '5', TRUST_PROXY: '127.0.0.2' });
    const proxied = await slowSockets(s.url, '127.0.0.2', 10);
    const direct = await slowSockets(s.url, '127.0.0.3', 8);
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(proxied.cut.count).toBe(0);
      expect(direct.cut.count).toBe(3);
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    } finally {
      proxied.close();
      direct.close();
      await s.stop();
    }
  });

  it('closes connections over MAX_CONNECTIONS on arrival, and serves again when they go', async () => {
    const s = await startService({ WATCH_KNOWLEDGE: 'false', MAX_CONNECTIONS: '4' });
    try {
      const held = await Promise.all(Array.from({ length: 4 }, () => open(s.url)));
      const extra = await open(s.url);
      extra.on('error', () => undefined);
      await closed(extra);
      for (const socket of held) socket.destroy();
      await new Promise((r) => setTimeout(r, 100));
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    } finally {
      await s.stop();
    }
  });

  it('closes idle keep-alive connections near the cap, so a client holding them cannot keep others out', async () => {
    const s = await startService({ WATCH_KNOWLEDGE: 'false', MAX_CONNECTIONS: '5' });
    try {
      const idle = await Promise.all(Array.from({ length: 5 }, () => open(s.url)));
      for (const socket of idle) {
        socket.on('error', () => undefined);
        socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      }
      await new Promise((r) => setTimeout(r, 300));
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
      for (const socket of idle) socket.destroy();
    } finally {
      await s.stop();
    }
  });
});

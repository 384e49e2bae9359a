/**
 * The database goes away under a running service (the line to PostgreSQL is cut) and comes back: answers keep
 * going out, /healthz and /metrics say the database is down and how many writes wait, nothing crashes, and the
 * service recovers by itself, writing what it queued.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../pg/databases';
import { type Forwarder, startForwarder } from '../pg/forwarder';
import { type Running, startService } from '../service/helpers';
import { skipReason } from '../store/backends';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!!skipReason())('PostgreSQL going away and coming back', () => {
  let line: Forwarder;
  let s: Running;

  beforeAll(async () => {
    line = await startForwarder(await freshDatabase());
    s = await startService({ DATABASE_URL: line.url, WATCH_KNOWLEDGE: 'false' });
  });
  afterAll(async () => {
    await s?.stop();
    await line?.stop();
  });

  const ask = async (question: string) =>
    (
      await fetch(`${s.url}/console/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question }),
      })
    ).json();
  const health = async () => (await fetch(`${s.url}/healthz`)).json();
  const metric = async (name: string) => {
    const text = await (await fetch(`${s.url}/metrics`)).text();
    return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  };

  it('keeps answering while the database is away, queues the log rows, and writes them when it is back', async () => {
    expect((await ask('Vad är FVM?')).questionId).toEqual(expect.any(Number));
    expect(await health()).toMatchObject({ database: 'ok' });

    line.cut();
    const during: { answer: { answered: boolean }; questionId?: number }[] = [];
    for (let i = 0; i < 5; i++) during.push(await ask(`Vad är FVM? (under avbrottet ${i})`));
    // Answered, without a log id (no feedback buttons for an answer that is not in the log yet).
    expect(during.every((r) => r.answer.answered && r.questionId === undefined)).toBe(true);
    const down = await fetch(`${s.url}/healthz`);
    expect(down.status).toBe(200);
    expect(await down.json()).toMatchObject({ status: 'degraded', database: 'down', queuedWrites: 5 });
    expect(await metric('faktabot_database_up')).toBe(0);
    expect(await metric('faktabot_db_write_queue')).toBe(5);
    // What needs the database says so, with a 503 and Retry-After, not a 500.
    const review = await fetch(`${s.url}/console/api/review`);
    expect(review.status).toBe(503);
    expect(review.headers.get('retry-after')).toBe('5');
    expect(s.logs.some((l) => l.includes('database unreachable'))).toBe(true);

    line.restore();
    const started = Date.now();
    while ((await health()).database !== 'ok' && Date.now() - started < 10_000) await sleep(200);
    expect(await health()).toMatchObject({ status: 'ok', database: 'ok' });
    while ((await health()).queuedWrites > 0 && Date.now() - started < 10_000) await sleep(200);
    expect(await metric('faktabot_db_write_queue')).toBe(0);
    expect(await metric('faktabot_db_writes_retried_total')).toBe(5);
    expect(await metric('faktabot_db_writes_lost_total')).toBe(0);
    const rows = await s.service.sql.all<{ question: string }>(
      "SELECT question FROM questions WHERE question LIKE '%avbrottet%' ORDER BY id",
    );
    expect(rows.map((r) => r.question)).toEqual([0, 1, 2, 3, 4].map((i) => `Vad är FVM? (under avbrottet ${i})`));
    expect((await ask('Vad är FVM?')).questionId).toEqual(expect.any(Number));
  });
});

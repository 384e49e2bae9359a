/**
 * The database goes away under a running service (the line to PostgreSQL is cut) and comes back: answers keep
 * going out, /healthz and /metrics say the database is down and how many writes wait, nothing crashes, and the
 * service recovers by itself, writing what it queued.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../bots/slack/fake-slack';
import { type SlackHarness, startSlackHarness } from '../bots/slack/harness';
import { freshDatabase } from '../pg/databases';
import { type Forwarder, startForwarder } from '../pg/forwarder';
import type { Running } from '../service/helpers';
import { skipReason } from '../store/backends';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!!skipReason())('PostgreSQL going away and coming back', () => {
  let line: Forwarder;
  let h: SlackHarness;
  let s: Running;

  beforeAll(async () => {
    line = await startForwarder(await freshDatabase());
    // Slack over HTTP and Teams, no SUPPORT_CHANNEL: answering looks the Teams desk up in the database.
    h = await startSlackHarness({ DATABASE_URL: line.url }, { teams: true });
    s = h.s;
  });
  afterAll(async () => {
    await h?.stop();
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

    // A Teams desk, read once while the database answers.
    const desk = { platform: 'teams' as const, userId: '29:desk', name: 'Desk' };
    expect(await s.service.support.setTeamsDesk('19:desk@thread.tacv2', { conversation: { id: '19:desk@thread.tacv2' } }, desk)).toBe(
      'saved',
    );
    expect(await s.service.support.teamsDesk()).toBeDefined();

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
    // Slack staff get their answer too (the event's claim and the rate limit fall back to this process).
    const event = JSON.stringify({
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: 'EvOutage1',
      event_time: 1,
      event: { type: 'message', channel_type: 'im', channel: 'DOUT', user: 'U1', text: 'Vad står VGR för?', ts: '1.1' },
    });
    const ack = await fetch(`${s.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...sign(event) },
      body: event,
    });
    expect(ack.status).toBe(200);
    const posted = await h.slack.waitForCall('chat.postMessage', (c) => c.body.channel === 'DOUT');
    expect(String(posted.body.text)).toContain('Västra Götalandsregionen');
    // A ticket cannot be kept: the asker is told so, in Swedish.
    const ticket = await s.service.support.escalate({
      asker: { platform: 'slack', userId: 'U1', name: 'Anna', conversationId: 'DOUT', address: { user: 'U1' } },
      question: 'Vem bestämmer om Millennium?',
      context: '',
    });
    expect(ticket.result).toBe('unavailable');
    // What needs the database says so, with a 503 and Retry-After, not a 500.
    const review = await fetch(`${s.url}/console/api/review`);
    expect(review.status).toBe(503);
    expect(review.headers.get('retry-after')).toBe('5');
    expect(s.logs.some((l) => l.includes('database unreachable'))).toBe(true);

    // A console edit cannot be recorded in the audit trail: the file is put back as it was, and the answer says why.
    const faq = join(h.s.knowledgeDir, 'faq.yaml');
    const before = readFileSync(faq);
    const { versions } = await (await fetch(`${s.url}/console/api/entries`)).json();
    const edit = await fetch(`${s.url}/console/api/entries/fvm/phrasings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'vad betyder fvm under avbrottet', version: versions['faq.yaml'] }),
    });
    expect(edit.status).toBe(503);
    expect(readFileSync(faq).equals(before)).toBe(true);

    line.restore();
    const started = Date.now();
    while ((await health()).database !== 'ok' && Date.now() - started < 10_000) await sleep(200);
    expect(await health()).toMatchObject({ status: 'ok', database: 'ok' });
    while ((await health()).queuedWrites > 0 && Date.now() - started < 10_000) await sleep(200);
    expect(await metric('faktabot_db_write_queue')).toBe(0);
    expect(await metric('faktabot_db_writes_retried_total')).toBe(6);
    expect(await metric('faktabot_db_writes_lost_total')).toBe(0);
    // The LISTEN connection is renewed, and the knowledge reloaded once for the notices it may have missed.
    while (!s.logs.some((l) => l.includes('"reconnected":true')) && Date.now() - started < 10_000) await sleep(200);
    expect(s.logs.some((l) => l.includes('knowledge reloaded on notice from another replica') && l.includes('"reconnected":true'))).toBe(
      true,
    );
    const rows = await s.service.sql.all<{ question: string }>(
      "SELECT question FROM questions WHERE question LIKE '%avbrottet%' ORDER BY id",
    );
    expect(rows.map((r) => r.question)).toEqual([0, 1, 2, 3, 4].map((i) => `Vad är FVM? (under avbrottet ${i})`));
    expect((await ask('Vad är FVM?')).questionId).toEqual(expect.any(Number));
  });
});

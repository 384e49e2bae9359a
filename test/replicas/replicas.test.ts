/**
 * Two service processes on one PostgreSQL, behind a round-robin proxy (proxy.ts): what a region's highly available
 * deployment does. Slack retries and replayed requests are answered once across replicas, a user's rate limit holds
 * across them, a follow-up on one is read with the context the other kept, a console edit on one is served by the
 * other within seconds (LISTEN/NOTIFY; file watching off), and
 * killing one mid-burst loses no acknowledged question while the other keeps answering.
 */
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/answer/messages';
import { FakeSlack, SIGNING_SECRET, sign } from '../bots/slack/fake-slack';
import { knowledgeCopy } from '../helpers';
import { freshDatabase } from '../pg/databases';
import { skipReason, TEST_SALT } from '../store/backends';
import { type Balancer, startProxy } from './proxy';
import { type Replica, startReplica } from './replica';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const JSON_TYPE = { 'content-type': 'application/json' };

describe.skipIf(!!skipReason())('two replicas on one PostgreSQL', () => {
  let slack: FakeSlack;
  let a: Replica;
  let b: Replica;
  let proxy: Balancer;
  let databaseUrl: string;
  let seq = 0;

  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    databaseUrl = await freshDatabase();
    const env = {
      DATABASE_URL: databaseUrl,
      LOG_SALT: TEST_SALT,
      KNOWLEDGE_DIR: knowledgeCopy(),
      WATCH_KNOWLEDGE: 'false',
      RATE_LIMIT_PER_MINUTE: '4',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    };
    [a, b] = await Promise.all([startReplica(env), startReplica(env)]);
    proxy = await startProxy([a.port, b.port]);
  }, 60_000);

  afterAll(async () => {
    await proxy?.stop();
    await Promise.all([a?.stop(), b?.stop()]);
    await slack?.stop();
  });

  const event = (e: Record<string, unknown>) =>
    JSON.stringify({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: `EvR${++seq}`, event_time: 1, event: e });
  const postEvent = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${proxy.url}/slack/events`, { method: 'POST', headers: { ...JSON_TYPE, ...sign(body), ...headers }, body });
  const posts = (channel: string) => slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel);
  const served = () => [...proxy.served.values()];

  it('answers a Slack event once when its retry lands on the other replica', async () => {
    const before = served();
    const body = event({ type: 'message', channel_type: 'im', channel: 'DRETRY', user: 'U1', text: 'Vad står VGR för?', ts: '1.1' });
    expect((await postEvent(body)).status).toBe(200);
    // Slack's retry of the same event, which the round robin sends to the other replica.
    expect((await postEvent(body, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
    expect(served().map((n, i) => n - (before[i] ?? 0))).toEqual([1, 1]);
    await slack.waitForCall('chat.postMessage', (c) => c.body.channel === 'DRETRY');
    await sleep(1000);
    expect(posts('DRETRY')).toHaveLength(1);
    expect([...a.output, ...b.output].join('')).toContain('slack retry of a handled event ignored');
  });

  it('acts once on a signed slash command replayed to the other replica', async () => {
    const before = served();
    const body = new URLSearchParams({
      command: '/fraga',
      text: 'Vad står VGR för?',
      user_id: 'UREPLAY',
      channel_id: 'CREPLAY',
      team_id: 'T1',
      trigger_id: 't',
      response_url: slack.responseUrl('replayed'),
    }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) };
    for (let i = 0; i < 2; i++) expect((await fetch(`${proxy.url}/slack/events`, { method: 'POST', headers, body })).status).toBe(200);
    expect(served().map((n, i) => n - (before[i] ?? 0))).toEqual([1, 1]);
    await slack.waitFor('response/replayed');
    await sleep(1000);
    expect(slack.of('response/replayed')).toHaveLength(1);
    expect([...a.output, ...b.output].join('')).toContain('a replayed request was ignored');
  });

  it("holds a user's rate limit across replicas", async () => {
    // The shared limit counts per clock minute: start well inside one.
    const toBoundary = 60_000 - (Date.now() % 60_000);
    if (toBoundary < 15_000) await sleep(toBoundary + 200);
    const before = served();
    for (let i = 1; i <= 5; i++) {
      const body = event({ type: 'message', channel_type: 'im', channel: 'DHEAVY', user: 'UHEAVY', text: 'Vad är FVM?', ts: `2.${i}` });
      expect((await postEvent(body)).status).toBe(200);
      await slack.waitForCall('chat.postMessage', () => posts('DHEAVY').length === i);
    }
    await slack.waitForCall('chat.postMessage', () => posts('DHEAVY').length === 5, 10_000);
    const texts = posts('DHEAVY').map((c) => String(c.body.text));
    expect(texts.filter((t) => t === MESSAGES.rateLimited)).toHaveLength(1);
    // Both replicas took part: one replica alone would have allowed 4 of its own.
    const spread = served().map((n, i) => n - (before[i] ?? 0));
    expect(Math.min(...spread)).toBeGreaterThanOrEqual(2);
  });

  it('reads a follow-up on one replica with the context the other kept', async () => {
    const before = served();
    const dm = (text: string, ts: string) =>
      postEvent(event({ type: 'message', channel_type: 'im', channel: 'DFOLLOW', user: 'UFOLLOW', text, ts }));
    expect((await dm('Vad beslutade VGR om optionerna för IVA?', '4.1')).status).toBe(200);
    await slack.waitForCall('chat.postMessage', () => posts('DFOLLOW').length === 1);
    expect((await dm('och när då?', '4.2')).status).toBe(200);
    await slack.waitForCall('chat.postMessage', () => posts('DFOLLOW').length === 2);
    // The round robin sent the two messages to different replicas.
    expect(served().map((n, i) => n - (before[i] ?? 0))).toEqual([1, 1]);
    const reply = String(posts('DFOLLOW')[1]?.body.text);
    expect(reply).toContain('När beslutade VGR att inte avropa optionerna?');
    expect(reply).toMatch(/2021/);
  });

  it('serves a console edit made on one replica from the other within 5 seconds', async () => {
    const phrasing = 'hur är det med zyxkvarnens lampa i testet';
    const ask = async (replica: Replica) =>
      (
        await (
          await fetch(`${replica.url}/console/api/ask`, {
            method: 'POST',
            headers: JSON_TYPE,
            body: JSON.stringify({ question: phrasing }),
          })
        ).json()
      ).answer;
    expect((await ask(b)).answered).toBe(false);
    const { versions } = await (await fetch(`${a.url}/console/api/entries`)).json();
    const saved = await fetch(`${a.url}/console/api/entries/fvm/phrasings`, {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ text: phrasing, version: versions['faq.yaml'] }),
    });
    expect(saved.status).toBe(200);
    const started = Date.now();
    let answer = await ask(b);
    while (!answer.answered && Date.now() - started < 5000) {
      await sleep(100);
      answer = await ask(b);
    }
    expect(answer).toMatchObject({ answered: true, answerId: 'fvm' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(b.output.join('')).toContain('knowledge reloaded on notice from another replica');
  });

  it('lets one of two edits of the same file version win when they reach two replicas at once', async () => {
    const { versions } = await (await fetch(`${a.url}/console/api/entries`)).json();
    // Saved even where a phrasing would make the bot answer an evaluation question it declines today: the version
    // decides here.
    const edit = (replica: Replica, text: string) =>
      fetch(`${replica.url}/console/api/entries/fvm/phrasings`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ text, version: versions['faq.yaml'], confirm: true }),
      });
    const statuses = (await Promise.all([edit(a, 'fvm fråga från replik a'), edit(b, 'fvm fråga från replik b')])).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 409]);
    const changes = (await (await fetch(`${b.url}/console/api/changes`)).json()).changes as { diff: string }[];
    expect(changes.filter((c) => /replik [ab]/.test(c.diff))).toHaveLength(1);
  });

  it('loses no acknowledged question when a replica is killed mid-burst, and the other keeps answering', async () => {
    const total = 150;
    const results: { i: number; status: number; questionId?: number; after: boolean }[] = [];
    let killed = false;
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const i = next++;
        if (i === 50 && !killed) {
          killed = true;
          a.kill();
        }
        const after = killed;
        try {
          const r = await fetch(`${proxy.url}/console/api/ask`, {
            method: 'POST',
            headers: JSON_TYPE,
            body: JSON.stringify({ question: `Vad är FVM? (fråga ${i})` }),
          });
          const body = r.status === 200 ? await r.json() : undefined;
          results.push({ i, status: r.status, questionId: body?.questionId, after });
        } catch {
          results.push({ i, status: 0, after });
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    const acknowledged = results.filter((r) => r.status === 200 && r.questionId !== undefined);
    // Only what was in flight at the moment of the kill may fail.
    expect(results.filter((r) => r.status !== 200).length).toBeLessThanOrEqual(6);
    expect(results.filter((r) => r.i >= 60).every((r) => r.status === 200)).toBe(true);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const rows = (
        await db.query('SELECT id, question FROM questions WHERE id = ANY($1::bigint[])', [acknowledged.map((r) => r.questionId)])
      ).rows as { id: string; question: string }[];
      const stored = new Map(rows.map((r) => [Number(r.id), r.question]));
      for (const r of acknowledged) expect(stored.get(r.questionId as number), `question ${r.i}`).toBe(`Vad är FVM? (fråga ${r.i})`);
      expect(acknowledged.length).toBeGreaterThanOrEqual(total - 6);
    } finally {
      await db.end();
    }
    // The survivor answers, and says so in /healthz.
    expect((await fetch(`${b.url}/healthz`)).status).toBe(200);
  });
});

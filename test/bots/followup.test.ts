/**
 * Follow-ups through the real interfaces: in a Slack thread (signed events, the fake Web API) and in a Teams
 * conversation (Bot Framework activities to the bot's endpoint, replies to a fake connector), "och när då?" after an
 * answer on the options decision gets the year of that decision, read as "När beslutade VGR att inte avropa
 * optionerna?"; the same words in a fresh thread or conversation do not. A thread is its own conversation: a
 * follow-up in another thread of the same channel does not inherit it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackHarness, startSlackHarness } from './slack/harness';
import { activity } from './teams/fake-connector';

const DECISION = 'Vad beslutade VGR om optionerna för IVA?';
const FOLLOW_UP = 'och när då?';
const READ_AS = 'Jag tolkar frågan som ”När beslutade VGR att inte avropa optionerna?”.';
let h: SlackHarness;
let seq = 0;

beforeAll(async () => {
  h = await startSlackHarness({}, { teams: true });
});
afterAll(() => h?.stop());

/** An @mention in a channel, at the top (no thread) or in a thread; the bot's reply text. */
async function mention(text: string, channel: string, ts: string, thread?: string): Promise<string> {
  const r = await h.postJson({
    token: 'x',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `EvFollow${++seq}`,
    event_time: 1,
    event: {
      type: 'app_mention',
      user: 'U42',
      text: `<@UBOT> ${text}`,
      ts,
      channel,
      event_ts: ts,
      ...(thread ? { thread_ts: thread } : {}),
    },
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
  });
  expect(r.status).toBe(200);
  const reply = await h.slack.waitForCall(
    'chat.postMessage',
    (c) => c.body.channel === channel && c.body.thread_ts === (thread ?? ts) && !seen.has(c),
  );
  seen.add(reply);
  return reply.body.text as string;
}
const seen = new Set<unknown>();

/** A message in a Teams conversation; the bot's reply (its card and summary) as text. */
async function teams(text: string, conversation: string): Promise<string> {
  const before = h.connector.sent.length;
  const r = await fetch(`${h.s.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      activity(h.connector.url, { text, conversation: { id: conversation, conversationType: 'personal', tenantId: 'tenant-1' } }),
    ),
  });
  expect(r.status).toBeLessThan(300);
  const sent = (await h.connector.waitFor(before + 1)).at(-1);
  return JSON.stringify(sent?.activity ?? {});
}

describe('a follow-up in a Slack thread', () => {
  it('answers "och när då?" in the thread of the options decision with its year, and not in a fresh thread', async () => {
    const first = await mention(DECISION, 'CFOLLOW', '1700000500.000100');
    expect(first).toMatch(/beslutade VGR/);
    const next = await mention(FOLLOW_UP, 'CFOLLOW', '1700000500.000200', '1700000500.000100');
    expect(next).toContain(READ_AS);
    expect(next).toMatch(/2021/);
    // The same words at the top of the channel start a thread of their own, without the context.
    const fresh = await mention(FOLLOW_UP, 'CFOLLOW', '1700000500.000300');
    expect(fresh).not.toMatch(/2021/);
    // …and in another thread of the same channel too.
    const other = await mention(FOLLOW_UP, 'CFOLLOW', '1700000500.000400', '1700000500.000300');
    expect(other).not.toMatch(/2021/);
  });
});

describe('a follow-up in a Teams conversation', () => {
  it('answers "och när då?" after the options decision with its year, and not in a fresh conversation', async () => {
    expect(await teams(DECISION, 'a:follow-conv-1')).toMatch(/beslutade VGR/);
    const next = await teams(FOLLOW_UP, 'a:follow-conv-1');
    expect(next).toContain('När beslutade VGR att inte avropa optionerna?');
    expect(next).toMatch(/2021/);
    expect(await teams(FOLLOW_UP, 'a:follow-conv-2')).not.toMatch(/2021/);
    // A channel's reply chain is its own conversation id: another chain of the same channel does not inherit it.
    expect(await teams(DECISION, '19:chan@thread.tacv2;messageid=111')).toMatch(/beslutade VGR/);
    expect(await teams(FOLLOW_UP, '19:chan@thread.tacv2;messageid=111')).toMatch(/2021/);
    expect(await teams(FOLLOW_UP, '19:chan@thread.tacv2;messageid=222')).not.toMatch(/2021/);
  });
});

import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../bots/slack/fake-slack';
import { type SlackHarness, startSlackHarness } from '../bots/slack/harness';
import { activity, type FakeConnector } from '../bots/teams/fake-connector';
import type { Running } from '../service/helpers';

const TOKEN = 'fuzz-console-token-0123456789';
let h: SlackHarness;
let connector: FakeConnector;
let s: Running;

beforeAll(async () => {
  h = await startSlackHarness(
    { LOG_LEVEL: 'info', CONSOLE_TOKEN: TOKEN, RATE_LIMIT_PER_MINUTE: '0', SLACK_BOT_TOKEN: 'xoxb-fuzz', SUPPORT_CHANNEL: 'slack:CDESK' },
    { teams: true },
  );
  ({ connector, s } = h);
});
afterAll(() => h?.stop());

// Bodies: arbitrary JSON, truncated JSON, plain garbage, oversized, and objects of the right shape with wrong types.
const slackShaped = fc.record({
  type: fc.oneof(
    fc.constantFrom('event_callback', 'url_verification', 'block_actions', 'message_action', 'view_submission'),
    fc.anything(),
  ),
  event_id: fc.oneof(fc.uuid(), fc.integer(), fc.constant(undefined)),
  event: fc.oneof(
    fc.anything(),
    fc.record(
      {
        type: fc.constantFrom('app_mention', 'message', 'app_home_opened', 'reaction_added'),
        text: fc.oneof(fc.string(), fc.anything()),
        user: fc.anything(),
        channel: fc.anything(),
        ts: fc.anything(),
        channel_type: fc.anything(),
      },
      { requiredKeys: [] },
    ),
  ),
  challenge: fc.anything(),
});
const teamsShaped = fc
  .record(
    {
      type: fc.oneof(
        fc.constantFrom('message', 'invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'typing'),
        fc.anything(),
      ),
      name: fc.oneof(fc.constantFrom('composeExtension/query', 'adaptiveCard/action', 'task/fetch', 'signin/verifyState'), fc.string()),
      text: fc.oneof(fc.string(), fc.anything()),
      value: fc.anything(),
      membersAdded: fc.anything(),
      entities: fc.anything(),
    },
    { requiredKeys: ['type'] },
  )
  .map((o) => ({ ...activity(connector.url), ...o }));
const body = (shaped: fc.Arbitrary<unknown>) =>
  fc.oneof(
    fc.json(),
    fc.string(),
    shaped.map((o) => JSON.stringify(o)),
    fc.tuple(shaped, fc.nat()).map(([o, n]) => {
      const text = JSON.stringify(o);
      return text.slice(0, n % Math.max(1, text.length));
    }),
    fc.constant('x'.repeat(70_000)),
    fc.constant(''),
  );
const contentType = fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream');

async function send(path: string, payload: string, headers: Record<string, string>): Promise<{ status: number; id: string }> {
  const id = randomUUID();
  const r = await fetch(`${s.url}${path}`, { method: 'POST', headers: { 'x-request-id': id, ...headers }, body: payload });
  await r.arrayBuffer();
  return { status: r.status, id };
}

/**
 * No 5xx, except 501: the Bot Framework's defined answer to an invoke a bot does not implement. A rejected request
 * (4xx, 501) leaves no trace in the log.
 */
async function check(result: { status: number; id: string }): Promise<void> {
  if (result.status !== 501) expect(result.status).toBeLessThan(500);
  if (result.status >= 400) {
    await new Promise((r) => setTimeout(r, 5));
    expect(s.logs.filter((l) => l.includes(result.id))).toEqual([]);
  }
}

describe('HTTP fuzzing (fast-check), correctly signed where a signature is needed', () => {
  it('/slack/events: never a 5xx, rejected requests not logged', async () => {
    await fc.assert(
      fc.asyncProperty(body(slackShaped), contentType, fc.boolean(), async (payload, type, formPayload) => {
        const raw = formPayload ? new URLSearchParams({ payload }).toString() : payload;
        await check(
          await send('/slack/events', raw, { 'content-type': formPayload ? 'application/x-www-form-urlencoded' : type, ...sign(raw) }),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('/api/messages: never a 5xx, rejected requests not logged', async () => {
    await fc.assert(
      fc.asyncProperty(body(teamsShaped), contentType, async (payload, type) => {
        await check(await send('/api/messages', payload, { 'content-type': type }));
      }),
      { numRuns: 150 },
    );
  });

  it('/console API: never a 5xx, rejected requests not logged', async () => {
    const shaped = fc.record(
      { question: fc.anything(), questionId: fc.anything(), helpful: fc.anything(), comment: fc.anything(), token: fc.anything() },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/console/api/ask', '/console/api/feedback', '/console/api/login', '/console/api/reload', '/console/api/nope'),
        body(shaped),
        contentType,
        async (path, payload, type) => {
          await check(await send(path, payload, { 'content-type': type, authorization: `Bearer ${TOKEN}` }));
        },
      ),
      { numRuns: 150 },
    );
  });

  // The interaction shapes our own listeners read (buttons, modals, card submits): garbage in any field must not
  // make a listener throw, on top of never answering 5xx.
  const garbage = fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.constant(null), fc.json());
  const listenerFailures = () => s.logs.filter((l) => /slack listener failed|slack event failed|teams turn failed/.test(l));

  it('Slack buttons and modals of Faktabot with arbitrary values: no listener throws', async () => {
    const before = listenerFailures().length;
    const interaction = fc.oneof(
      fc.record({
        type: fc.constant('block_actions'),
        // Slack always sends the user; everything our listeners read beyond its id may be anything.
        user: fc.record({ id: fc.constantFrom('U1', 'UDESK'), name: garbage }),
        // Bolt itself reads channel.id; Slack sends an object or nothing.
        channel: fc.option(fc.record({ id: fc.constantFrom('C1', 'CDESK') }), { nil: undefined }),
        team: fc.constant({ id: 'T1' }),
        trigger_id: garbage,
        response_url: fc.constant(h.slack.responseUrl('fuzz')),
        message: fc.oneof(fc.record({ ts: fc.constant('1.1'), blocks: garbage }), garbage),
        actions: fc.tuple(
          fc.record({
            action_id: fc.constantFrom(
              'faktabot_escalate',
              'faktabot_ticket_claim',
              'faktabot_ticket_answer',
              'faktabot_ticket_close',
              'faktabot_share',
              'faktabot_post_in_thread',
              'faktabot_ask_0',
              'faktabot_helpful',
              'faktabot_not_helpful',
              'faktabot_feedback',
            ),
            type: fc.constantFrom('button', 'feedback_buttons'),
            value: fc.oneof(
              fc.string(),
              fc.integer().map(String),
              fc.tuple(fc.constantFrom('positive', 'negative'), fc.integer()).map(([v, n]) => `${v}:${n}`),
              garbage.map((g) => JSON.stringify(g) ?? ''),
            ),
            action_ts: fc.constant('1'),
          }),
        ),
      }),
      fc.record({
        type: fc.constant('view_submission'),
        user: fc.record({ id: fc.constantFrom('U1', 'UDESK'), name: fc.oneof(fc.string(), garbage) }),
        team: fc.constant({ id: 'T1' }),
        view: fc.record({
          callback_id: fc.constantFrom('faktabot_escalate_modal', 'faktabot_ticket_answer_modal'),
          private_metadata: fc.oneof(
            fc.string(),
            garbage.map((g) => JSON.stringify(g) ?? ''),
          ),
          state: fc.oneof(
            fc.record({
              values: fc.oneof(
                fc.record({
                  question: fc.record({ question_input: fc.record({ value: fc.oneof(fc.string(), garbage) }) }),
                  context: fc.record({ context_input: fc.record({ value: fc.oneof(fc.string(), garbage) }) }),
                  answer: fc.record({ answer_input: fc.record({ value: fc.oneof(fc.string(), garbage) }) }),
                }),
                garbage,
              ),
            }),
            garbage,
          ),
        }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(interaction, async (payload) => {
        const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
        await check(await send('/slack/events', raw, { 'content-type': 'application/x-www-form-urlencoded', ...sign(raw) }));
      }),
      { numRuns: 150 },
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(listenerFailures().slice(before)).toEqual([]);
  });

  it('Teams card submits of Faktabot with arbitrary values: no turn fails', async () => {
    const before = listenerFailures().length;
    const value = fc.record(
      {
        faktabot: fc.constantFrom('ask', 'feedback', 'escalate-form', 'escalate', 'ticket'),
        question: garbage,
        context: garbage,
        questionId: garbage,
        helpful: garbage,
        from: garbage,
        kind: garbage,
        action: fc.oneof(fc.constantFrom('claim', 'answer', 'close'), garbage),
        ticketId: fc.oneof(fc.integer({ min: 0, max: 5 }), garbage),
        answer: garbage,
      },
      { requiredKeys: ['faktabot'] },
    );
    await fc.assert(
      fc.asyncProperty(value, fc.boolean(), async (v, inDesk) => {
        const a = activity(connector.url, {
          text: undefined,
          value: v,
          ...(inDesk ? { conversation: { id: '19:desk@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1' } } : {}),
        });
        await check(await send('/api/messages', JSON.stringify(a), { 'content-type': 'application/json' }));
      }),
      { numRuns: 150 },
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(listenerFailures().slice(before)).toEqual([]);
  });

  it('the console API of the learning loop and the support desk: never a 5xx', async () => {
    const shaped = fc.record(
      {
        text: garbage,
        version: garbage,
        confirm: garbage,
        groupKey: garbage,
        ask: garbage,
        question: garbage,
        answer: garbage,
        section: garbage,
        alternates: fc.oneof(fc.array(fc.string()), garbage),
        reviewedToday: garbage,
        draftId: garbage,
        from: garbage,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/console/api/entries',
          '/console/api/entries/fvm/phrasings',
          '/console/api/entries/finns-inte/phrasings',
          '/console/api/out-of-scope',
          '/console/api/review/dismiss',
          '/console/api/review/reopen',
          '/console/api/changes/1/undo',
          '/console/api/changes/x/undo',
          '/console/api/tickets/1/draft',
          '/console/api/drafts/1/dismiss',
          '/console/api/ask',
        ),
        body(shaped),
        async (path, payload) => {
          await check(await send(path, payload, { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('"Sidor" with arbitrary files and fields: never a 5xx', async () => {
    // Bytes that start like each kind the importer knows, or like nothing, under names of every kind.
    const start = fc.constantFrom(
      '',
      '%PDF-1.7\n',
      'PK\u0003\u0004',
      '<!doctype html><h2>Rubrik</h2><p>Publicerad: 2024</p>',
      '\u0089PNG\r\n',
    );
    const file = fc.record({
      name: fc.oneof(fc.constantFrom('sida.html', 'dokument.docx', 'dokument.pdf', 'bild.png', ''), fc.string()),
      data: fc.oneof(
        fc
          .tuple(start, fc.uint8Array({ maxLength: 2000 }))
          .map(([head, tail]) => Buffer.concat([Buffer.from(head, 'latin1'), tail]).toString('base64')),
        garbage,
      ),
    });
    const shaped = fc.record(
      {
        file: fc.oneof(file, garbage),
        address: garbage,
        url: fc.oneof(fc.constant('https://www.vgregion.se/sida/'), garbage),
        published: garbage,
        title: garbage,
        version: garbage,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/console/api/pages/preview', '/console/api/pages'), body(shaped), async (path, payload) => {
        await check(await send(path, payload, { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }));
      }),
      { numRuns: 150 },
    );
  });

  it('is still up and healthy afterwards', async () => {
    const r = await fetch(`${s.url}/healthz`);
    expect(r.status).toBe(200);
    expect(s.logs.join('\n')).not.toContain(TOKEN);
  });
});

/**
 * The privacy promise, end to end: questions full of personal data go in through every channel (console, Slack
 * events, /fraga, buttons, Teams), at LOG_LEVEL=debug, and then the whole database file with its WAL and shm, the
 * log, /metrics and the CSV export are scanned for every personal token. Nothing identifying may be found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlack } from '../bots/slack/fake-slack';
import { sign } from '../bots/slack/fake-slack';
import { type SlackHarness, startSlackHarness } from '../bots/slack/harness';
import { activity, type FakeConnector } from '../bots/teams/fake-connector';
import { type Running, storedBytes } from './helpers';

// What a careless user pastes. Each entry: what is typed, and the forms to search for in every byte we keep.
const PNR = ['19791231–9876', '791231 - 9876', '791231.9876'];
const PHONE = ['(070) 987 65 43', '070.987.65.43'];
const EMAIL = 'karin.lundqvist@example.se';
const SLACK_USER = 'U0SECRETUSR';
const SLACK_CHANNEL = 'C0SECRETCHN';
const TEAMS_USER = 'aad-7f3e9c1d-secret-user';
const PATIENT = 'Zebulon Quxberg';
const digitsOf = (s: string) => s.replace(/\D/g, '');
const TOKENS = [
  ...PNR,
  ...PNR.map(digitsOf),
  ...PHONE,
  ...PHONE.map(digitsOf),
  EMAIL,
  'lundqvist',
  SLACK_USER,
  SLACK_CHANNEL,
  TEAMS_USER,
  'Quxberg',
  'Lundqvist',
];

let h: SlackHarness;
let slack: FakeSlack;
let connector: FakeConnector;
let s: Running;
let seq = 0;

beforeAll(async () => {
  h = await startSlackHarness(
    { LOG_LEVEL: 'debug', SLACK_BOT_TOKEN: 'xoxb-privacy-test', SUPPORT_CHANNEL: 'slack:CDESKPRIV' },
    { teams: true },
  );
  ({ slack, connector, s } = h);
});
afterAll(() => h?.stop());

const json = { 'content-type': 'application/json' };
const consoleAsk = async (question: string) =>
  (await (await fetch(`${s.url}/console/api/ask`, { method: 'POST', headers: json, body: JSON.stringify({ question }) })).json()) as {
    questionId: number;
    answer: { kind: string };
  };
const slackPost = (obj: unknown) => {
  const body = JSON.stringify(obj);
  return fetch(`${s.url}/slack/events`, { method: 'POST', headers: { ...json, ...sign(body) }, body });
};
const slackForm = (fields: Record<string, string>) => {
  const body = new URLSearchParams(fields).toString();
  return fetch(`${s.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
    body,
  });
};
const slackEvent = (event: Record<string, unknown>) =>
  slackPost({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: `EvP${++seq}`, event_time: 1, event });

describe('personal data never reaches disk, logs or open endpoints', () => {
  it('keeps every personal token out of the database file, WAL, shm, logs, /metrics and the CSV export', async () => {
    const everything = `${PNR.join(', ')} ${PHONE.join(', ')} ${EMAIL}`;
    // Console: an ordinary question, a long one with a personnummer exactly at the 500-character cut, a long
    // clinical one naming a patient (the guard used to skip questions over the cap), and feedback with a comment.
    const plain = await consoleAsk(`Varför blev IVA-modulerna optioner? Ring mig ${everything}`);
    const cut = await consoleAsk(`${'Fråga om Millennium och IVA. '.repeat(17).slice(0, 494)}${PNR[0]} och mer text efteråt`);
    expect(cut.answer.kind).toBe('too_long');
    const clinical = await consoleAsk(
      `${'Lite bakgrund om läget på avdelningen. '.repeat(14)}Patienten ${PATIENT} ${PNR[1]} fick 5 mg morfin, är dosen rätt?`,
    );
    expect(clinical.answer.kind).toBe('clinical');
    expect(
      (
        await fetch(`${s.url}/console/api/feedback`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ questionId: plain.questionId, helpful: false, comment: `${'x'.repeat(1990)} ${PNR[2]} ${EMAIL}` }),
        })
      ).status,
    ).toBe(200);

    // Slack: a DM, an @mention, /fraga, and a feedback button, all from a user id that must never be stored raw.
    const before = slack.of('chat.postMessage').length;
    await slackEvent({
      type: 'message',
      channel_type: 'im',
      channel: 'D0PRIV',
      user: SLACK_USER,
      text: `Vad är FVM? ${everything}`,
      ts: '1.1',
    });
    await slackEvent({
      type: 'app_mention',
      channel: SLACK_CHANNEL,
      user: SLACK_USER,
      text: `<@UBOT> patienten har ${PATIENT} som namn och ont i magen, vad gör jag? ${everything}`,
      ts: '1.2',
    });
    await slack.waitFor('chat.postMessage', before + 2);
    await slackForm({
      command: '/fraga',
      text: `När togs beslutet? ${everything}`,
      user_id: SLACK_USER,
      channel_id: SLACK_CHANNEL,
      response_url: slack.responseUrl('fraga-privacy'),
      trigger_id: 't',
      team_id: 'T1',
    });
    const reply = await slack.waitFor('response/fraga-privacy');
    const feedbackId = JSON.stringify(reply[0]?.body).match(/"value":"negative:(\d+)"/)?.[1];
    expect(feedbackId).toBeDefined();
    await slackForm({
      payload: JSON.stringify({
        type: 'block_actions',
        user: { id: SLACK_USER },
        channel: { id: SLACK_CHANNEL },
        team: { id: 'T1' },
        response_url: slack.responseUrl('fb-privacy'),
        actions: [{ action_id: 'faktabot_feedback', block_id: 'feedback', value: `negative:${feedbackId}`, type: 'feedback_buttons' }],
        trigger_id: 't',
      }),
    });
    await slack.waitFor('response/fb-privacy');

    // Teams, local mode.
    const sentBefore = connector.sent.length;
    await fetch(`${s.url}/api/messages`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(
        activity(connector.url, {
          text: `Vad betyder FVM? ${everything}`,
          from: { id: `29:${TEAMS_USER}`, aadObjectId: TEAMS_USER, name: 'Karin' },
        }),
      ),
    });
    await connector.waitFor(sentBefore + 1);

    // Support tickets: a Slack and a Teams question with personal data in the question and the context, from users
    // whose ids and names must not be stored raw; the desk's answer carries a phone number too.
    const ticketsBefore = slack.of('chat.postMessage').length;
    await slackForm({
      payload: JSON.stringify({
        type: 'view_submission',
        team: { id: 'T1' },
        user: { id: SLACK_USER, name: 'Karin Lundqvist' },
        view: {
          callback_id: 'faktabot_escalate_modal',
          private_metadata: JSON.stringify({ q: null, c: SLACK_CHANNEL }),
          state: {
            values: {
              question: { question_input: { type: 'plain_text_input', value: `Vem kan jag prata med om Millennium? ${everything}` } },
              context: { context_input: { type: 'plain_text_input', value: `Nås på ${PHONE[0]}, pnr ${PNR[0]}` } },
            },
          },
        },
      }),
    });
    await slack.waitFor('chat.postMessage', ticketsBefore + 2); // the ticket card and the confirmation DM
    const teamsTicketBefore = connector.sent.length;
    await fetch(`${s.url}/api/messages`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(
        activity(connector.url, {
          text: undefined,
          from: { id: `29:${TEAMS_USER}`, aadObjectId: TEAMS_USER, name: 'Karin Lundqvist' },
          value: { faktabot: 'escalate', question: `Får vi utbildning? ${EMAIL}`, context: `ring ${PHONE[1]}` },
        }),
      ),
    });
    await connector.waitFor(teamsTicketBefore + 1);
    const ticketIds = ((await s.service.sql.all('SELECT id FROM tickets ORDER BY id')) as { id: number }[]).map((t) => t.id);
    expect(ticketIds).toHaveLength(2);
    for (const id of ticketIds)
      expect(
        await s.service.support.answer(
          id,
          { platform: 'slack', userId: 'UDESKPRIV', name: 'Desk', conversationId: 'CDESKPRIV' },
          `Ring ${PHONE[0]}`,
        ),
      ).toBe('ok');

    const rows = (await s.service.sql.get('SELECT COUNT(*) n FROM questions')) as { n: number };
    expect(rows.n).toBeGreaterThanOrEqual(7);
    expect(((await s.service.sql.get('SELECT COUNT(*) n FROM feedback')) as { n: number }).n).toBe(2);
    // The contexts of the Slack and Teams conversations are in the scanned database as well.
    expect(Number(((await s.service.sql.get('SELECT COUNT(*) n FROM conversation_contexts')) as { n: number }).n)).toBeGreaterThan(0);

    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    const csv = await (await fetch(`${s.url}/console/api/export.csv`)).text();
    const places: [string, string][] = [
      ['database', await storedBytes(s.service)],
      ['log', s.logs.join('')],
      ['/metrics', metrics],
      ['CSV export', csv],
    ];
    expect(places[0]?.[1].length).toBeGreaterThan(0);
    for (const [where, text] of places) for (const token of TOKENS) expect(text.includes(token), `${token} in the ${where}`).toBe(false);
    // And the redacted forms are what is there instead.
    expect(csv).toContain('[personnummer]');
    expect(csv).toContain('[e-post]');
    expect(csv).toContain('[klinisk fråga – texten sparas inte]');
    const stored = (await s.service.sql.all('SELECT question, context, answer FROM tickets ORDER BY id')) as Record<string, string>[];
    expect(stored[0]?.question).toContain('[personnummer]');
    expect(stored[1]?.answer).toContain('[telefon]');
  });
});

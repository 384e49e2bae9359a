/**
 * The privacy promise against personal data in disguise, end to end on both back ends: generated personnummer and
 * samordningsnummer, phone numbers, e-mail addresses and street addresses, each in a generated disguise (separators
 * the redactor once did not know, the braille blank, digits spaced one by one, "(at)", a country code without "+"),
 * go in through every way text enters: the console's ask over HTTP, a signed Slack mention and /fraga, the "Fråga
 * supporten" form, a Teams activity and a desk answer. Then the database file with its WAL (every row on
 * PostgreSQL), the log at debug level, /metrics, the CSV export and every console API that shows stored text are
 * searched for each of them. Seeded, so a failure names the disguise that leaked.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../bots/slack/fake-slack';
import { type SlackHarness, startSlackHarness } from '../bots/slack/harness';
import { activity } from '../bots/teams/fake-connector';
import { address, disguisedEmail, disguisedPersonnummer, disguisedPhone } from '../text/forms';
import { storedBytes } from './helpers';

const json = { 'content-type': 'application/json' };
const DESK = 'CDESKDISG';
const CHANNELS = ['console', 'mention', 'fraga', 'support', 'teams', 'desk'] as const;
type Planted = { typed: string; secret: string[] };
const KINDS: [string, fc.Arbitrary<Planted>][] = [
  ['personnummer', disguisedPersonnummer],
  ['phone', disguisedPhone],
  ['e-mail', disguisedEmail],
  ['address', address],
];

let h: SlackHarness;
let seq = 0;

beforeAll(async () => {
  h = await startSlackHarness(
    { LOG_LEVEL: 'debug', SUPPORT_CHANNEL: `slack:${DESK}`, RATE_LIMIT_PER_MINUTE: '0', SLACK_BOT_TOKEN: 'xoxb-disguise-test' },
    { teams: true },
  );
});
afterAll(() => h?.stop());

const signedEvent = async (event: Record<string, unknown>) => {
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: 'T1',
    api_app_id: 'A1',
    event_id: `EvDisg${++seq}`,
    event_time: 1,
    event,
  });
  const r = await fetch(`${h.s.url}/slack/events`, { method: 'POST', headers: { ...json, ...sign(body) }, body });
  expect(r.status).toBe(200);
};
const supportForm = async (question: string, context: string) => {
  const before = h.slack.of('chat.postMessage').length;
  await h.interact({
    type: 'view_submission',
    team: { id: 'T1' },
    user: { id: `U0DISG${seq}`, name: 'Karin Lundqvist' },
    view: {
      callback_id: 'faktabot_escalate_modal',
      private_metadata: JSON.stringify({ q: null, c: 'C0DISG' }),
      state: {
        values: {
          question: { question_input: { type: 'plain_text_input', value: question } },
          context: { context_input: { type: 'plain_text_input', value: context } },
        },
      },
    },
  });
  // The ticket card in the desk channel and the confirmation to the asker.
  await h.slack.waitFor('chat.postMessage', before + 2);
};
const latestTicket = async () => ((await h.s.service.sql.get('SELECT MAX(id) AS id FROM tickets')) as { id: number }).id;

/** Sends one planted text in through one channel and waits until the service has handled it. */
async function send(channel: (typeof CHANNELS)[number], typed: string): Promise<void> {
  const question = `Vem ansvarar för utbildningen i Millennium? Nå mig på ${typed} tack`;
  if (channel === 'console') {
    const r = await fetch(`${h.s.url}/console/api/ask`, { method: 'POST', headers: json, body: JSON.stringify({ question }) });
    expect(r.status).toBe(200);
  } else if (channel === 'mention') {
    // A question the bot answers, so that its thread keeps a context (what a follow-up is read with) to be scanned too.
    const answered = `Vad beslutade VGR om optionerna för IVA? Nå mig på ${typed} tack`;
    const before = h.slack.of('chat.postMessage').length;
    await signedEvent({ type: 'app_mention', channel: 'C0DISG', user: 'U0DISG', text: `<@UBOT> ${answered}`, ts: `3.${seq}` });
    await h.slack.waitFor('chat.postMessage', before + 1);
  } else if (channel === 'fraga') {
    const id = `fraga-disg-${++seq}`;
    await h.postForm({
      command: '/fraga',
      text: question,
      user_id: 'U0DISG',
      channel_id: 'C0DISG',
      response_url: h.slack.responseUrl(id),
      trigger_id: 't',
      team_id: 'T1',
    });
    await h.slack.waitFor(`response/${id}`);
  } else if (channel === 'support') {
    await supportForm(seq % 2 ? question : 'Vem kan jag prata med om Millennium?', seq % 2 ? '' : `Jag nås på ${typed}`);
    seq++;
  } else if (channel === 'teams') {
    const before = h.connector.sent.length;
    const r = await fetch(`${h.s.url}/api/messages`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(
        activity(h.connector.url, { text: question, from: { id: '29:disg-user', aadObjectId: 'disg-user', name: 'Karin' } }),
      ),
    });
    expect(r.status).toBe(200);
    await h.connector.waitFor(before + 1);
  } else {
    await supportForm('Hur får vi behörighet till Millennium?', '');
    const ticketId = await latestTicket();
    const r = await h.interact({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'UDESKDISG', username: 'bo', name: 'Bo' },
      view: {
        id: 'VD',
        type: 'modal',
        callback_id: 'faktabot_ticket_answer_modal',
        private_metadata: JSON.stringify({ t: ticketId, c: DESK }),
        state: { values: { answer: { answer_input: { type: 'plain_text_input', value: `Ring vår samordnare på ${typed}` } } } },
      },
    });
    expect(r.status).toBe(200);
    for (let i = 0; i < 100; i++) {
      const row = (await h.s.service.sql.get('SELECT status FROM tickets WHERE id = ?', [ticketId])) as { status: string };
      if (row.status === 'answered') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

describe('personal data in disguise never reaches disk, logs, the CSV or the console (property)', () => {
  it('keeps every generated disguise out of the database, WAL, log, /metrics, CSV and console APIs', async () => {
    const planted: { kind: string; channel: string; typed: string; secret: string[] }[] = [];
    for (const [k, [kind, arbitrary]] of KINDS.entries())
      for (const [i, sample] of fc.sample(arbitrary, { numRuns: CHANNELS.length, seed: 2026 + k }).entries()) {
        const channel = CHANNELS[i] as (typeof CHANNELS)[number];
        await send(channel, sample.typed);
        planted.push({ kind, channel, ...sample });
      }
    // Every desk answer was taken (it is stored redacted beside the sealed copy that is delivered).
    const answered = (await h.s.service.sql.get("SELECT COUNT(*) AS n FROM tickets WHERE status = 'answered'")) as { n: number | string };
    expect(Number(answered.n)).toBe(KINDS.length);
    // The conversations' contexts (what a follow-up is read with) are in the scanned database too.
    const contexts = (await h.s.service.sql.get('SELECT COUNT(*) AS n FROM conversation_contexts')) as { n: number | string };
    expect(Number(contexts.n)).toBeGreaterThan(0);
    const consoleApi = async (path: string) => (await fetch(`${h.s.url}${path}`)).text();
    const places: [string, string][] = [
      ['database', await storedBytes(h.s.service)],
      ['log', h.s.logs.join('\n')],
      ['/metrics', await consoleApi('/metrics')],
      ['CSV export', await consoleApi('/console/api/export.csv?days=365')],
      ['Granska', await consoleApi('/console/api/review?days=90&all=1')],
      ['tickets', await consoleApi('/console/api/tickets')],
      ['drafts', await consoleApi('/console/api/drafts')],
    ];
    expect(places[0]?.[1].length).toBeGreaterThan(0);
    // Also with white space taken out: a number spaced out must not be stored in other spacing either.
    const compact = (s: string) => s.replace(/\s+/g, '');
    const searched = places.map(([where, text]) => [where, text, compact(text)] as const);
    for (const p of planted)
      for (const secret of [...p.secret, p.typed])
        for (const [where, text, compacted] of searched)
          expect(
            text.includes(secret) || compacted.includes(compact(secret)),
            `${p.kind} ${JSON.stringify(p.typed)} via ${p.channel} in ${where}`,
          ).toBe(false);
    // What is there instead: the placeholders, so the texts were stored.
    const csv = places[3]?.[1] ?? '';
    for (const mask of ['[personnummer]', '[telefon]', '[e-post]', '[adress]']) expect(csv).toContain(mask);
  }, 120_000);
});

/**
 * What the second security review got stored, end to end on both back ends. Personal data in the disguises it used
 * (a personnummer with a gap of five spaces, ", " or " - - "; an address over two lines; an e-mail address with
 * "(At)", "[@]" or spaced dots; a phone number with a gap of five spaces; names in signature blocks and greetings, with
 * an age or a birth year) went in through the console's ask and the Slack "Fråga supporten" form, and reached the
 * question log, its group key, the CSV, Granska, the ticket and the desk's card. And a patient sentence placed past
 * the 8,000 characters the guard reads, behind e-mail addresses that redaction shortens, was stored in the question
 * log and as ticket context.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackHarness, startSlackHarness } from '../bots/slack/harness';
import { longAddresses } from '../text/forms';
import { storedBytes } from './helpers';

const json = { 'content-type': 'application/json' };
const DESK = 'CDESKREV2';
// 811218-9876 is a personnummer with a valid checksum. Each: the tail as typed, and what must never be found again.
const PLANTED: [string, string[]][] = [
  ['pnr är 811218     9876', ['811218', '8112189876']],
  ['pnr 811218, 9876', ['811218', '8112189876']],
  ['pnr 811218 - - 9876', ['811218', '8112189876']],
  ['Storgatan 12\n411 38 Göteborg', ['Storgatan', '411 38', '41138']],
  ['anna.lind(At)vgregion.se', ['anna.lind', 'lind(At)']],
  ['anna.lind[@]vgregion.se', ['anna.lind', 'lind[@]']],
  ['anna.lind @ vgregion . se', ['anna.lind', 'lind @']],
  ['Ring 070     123 45 67', ['0701234567', '123 45 67']],
];
const NAMED: [string, string[]][] = [
  ['Vad är FVM?\nMvh Karin Lind Sjuksköterska IVA Östra', ['Karin', 'Lind', 'Östra']],
  ['Hej Karin och Per! Vad är FVM?', ['Karin', 'Per!']],
  ['Vad gäller för Lindström 72 år?', ['Lindström']],
  ['Vad gäller för Karin Lind (f. 1950)?', ['Karin', 'Lind']],
];
const PATIENT = 'Patienten Karin Lind 72 år på sal 3 har fått fel dos av noradrenalin, vad gör jag?';

let h: SlackHarness;
let seq = 0;
beforeAll(async () => {
  h = await startSlackHarness({ SUPPORT_CHANNEL: `slack:${DESK}`, RATE_LIMIT_PER_MINUTE: '0', SLACK_BOT_TOKEN: 'xoxb-review-test' });
});
afterAll(() => h?.stop());

const ask = async (question: string) => {
  const r = await fetch(`${h.s.url}/console/api/ask`, { method: 'POST', headers: json, body: JSON.stringify({ question }) });
  expect(r.status).toBe(200);
  return (await r.json()) as { questionId: number; answer: { kind: string } };
};
/** Sends the "Fråga supporten" form and returns the desk's ticket card as Slack received it. */
const escalate = async (question: string, context: string): Promise<string> => {
  const before = h.slack.of('chat.postMessage').length;
  await h.interact({
    type: 'view_submission',
    team: { id: 'T1' },
    user: { id: `U0REV${++seq}`, name: 'Someone' },
    view: {
      callback_id: 'faktabot_escalate_modal',
      private_metadata: JSON.stringify({ q: null, c: 'C0REV' }),
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
  const card = h.slack.of('chat.postMessage').find((c, i) => i >= before && c.body.channel === DESK);
  expect(card).toBeDefined();
  return JSON.stringify(card?.body);
};
const places = async (): Promise<[string, string][]> => [
  ['database', await storedBytes(h.s.service)],
  ['CSV export', await (await fetch(`${h.s.url}/console/api/export.csv?days=7`)).text()],
  ['Granska', await (await fetch(`${h.s.url}/console/api/review?days=7&all=1`)).text()],
  ['tickets', await (await fetch(`${h.s.url}/console/api/tickets`)).text()],
];
const compact = (s: string) => s.replace(/\s+/g, '');

describe('the disguises of the second security review are stored redacted', () => {
  it('keeps numbers, addresses and e-mail in those disguises out of the log, its group key, the CSV, Granska, tickets and the desk card', async () => {
    const cards: string[] = [];
    for (const [tail] of PLANTED) {
      await ask(`Vem ansvarar för utbildningen i Millennium? Nå mig: ${tail}`);
      cards.push(await escalate(`Vem kan jag prata med om Millennium? ${tail}`, `Nås på ${tail}`));
    }
    const searched = [...(await places()), ['desk cards', cards.join('\n')] as [string, string]];
    for (const [tail, secrets] of PLANTED)
      for (const secret of secrets)
        for (const [where, text] of searched)
          expect(text.includes(secret) || compact(text).includes(compact(secret)), `${JSON.stringify(tail)}: ${secret} in ${where}`).toBe(
            false,
          );
    // The group key holds stems and numbers: "12 38 411 ansvar göteborg nå storgatan …" before redaction.
    const keys = (await h.s.service.sql.all<{ group_key: string }>('SELECT group_key FROM questions')).flatMap((r) =>
      r.group_key.split(' '),
    );
    for (const token of ['811218', '9876', 'storgatan', 'göteborg', '411', 'lind', 'vgregion', '070', '123'])
      expect(keys).not.toContain(token);
  });

  it('keeps names in signature blocks, greetings and with an age or birth year out of the log and its group key', async () => {
    const ids: number[] = [];
    for (const [text] of NAMED) ids.push((await ask(text)).questionId);
    const rows = await h.s.service.sql.all<{ question: string; group_key: string }>(
      `SELECT question, group_key FROM questions WHERE id IN (${ids.join(', ')})`,
    );
    expect(rows).toHaveLength(NAMED.length);
    // A full name with a birth year is a patient to the guard: the question is then not stored at all.
    for (const row of rows) expect(row.question).toMatch(/\[namn\]|\[klinisk fråga/);
    const stored = rows.map((r) => `${r.question} ${r.group_key}`).join('\n');
    for (const [text, names] of NAMED)
      for (const name of names) expect(stored.includes(name), `${name} of ${JSON.stringify(text)}`).toBe(false);
    // The group key holds stems: "karin lind mvh sjukskötersk syn:fvm syn:iva östr" before redaction.
    const keys = rows.flatMap((r) => r.group_key.split(' '));
    for (const stem of ['karin', 'lind', 'lindström', 'östr', 'per']) expect(keys).not.toContain(stem);
  });
});

describe('nothing past what the guard reads is stored', () => {
  it("stores no word of a patient sentence placed past the guard's reach behind long e-mail addresses, as a question or as ticket context", async () => {
    // The sentence alone is refused as clinical, and so stored only as a placeholder.
    expect((await ask(PATIENT)).answer.kind).toBe('clinical');
    const text = longAddresses(31, PATIENT);
    const asked = await ask(text);
    expect(asked.answer.kind).toBe('too_long');
    const row = await h.s.service.sql.get<{ question: string }>('SELECT question FROM questions WHERE id = ?', [asked.questionId]);
    expect(row?.question).toMatch(/^\[e-post\] /);
    const card = await escalate('Vem kan jag prata med om Millennium?', text);
    const searched = [...(await places()), ['desk card', card] as [string, string]];
    for (const [where, stored] of searched)
      for (const word of ['Patienten', 'noradrenalin', 'sal 3', 'Karin']) expect(stored.includes(word), `${word} in ${where}`).toBe(false);
    const ticket = await h.s.service.sql.get<{ context: string }>('SELECT context FROM tickets ORDER BY id DESC LIMIT 1');
    expect(ticket?.context).toMatch(/^\[e-post\] .*…$/s);
  });
});

/**
 * Personal data stays out of the knowledge file and the change history, and names in greetings and sign-offs stay
 * out of every store, on both back ends. The security review saved a staff message ("… undersköterska på IVA i
 * Borås … /Karin") as a phrasing with "Lägg till som formulering": it reached faq.yaml without a warning, the
 * change history kept it after undo, and Granska, "Mest frågat" and the CSV showed "Karin" beside the user hash.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackHarness, startSlackHarness } from '../bots/slack/harness';
import { storedBytes } from './helpers';

const json = { 'content-type': 'application/json' };
const MESSAGE =
  'Hej! Jag är undersköterska på IVA i Borås och vi pratade om det här på APT. Vad blir det för system på IVA nu då? Tack! /Karin';
const QUESTION = 'Vad blir det för system på IVA nu då?';
const PERSONAL = ['Karin', 'Lind', 'Anna Berg', 'Berg'];

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness({ SUPPORT_CHANNEL: 'slack:CDESKPHR', RATE_LIMIT_PER_MINUTE: '0' });
});
afterAll(() => h?.stop());

const call = async (method: string, path: string, body?: unknown) => {
  const r = await fetch(`${h.s.url}/console/api/${path}`, {
    method,
    headers: json,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  // biome-ignore lint/suspicious/noExplicitAny: the test walks the API's JSON freely; a wrong path fails its expect
  return { status: r.status, text, body: (text.startsWith('{') ? JSON.parse(text) : {}) as Record<string, any> };
};
let seq = 0;
/** Staff asks in Slack (a signed app mention): Granska, "Mest frågat" and the CSV list staff's questions. */
const mention = async (text: string) => {
  const ts = `1700000900.${String(++seq).padStart(6, '0')}`;
  const r = await h.postJson({
    token: 'x',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `EvPhrasing${seq}`,
    event_time: 1,
    event: { type: 'app_mention', user: 'U0STAFF', text: `<@UBOT> ${text}`, ts, channel: 'C0STAFF', event_ts: ts },
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
  });
  expect(r.status).toBe(200);
  await h.slack.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts);
};
const version = async () => (await call('GET', 'entries')).body.versions['faq.yaml'] as string;
const changeRows = async () => JSON.stringify(await h.s.service.sql.all('SELECT * FROM knowledge_changes'));

describe('a phrasing is the question alone, and personal data never enters the knowledge or its history', () => {
  it('offers the question without greeting, sign-off and sentences about the writer, and refuses the whole message (422)', async () => {
    await mention(MESSAGE);
    const review = (await call('GET', 'review?days=7')).body;
    const groups = [...review.unanswered, ...review.lowConfidence];
    const group = groups.find((g: { example: string }) => g.example.includes('system på IVA'));
    expect(group, JSON.stringify(groups.map((g: { example: string }) => g.example))).toBeDefined();
    // The log holds the sign-off's name redacted, and the review offers the question alone.
    expect(group.example).toContain('/[namn]');
    expect(group.example).not.toContain('Karin');
    expect(group.phrasing).toBe(QUESTION);

    const faq = join(h.s.knowledgeDir, 'faq.yaml');
    const before = readFileSync(faq);
    const add = (text: string) =>
      call('POST', 'entries/nytt-system-istallet/phrasings', { text, version: '', groupKey: group.groupKey, ask: text }).then(async (r) =>
        r.status === 409 ? call('POST', 'entries/nytt-system-istallet/phrasings', { text, version: await version(), ask: text }) : r,
      );
    // What the console once pre-filled: the whole message, as written and as logged.
    for (const text of [MESSAGE, group.example as string]) {
      const r = await add(text);
      expect(r.status, r.text).toBe(422);
      expect(r.body.error).toMatch(/innehåller personuppgifter/);
    }
    for (const text of ['Hej Karin! Vad blir det för system på IVA nu då?', 'Vad blir det för system på IVA nu då? Mvh Karin Lind']) {
      const r = await add(text);
      expect(r.status, r.text).toBe(422);
      expect(r.body.error).toMatch(/innehåller personuppgifter/);
    }
    // No name, but not the question alone: refused with the question offered instead.
    const framed = await add('Jag är undersköterska på IVA i Borås. Vad blir det för system på IVA nu då?');
    expect(framed.status, framed.text).toBe(422);
    expect(framed.body.error).toBe(
      `Formuleringen ska vara bara frågan, utan meningar om den som skriver eller om läget. Förslag: ”${QUESTION}”.`,
    );
    expect(readFileSync(faq).equals(before)).toBe(true);
    expect(await changeRows()).toBe('[]');

    // The question alone is saved; undone, the history keeps the file before and after, with nothing personal.
    const saved = await add(group.phrasing);
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.saved).toBe(true);
    expect((await call('POST', `changes/${saved.body.change.id}/undo`, {})).status).toBe(200);
    expect(readFileSync(faq).equals(before)).toBe(true);
    const history = await changeRows();
    expect(history).toContain(QUESTION);
    for (const word of ['Karin', 'Borås', 'undersköterska']) expect(history).not.toContain(word);
  });
});

describe('phrasings that hold personal data', () => {
  it("refuses a disguised personnummer, an address over two lines or spread by spaces, a person's name in any case, and suggests no fragment", async () => {
    const faq = join(h.s.knowledgeDir, 'faq.yaml');
    const before = readFileSync(faq);
    const changesBefore = await changeRows();
    const add = async (text: string) =>
      call('POST', 'entries/nytt-system-istallet/phrasings', { text, version: await version(), ask: text });
    for (const text of [
      'Vad är Millennium för 811218     9876?',
      'Vad är Millennium för Storgatan 12\n411 38 Göteborg?',
      'Vad är Millennium för Karin Lindqvist?',
      'Vad är Millennium för Karin?',
      'Karin Lindqvist, vad är Millennium?',
      'Vad är Millennium för Karin Lind (f. 1950)?',
      'Vad är Millennium för Storgatan  12, 411 38 Göteborg?',
      'Vad är Millennium för Lindqvist  72 år?',
      'Vad är Millennium för karin lindqvist?',
      'Vad tycker Karin-Lindqvist om Millennium?',
    ]) {
      const r = await add(text);
      expect(r.status, `${JSON.stringify(text)}: ${r.text}`).toBe(422);
      // A full name with a birth year or an age is a patient to the guard, the graver refusal.
      expect(r.body.error).toMatch(/innehåller personuppgifter|ser ut att beskriva en patient/);
    }
    // "f. 1950" does not end a sentence: the suggestion is the whole question, not "1950?".
    const framed = await add('Jag jobbar på IVA. Vad gäller för den som är f. 1950?');
    expect(framed.status, framed.text).toBe(422);
    expect(framed.body.error).toContain('Förslag: ”Vad gäller för den som är f. 1950?”');
    expect(readFileSync(faq).equals(before)).toBe(true);
    expect(await changeRows()).toBe(changesBefore);
  });
});

describe('a listed first name that is also an ordinary word', () => {
  it('saves a phrasing with a listed name that is an ordinary word not written as a name', async () => {
    const text = 'Vad säger axel och led om Millennium?';
    const r = await call('POST', 'entries/nytt-system-istallet/phrasings', { text, version: await version(), ask: text, confirm: true });
    expect(r.status, r.text).toBe(200);
    expect(r.body.saved).toBe(true);
    expect((await call('POST', `changes/${r.body.change.id}/undo`, {})).status).toBe(200);
  });
});

describe('names in greetings and sign-offs are redacted before anything is stored', () => {
  it('keeps them out of the question log, feedback comments and tickets, and so out of Granska, "Mest frågat" and the CSV', async () => {
    await mention('Hej Karin! Vad är FVM?\nMvh Karin Lind');
    // The console's own test question is stored too, redacted like any.
    const asked = await call('POST', 'ask', { question: 'Hej Karin! Vad är FVM?\nMvh Karin Lind' });
    expect(asked.status).toBe(200);
    const comment = await call('POST', 'feedback', {
      questionId: asked.body.questionId,
      helpful: false,
      comment: 'Svaret saknar datum. Hälsningar, Anna Berg',
    });
    expect(comment.status).toBe(200);
    const before = h.slack.of('chat.postMessage').length;
    await h.interact({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U0PHRASE', name: 'Someone' },
      view: {
        callback_id: 'faktabot_escalate_modal',
        private_metadata: JSON.stringify({ q: null, c: 'C0PHRASE' }),
        state: {
          values: {
            question: {
              question_input: { type: 'plain_text_input', value: 'Hej Karin! Vem ansvarar för behörigheter i Millennium? /Karin' },
            },
            context: { context_input: { type: 'plain_text_input', value: 'Vi behöver svar i veckan.\nMvh Karin Lind' } },
          },
        },
      },
    });
    await h.slack.waitFor('chat.postMessage', before + 2);

    const places: [string, string][] = [
      ['database', await storedBytes(h.s.service)],
      ['Granska and Mest frågat', (await call('GET', 'review?days=7&all=1')).text],
      ['CSV export', (await call('GET', 'export.csv?days=7')).text],
      ['tickets', (await call('GET', 'tickets')).text],
    ];
    for (const [where, text] of places) {
      expect(text, where).toContain('[namn]');
      for (const name of PERSONAL) expect(text.includes(name), `${name} in the ${where}`).toBe(false);
    }
  });
});

/**
 * What the fourth security review got stored, end to end on both back ends: a name beside a personnummer or a birth
 * year written surname first or in capitals, a name after a sign-off with something after it (Slack and Teams join a
 * signature onto the question's line), a name that nothing marks, an address with another street ending, went into
 * the question log, the feedback comments and the tickets; a comment describing a patient was stored because the
 * guard read it redacted; and the console saved phrasings naming people whose first name is not listed, with a
 * title, glued to the surname, or a personnummer spread by more than 32 spaces.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATIENT_COMMENT } from '../../src/store/questions';
import { type SlackHarness, startSlackHarness } from '../bots/slack/harness';
import { storedBytes } from './helpers';

const json = { 'content-type': 'application/json' };
const DESK = 'CDESKREV4';
const QUESTIONS = [
  'Karin Lindqvist 19500312-1234 syns inte i Millennium, varför?',
  'LINDQVIST, KARIN (f. 1950) syns inte i Millennium',
  'Lindqvist, Karin (f. 1950) syns inte i Millennium',
  'Vad är FVM? Mvh Karin Lindqvist 🙂',
  'Hej Karin 🙂 vad är FVM?',
  'Vad är FVM? Mvh Karin Lindqvist sjuksköterska på IVA Östra',
  'Vad är FVM? Mvh Dr. Karin Lindqvist',
  'Jag heter Karin von Essen, vad är FVM?',
  'Har Karin Lindqvist fått behörighet till Millennium?',
  'Jag är Karin Lindqvist, ssk på IVA. Vad är FVM?',
  'Vad är FVM? Skicka svaret till Björkslingan 12, 411 38 Göteborg',
  'Vad är FVM? Skicka svaret till Storgatan 12, 2 tr, 411 38 Göteborg',
  'Vad är FVM? Mejla anna.lind(a)vgregion.se',
];
const PERSONAL = ['Karin', 'KARIN', 'Lindqvist', 'LINDQVIST', 'Essen', 'Björkslingan', 'Storgatan', '411 38', 'anna.lind', 'Lind, Anna'];

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness({ SUPPORT_CHANNEL: `slack:${DESK}`, RATE_LIMIT_PER_MINUTE: '0', SLACK_BOT_TOKEN: 'xoxb-review4-test' });
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

describe('the fourth security review: names and addresses in the stores', () => {
  it('keeps them out of the question log, feedback comments and tickets, and reads a named person with a personnummer as a patient', async () => {
    const kinds: string[] = [];
    for (const question of QUESTIONS) {
      const r = await call('POST', 'ask', { question });
      expect(r.status).toBe(200);
      kinds.push(r.body.answer.kind);
    }
    // H1: a full name with a personnummer or a birth year is a patient: refused as clinical, never answered.
    expect(kinds.slice(0, 3)).toEqual(['clinical', 'clinical', 'clinical']);
    const asked = await call('POST', 'ask', { question: 'Vad är FVM?' });
    // M1: the comment is read as written, so the guard sees the name and the age.
    const comment = await call('POST', 'feedback', {
      questionId: asked.body.questionId,
      helpful: false,
      comment: 'Lind, Anna, 72 år ligger på IVA',
    });
    expect(comment.status).toBe(200);
    const comments = await h.s.service.sql.all<{ comment: string }>('SELECT comment FROM feedback');
    expect(comments.map((c) => c.comment)).toContain(PATIENT_COMMENT);

    const before = h.slack.of('chat.postMessage').length;
    await h.interact({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U0REV4', name: 'Someone' },
      view: {
        callback_id: 'faktabot_escalate_modal',
        private_metadata: JSON.stringify({ q: null, c: 'C0REV4' }),
        state: {
          values: {
            question: {
              question_input: { type: 'plain_text_input', value: 'Har Karin Lindqvist fått behörighet till Millennium? Mvh Karin 🙂' },
            },
            context: {
              context_input: { type: 'plain_text_input', value: 'Jag är Karin Lindqvist, ssk på IVA. Mvh Dr. Karin Lindqvist (ssk)' },
            },
          },
        },
      },
    });
    await h.slack.waitFor('chat.postMessage', before + 2);
    const places: [string, string][] = [
      ['database', await storedBytes(h.s.service)],
      ['Granska', (await call('GET', 'review?days=7&all=1')).text],
      ['CSV export', (await call('GET', 'export.csv?days=7')).text],
      ['tickets', (await call('GET', 'tickets')).text],
      ['desk card', JSON.stringify(h.slack.of('chat.postMessage').slice(before))],
    ];
    for (const [where, text] of places) for (const token of PERSONAL) expect(text.includes(token), `${token} in the ${where}`).toBe(false);
  });
});

describe('the fourth security review: phrasings naming people', () => {
  const version = async () => (await call('GET', 'entries')).body.versions['faq.yaml'] as string;
  const add = async (text: string) =>
    call('POST', 'entries/nytt-system-istallet/phrasings', { text, version: await version(), ask: text, confirm: true });

  it('refuses full names of unlisted first names, titles with a surname, glued names, capitals and spread personnummer (422)', async () => {
    const faq = join(h.s.knowledgeDir, 'faq.yaml');
    const before = readFileSync(faq);
    for (const text of [
      'Vad tycker Per Lindqvist om Millennium?',
      'Vad tycker Pia Lindqvist om Millennium?',
      'Har Majvor Lindqvist fått behörighet till Millennium?',
      'Vad tycker Muhammad om Millennium?',
      'Vad tycker Zeynep om Millennium?',
      'Vad tycker Goran om Millennium?',
      'Vad tycker Dr Lindqvist om Millennium?',
      'Vad tycker doktor Lindqvist om Millennium?',
      'Vad tycker överläkare Lindqvist om Millennium?',
      'Vad tycker herr Brännström om Millennium?',
      'Vad tycker sjuksköterskan Brännström om Millennium?',
      'Vad tycker GUNVALD BRÄNNSTRÖM om Millennium?',
      'Vad tycker KarinLindqvist om Millennium?',
      'Vad tycker Karin\u00adLindqvist om Millennium?',
      'Vad tycker Karin’s team om Millennium?',
      'Varför syns inte PIA LINDQVIST 72 år i Millennium?',
      'Varför syns inte LINDQVIST, PIA (f. 1950) i Millennium?',
      `Vad är Millennium för 811218${' '.repeat(40)}9876?`,
    ]) {
      const r = await add(text);
      expect(r.status, `${JSON.stringify(text)}: ${r.text}`).toBe(422);
      expect(r.body.error).toMatch(/innehåller personuppgifter|ser ut att beskriva en patient/);
    }
    expect(readFileSync(faq).equals(before)).toBe(true);
  });

  it('saves a phrasing with a place named after a listed name or an acronym that is one', async () => {
    for (const text of ['Gäller det Maria-mottagningen också?', 'Vad är IDA i Millennium?', 'Vad är ELSA-projektet i Millennium?']) {
      const r = await add(text);
      expect(r.status, `${JSON.stringify(text)}: ${r.text}`).toBe(200);
      expect((await call('POST', `changes/${r.body.change.id}/undo`, {})).status).toBe(200);
    }
  });
});

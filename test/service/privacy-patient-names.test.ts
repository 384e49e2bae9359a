/**
 * A patient named by one word (a surname, or a first name the lists lack) beside a room, a bed, an age or a
 * diagnosis, as ward staff write it ("Lindqvist på sal 4", "Andersson har KOL"), stays out of every store: the
 * console's ask stores only the clinical placeholder, and the phrasing check refuses it, so it never reaches
 * faq.yaml or the change history. The fifth security review found both stored word for word.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLINICAL_PLACEHOLDER } from '../../src/service/ask';
import { type SlackHarness, startSlackHarness } from '../bots/slack/harness';
import { storedBytes } from './helpers';

const json = { 'content-type': 'application/json' };
const PATIENTS = [
  'Hur flyttar jag Lindqvist på sal 4 i Millennium?',
  'Hur lägger jag in att Lindqvist har diabetes i Millennium?',
  'Hur registrerar jag en 72-årig man, Svensson, i Millennium?',
  'Varför syns inte Jönsson i rum 12 i Millennium?',
  'Andersson på sal 4 har KOL, hur dokumenterar jag i Millennium?',
  'Andersson har cancer, hur dokumenterar jag i Millennium?',
  'Patientens namn är Lindqvist, hur loggar jag in i Millennium',
];
const NAMES = ['Lindqvist', 'Svensson', 'Jönsson', 'Andersson'];

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness({ RATE_LIMIT_PER_MINUTE: '0' });
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
const version = async () => (await call('GET', 'entries')).body.versions['faq.yaml'] as string;

describe('one name word beside a room, an age or a diagnosis', () => {
  it('is refused as a patient question over HTTP and stored only as the clinical placeholder', async () => {
    for (const question of PATIENTS) {
      const r = await call('POST', 'ask', { question });
      expect(r.status, question).toBe(200);
      expect(r.body.answer.kind, question).toBe('clinical');
    }
    const rows = await h.s.service.sql.all<{ question: string }>('SELECT question FROM questions');
    expect(rows.map((r) => r.question)).toEqual(PATIENTS.map(() => CLINICAL_PLACEHOLDER));
    const stored = await storedBytes(h.s.service);
    for (const name of NAMES) expect(stored.includes(name), name).toBe(false);
  });

  it("is refused as a phrasing (422, in Swedish), with the review's number and address shapes, and faq.yaml stays as it was", async () => {
    const faq = join(h.s.knowledgeDir, 'faq.yaml');
    const before = readFileSync(faq);
    for (const text of [
      ...PATIENTS.slice(0, 5),
      'Vad gör jag om 19650312 nr 1003 inte syns i Millennium?',
      'Varför syns inte Storgatan 12 · 411 38 Göteborg i Millennium?',
      'Hur gör jag med 650312-xxxx i Millennium?',
    ]) {
      const r = await call('POST', 'entries/nytt-system-istallet/phrasings', { text, version: await version() });
      expect(r.status, `${text}: ${r.text}`).toBe(422);
      expect(r.body.error, text).toMatch(/ser ut att beskriva en patient|innehåller personuppgifter/);
    }
    expect(readFileSync(faq).equals(before)).toBe(true);
    expect(JSON.stringify(await h.s.service.sql.all('SELECT * FROM knowledge_changes'))).not.toMatch(/Lindqvist|Andersson|1003|Storgatan/);
  });
});

describe('a surname a saved phrasing writes', () => {
  it('is still a name to the guard and to redaction: its patient questions stay out of the question log', async () => {
    // The editor refuses a phrasing that names someone; one written into faq.yaml by hand is read all the same.
    const text = 'Vad tycker Bergström om beslutet?';
    const refused = await call('POST', 'entries/kompletterande-system/phrasings', { text, version: await version() });
    expect(refused.status, refused.text).toBe(422);
    const faq = join(h.s.knowledgeDir, 'faq.yaml');
    writeFileSync(
      faq,
      readFileSync(faq, 'utf8').replace(
        '    - Blir det kvar andra IT-system vid sidan av Millennium?\n',
        `    - Blir det kvar andra IT-system vid sidan av Millennium?\n    - ${text}\n`,
      ),
    );
    expect((await call('POST', 'reload', {})).status).toBe(200);
    expect(readFileSync(faq, 'utf8')).toContain(text);
    const before = (await h.s.service.sql.all('SELECT id FROM questions')).length;
    const questions = ['Hur flyttar jag Bergström på sal 4 i Millennium?', 'Bergström, 72 år, har KOL, hur dokumenterar jag?'];
    for (const question of questions) {
      const r = await call('POST', 'ask', { question });
      expect(r.body.answer.kind, question).toBe('clinical');
    }
    await call('POST', 'ask', { question: 'Mvh Bergström' });
    const rows = await h.s.service.sql.all<{ question: string }>('SELECT question FROM questions');
    expect(rows.length).toBe(before + 3);
    expect(
      rows
        .slice(before)
        .map((r) => r.question)
        .join('\n'),
    ).not.toContain('Bergström');
    // Asked as written, in a conversation: answered, and the context it leaves holds no surname among its topic words.
    const asked = await call('POST', 'ask', { question: text, conversation: 'samtal-bergstrom' });
    expect(asked.body.answer.answered, asked.text).toBe(true);
    const contexts = await h.s.service.sql.all<{ topic: string }>('SELECT topic FROM conversation_contexts');
    expect(contexts.length).toBeGreaterThan(0);
    expect(contexts.map((c) => c.topic).join(' ')).not.toMatch(/bergstr/i);
  });
});

describe('the detail anywhere near the name in its sentence, a birth date as staff write it, a compound diagnosis, an event', () => {
  const QUESTIONS = [
    'Lindqvist som ligger på sal 4 syns inte i Millennium, hur gör jag?',
    'På sal 4 ligger Lindqvist, hur flyttar jag henne i Millennium?',
    'Hur hittar jag Lindqvist, 650312, i Millennium?',
    'Hur dokumenterar jag att Lindqvist har lungcancer i Millennium?',
    'Hur skriver jag att Andersson avled i natt i Millennium?',
  ];

  it('is stored only as the clinical placeholder, and refused as a phrasing (422) with faq.yaml unchanged', async () => {
    const faq = join(h.s.knowledgeDir, 'faq.yaml');
    const before = readFileSync(faq);
    const logged = (await h.s.service.sql.all('SELECT id FROM questions')).length;
    for (const question of QUESTIONS) expect((await call('POST', 'ask', { question })).body.answer.kind, question).toBe('clinical');
    const rows = await h.s.service.sql.all<{ question: string }>('SELECT question FROM questions');
    expect(rows.slice(logged).map((r) => r.question)).toEqual(QUESTIONS.map(() => CLINICAL_PLACEHOLDER));
    for (const text of QUESTIONS) {
      const r = await call('POST', 'entries/kompletterande-system/phrasings', { text, version: await version() });
      expect(r.status, `${text}: ${r.text}`).toBe(422);
    }
    expect(readFileSync(faq).equals(before)).toBe(true);
  });
});

describe('a health fact in any form beside one name word (forms, compounds, infection flags, end of life)', () => {
  const QUESTIONS = [
    'Lindqvist har gått bort, hur avslutar jag vårdtillfället?',
    'Lindqvist har suicidrisk, hur dokumenterar jag?',
    'Lindqvist har en trycksårsskada, hur dokumenterar jag?',
    'Lindqvist är smittsam, hur flaggar jag?',
    'Lindqvist har tuberkulos, hur flaggar jag?',
    'Lindqvist är 72 och syns inte i Millennium',
  ];

  it('is stored only as the clinical placeholder, and refused as a phrasing (422) with faq.yaml unchanged', async () => {
    const faq = join(h.s.knowledgeDir, 'faq.yaml');
    const before = readFileSync(faq);
    const logged = (await h.s.service.sql.all('SELECT id FROM questions')).length;
    for (const question of QUESTIONS) expect((await call('POST', 'ask', { question })).body.answer.kind, question).toBe('clinical');
    const rows = await h.s.service.sql.all<{ question: string }>('SELECT question FROM questions');
    expect(rows.slice(logged).map((r) => r.question)).toEqual(QUESTIONS.map(() => CLINICAL_PLACEHOLDER));
    // "Fisk" opens its sentence and is a Swedish word: redaction leaves it, but a phrasing names no one beside a
    // health word.
    for (const text of [...QUESTIONS, 'Fisk har MRSA, hur flaggar jag i Millennium?', 'Varför har Fisk somnat in i Millennium?']) {
      const r = await call('POST', 'entries/kompletterande-system/phrasings', { text, version: await version() });
      expect(r.status, `${text}: ${r.text}`).toBe(422);
    }
    expect(readFileSync(faq).equals(before)).toBe(true);
  });

  it('leaves a phrasing with a place or a system beside a health word to be saved', async () => {
    const text = 'Hur påverkas Skaraborg av beslutet om smittskydd?';
    const r = await call('POST', 'entries/kompletterande-system/phrasings', { text, version: await version() });
    expect(r.status, r.text).toBe(200);
  });
});

describe('a health fact before the name, in small letters, or with a Swedish word as the surname', () => {
  const QUESTIONS = [
    'Hur sätter jag MRSA-flagga på Lindqvist i Millennium?',
    'Björk har gått bort, hur avslutar jag vårdkontakten i Millennium?',
    'lindqvist har mrsa, hur flaggar jag i millennium?',
    'Lindqvist, som jag pratade med igår på avdelningen, har MRSA. Hur flaggar jag?',
  ];

  it('is stored only as the clinical placeholder', async () => {
    const logged = (await h.s.service.sql.all('SELECT id FROM questions')).length;
    for (const question of QUESTIONS) expect((await call('POST', 'ask', { question })).body.answer.kind, question).toBe('clinical');
    const rows = await h.s.service.sql.all<{ question: string }>('SELECT question FROM questions');
    expect(rows.slice(logged).map((r) => r.question)).toEqual(QUESTIONS.map(() => CLINICAL_PLACEHOLDER));
  });

  it('is refused as a phrasing, and so is any health fact the knowledge does not write, saying which', async () => {
    const faq = join(h.s.knowledgeDir, 'faq.yaml');
    const before = readFileSync(faq);
    for (const text of [
      ...QUESTIONS,
      'Var skriver jag dödsbevis för Lindqvist i Millennium?',
      'Hur flaggar jag mrsa i Millennium?',
      'Nowak svimmade i natt, var skriver jag det i Millennium?',
      'nowak svimmade i natt, var skriver jag det i millennium?',
      'Hur bokar jag dialys för lindqvist i Millennium?',
      'Var ser jag Nowaks graviditet i Millennium?',
      'Hur bokar jag tolk åt YILMAZ i Millennium?',
      'Björk tar metadon, var dokumenterar jag det?',
      'Nguyen tar metadon, var dokumenterar jag det?',
      'Hur bokar jag dialys för Björk i Millennium?',
      'Holmen fick en propp i benet i natt, hur skriver jag det i Millennium?',
      'Sommar är intuberad, var ser jag det i Millennium?',
      // A name in small letters, and a health fact no list holds: the name's place is enough.
      'linden har cancer, hur spärrar jag journalen i Millennium?',
      'Holmen har klamydia, hur spärrar jag journalen i Millennium?',
      'Holmen är hivpositiv, hur spärrar jag journalen i Millennium?',
    ]) {
      const r = await call('POST', 'entries/kompletterande-system/phrasings', { text, version: await version() });
      expect(r.status, `${text}: ${r.text}`).toBe(422);
    }
    const r = await call('POST', 'entries/kompletterande-system/phrasings', {
      text: 'Hur flaggar jag mrsa i Millennium?',
      version: await version(),
    });
    expect(r.body.error).toMatch(/nämner ”mrsa”, en uppgift om hälsa/);
    expect(readFileSync(faq).equals(before)).toBe(true);
  });
});

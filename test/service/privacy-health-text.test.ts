/**
 * A question about someone's health keeps no name in any form, wherever the name stands and however it is written:
 * what is stored of a text with a listed health word or patient word holds only words that can name no one (the
 * knowledge's own words and their forms, Swedish words, stopwords, the listed health words, years), and every other
 * word or number becomes "[…]". The fourteenth security review stored a Swedish-word surname opening a sentence
 * ("Björk sov inte i natt och fick sömntabletter"), and rules that read a name from the words beside it missed a health
 * fact far from the name, a name in small letters and a name after its verb. Asked over HTTP on loopback; the
 * database file and the CSV export are read back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../../src/text/redact';
import { type Running, startService, storedBytes } from './helpers';

const TOKEN = 'test-console-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

/** [question, the name in it]: none of these names is read by a rule that looks for a name beside a health word. */
const CASES: [string, string][] = [
  ['Björk sov inte i natt och fick till slut sömntabletter vid tretiden, var skriver jag det i Millennium?', 'Björk'],
  ['i natt fick björk sömntabletter, var dokumenterar jag det?', 'björk'],
  ['Hammar har fått en ny tid för dialys på torsdag, hur bokar jag om den i Millennium?', 'Hammar'],
  ['Wu fick sömntabletter igen, var ser jag det i journalen?', 'Wu'],
  ['Kan någon hjälpa mig: nowak ska få dialys i eftermiddag, hur bokar jag det?', 'nowak'],
  ['Lilja ligger kvar på avdelningen efter operationen och har ont, hur skriver jag det i Millennium?', 'Lilja'],
  ['Falk drack alkohol på avdelningen, var dokumenterar jag det?', 'Falk'],
];

let s: Running;
beforeAll(async () => {
  s = await startService({ CONSOLE_TOKEN: TOKEN, RATE_LIMIT_PER_MINUTE: '0' });
});
afterAll(() => s?.stop());

const call = async (path: string, body: unknown) => {
  const r = await fetch(`${s.url}/console/api/${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
  return { status: r.status, text: await r.text() };
};

describe("a question about someone's health", () => {
  it('is stored without the name, whatever rule would miss it, in the log, its group key and the CSV', async () => {
    for (const [question] of CASES) expect((await call('ask', { question })).status, question).toBe(200);
    const stored = await storedBytes(s.service);
    const csv = await (await fetch(`${s.url}/console/api/export.csv`, { headers: auth })).text();
    for (const [question, name] of CASES) {
      const written = new RegExp(`(?<!\\p{L})${name}(?!\\p{L})`, 'u');
      expect(stored, `${name} in the database: ${question}`).not.toMatch(written);
      expect(csv, `${name} in the CSV: ${question}`).not.toMatch(written);
    }
  });

  it('keeps the words that tell what was asked, and a question without a health fact as it was written', async () => {
    const { sql } = s.service;
    const before = (await sql.all('SELECT id FROM questions')).length;
    const question = 'Björk sov inte i natt och fick sömntabletter, var skriver jag det i Millennium?';
    const plain = 'Hur loggar jag in i Millennium på natten?';
    for (const q of [question, plain]) await call('ask', { question: q });
    const rows = (await sql.all<{ question: string }>('SELECT question FROM questions ORDER BY id')).slice(before);
    expect(rows.map((r) => r.question)).toEqual([
      `${REDACTED.name} sov inte i natt och fick sömntabletter, var skriver jag det i Millennium?`,
      plain,
    ]);
  });
});

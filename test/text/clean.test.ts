import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, safeText, safeTextCut, TextRefused } from '../../src/text/clean';
import { GUARD_READS, head } from '../../src/text/reach';
import { longAddresses, personnummer, phone, unicodeVariant, words } from './forms';

describe('the cleaning path', () => {
  it('refuses NUL, which PostgreSQL cannot store, with the field named', () => {
    expect(() => cleanText('IVA\u0000?', 'Kommentaren')).toThrow(TextRefused);
    expect(() => cleanText('IVA\u0000?', 'Kommentaren')).toThrow(/Kommentaren innehåller ett tecken/);
  });

  it('removes invisible characters inside words, so a soft hyphen or zero-width space hides no word', () => {
    expect(cleanText('pati\u00adenten')).toBe('patienten');
    expect(cleanText('pati\u200benten\u2060 Anna')).toBe('patienten Anna');
  });

  it('unifies spaces, dashes, line breaks and full-width digits', () => {
    expect(cleanText('19\u2009791231\u22129876')).toBe('19 791231-9876');
    expect(cleanText('\uff11\uff19\uff17\uff19')).toBe('1979');
    expect(cleanText('rad ett\r\nrad två\u2028tre')).toBe('rad ett\nrad två\ntre');
    expect(cleanText('\u0661\u0662\u0663')).toBe('123');
    expect(cleanText('a\u0007b')).toBe('a b');
  });

  it('keeps the typography answers use: en dash, em dash, ellipsis, Swedish quotes', () => {
    const text = 'Millennium ersätter 35–40 system — se ”Faktasidan” …';
    expect(cleanText(text)).toBe(text);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        if (s.includes('\u0000')) return;
        expect(cleanText(cleanText(s))).toBe(cleanText(s));
      }),
      { numRuns: 1000, seed: 31 },
    );
  });
});

describe('personal data in Unicode variants (property)', () => {
  it('leaves no digit of a personnummer typed with other dashes, spaces, full-width digits, invisible characters, / or a line break', () => {
    fc.assert(
      fc.property(words, personnummer.chain(unicodeVariant), words, (before, pnr, after) => {
        const out = safeText([...before, pnr, ...after].join(' '));
        expect(out).toContain('[personnummer]');
        expect(out).not.toMatch(/\p{Nd}/u);
      }),
      { numRuns: 2000, seed: 32 },
    );
  });

  it('leaves no digit of a phone number in the same variants', () => {
    fc.assert(
      fc.property(words, phone.chain(unicodeVariant), words, (before, number, after) => {
        const out = safeText([...before, number, ...after].join(' '));
        expect(out).toMatch(/\[(telefon|personnummer)\]/);
        expect(out).not.toMatch(/\p{Nd}/u);
      }),
      { numRuns: 2000, seed: 33 },
    );
  });

  it('cleans and redacts before cutting', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), personnummer.chain(unicodeVariant), (shift, pnr) => {
        const out = safeTextCut(`${'x'.repeat(490 - shift)} ${pnr} slut`, 500);
        expect(out).not.toMatch(/\p{Nd}/u);
      }),
      { numRuns: 500, seed: 34 },
    );
  });
});

describe('Unicode the review found uncovered', () => {
  it.each([
    '850101\u034F-1234',
    '8501\uFE0F01-1234',
    '850101\u31641234',
    '850101\u058A1234',
    '850101\u05BE1234',
    '850101\u2E171234',
    '850101\u301C1234',
    '850101   1234',
    '850101\t \t1234',
    '850101\u20441234',
    '850101\u22151234',
  ])('redacts %j', (pnr) => {
    expect(safeText(`mitt nummer ${pnr} tack`)).toBe('mitt nummer [personnummer] tack');
  });

  it('removes a variation selector inside a word', () => {
    expect(cleanText('pati\uFE00enten')).toBe('patienten');
  });
});

describe('what is stored comes from what the guard read (found by the second security review)', () => {
  const PATIENT = 'Patienten Karin Lind 72 år på sal 3 har fått fel dos av noradrenalin, vad gör jag?';

  it("stores nothing from past the guard's reach, however much redaction shortened the text before it", () => {
    const text = longAddresses(31, PATIENT);
    expect(text.length).toBeGreaterThan(GUARD_READS);
    expect(text.indexOf('Patienten')).toBeGreaterThan(GUARD_READS - 100);
    // The question, the ticket's question, context and bot reply, a comment and a desk answer are cut so.
    for (const max of [500, 600, 1000, 2000, 3000]) {
      const stored = safeTextCut(text, max);
      expect(stored, String(max)).toMatch(/^\[e-post\]/);
      for (const word of ['Patienten', 'Karin', 'sal 3', 'noradrenalin']) expect(stored, String(max)).not.toContain(word);
      expect(stored.endsWith('…')).toBe(true);
    }
  });

  it('keeps the words within the reach when redaction shortened them', () => {
    const stored = safeTextCut(longAddresses(20, 'Vad är FVM?'), 500);
    expect(stored).toBe(`${'[e-post] '.repeat(20)}Vad är FVM?`);
  });

  it('never stores a word from past the reach, whatever the addresses before it (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 28, max: 40 }),
        fc.integer({ min: 20, max: 64 }),
        fc.constantFrom(500, 1000, 2000),
        fc.constantFrom('', ' ', '\n', ' och '),
        (count, length, max, join) => {
          const text = longAddresses(count, `${join}Hemlig Quxberg`, length);
          const stored = safeTextCut(text, max);
          const read = head(text).length;
          for (const word of ['Hemlig', 'Quxberg']) if (text.indexOf(word) + word.length > read) expect(stored).not.toContain(word);
          expect(stored.length).toBeLessThanOrEqual(max + 1);
        },
      ),
      { numRuns: 200, seed: 35 },
    );
  });

  it('leaves no part of a personnummer that the reach cuts in two', () => {
    // The guard's head ends at the space inside the number; what follows it is read only to see the number whole.
    const before = longAddresses(30, '');
    const text = `${before}${'x'.repeat(GUARD_READS - 7 - before.length)} 811218 9876 och mer`;
    expect(text.lastIndexOf(' ', GUARD_READS)).toBe(text.indexOf(' 9876'));
    const stored = safeTextCut(text, 500);
    expect(stored).not.toMatch(/\d/);
    expect(stored.endsWith('…')).toBe(true);
  });
});

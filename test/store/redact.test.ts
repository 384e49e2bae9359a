import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact, redactThenCut } from '../../src/store/redact';

describe('redaction', () => {
  it.each([
    ['19850312-1234', '12 digits with hyphen'],
    ['198503121234', '12 digits'],
    ['850312-1234', '10 digits with hyphen'],
    ['850312+1234', 'over 100 years old (plus)'],
    ['8503121234', '10 digits'],
    ['850312 1234', 'space'],
    ['1985-03-12-1234', 'dashes in the date'],
    ['850372-1234', 'samordningsnummer (day + 60)'],
    ['19850391-1234', 'samordningsnummer, 12 digits'],
  ])('redacts the personnummer form %s (%s)', (pnr) => {
    const out = redact(`Patienten ${pnr} undrar om IVA`);
    expect(out).toBe('Patienten [personnummer] undrar om IVA');
    expect(out).not.toMatch(/\d{4}/);
  });

  it('redacts a compact mobile number that is also a valid personnummer (born 2007-01-23) either way', () => {
    expect(redact('ring 0701234567')).toMatch(/^ring \[(telefon|personnummer)\]$/);
  });

  it.each([
    ['121212 - 1212', 'spaces around the hyphen'],
    ['19121212–1212', 'en dash'],
    ['121212.1212', 'dot'],
    ['12 12 12-1212', 'grouped date'],
    ['121272 – 1212', 'samordningsnummer with en dash and spaces'],
  ])('redacts the personnummer form %s (%s, found by the security review)', (pnr) => {
    expect(redact(`pnr ${pnr} tack`)).toBe('pnr [personnummer] tack');
  });

  it.each([
    '070-123 45 67',
    '+46 70 123 45 67',
    '031-10 20 30',
    '0046 31 102030',
    '(070) 123 45 67',
    '070.123.45.67',
    '+46 (0)70-123 45 67',
    '08–123 456 78',
  ])('redacts the phone number %s', (phone) => {
    expect(redact(`ring ${phone} tack`)).toBe('ring [telefon] tack');
  });

  it('redacts e-mail addresses', () => {
    expect(redact('skriv till anna.svensson@vgregion.se')).toBe('skriv till [e-post]');
  });

  it('keeps numbers that are facts, not people', () => {
    for (const s of ['Millennium ersätter 35-40 system', 'hösten 2018 och 2021', 'nyhetsbrev nov 2020', 'version 12.11.1'])
      expect(redact(s)).toBe(s);
  });
});

describe('redaction cost', () => {
  it('stays linear on long runs of letters, digits and @ (found by fuzzing: 430 ms for 20,000 letters)', () => {
    for (const text of ['ä'.repeat(20_000), '1'.repeat(20_000), `${'a'.repeat(20_000)}@`, '@'.repeat(20_000)]) {
      const t0 = performance.now();
      redact(text);
      expect(performance.now() - t0).toBeLessThan(100);
    }
  });
});

// Generators for the forms people type: any valid date, a century or not, and the separators seen in chat.
const SEPARATORS = ['', '-', '–', '.', ' ', ' - ', ' – ', ' . '];
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const words = fc.array(fc.constantFrom('patienten', 'min', 'kollega', 'ring', 'IVA', 'tack', 'hej', 'är', 'nummer', 'på'), {
  minLength: 0,
  maxLength: 4,
});
const pad = (n: number) => String(n).padStart(2, '0');

const personnummer = fc
  .record({
    century: fc.constantFrom('', '19', '20'),
    yy: fc.integer({ min: 0, max: 99 }),
    mm: fc.integer({ min: 1, max: 12 }),
    dd: fc.integer({ min: 1, max: 28 }),
    samordning: fc.boolean(),
    inner: fc.constantFrom('', '', '-', '.', ' '),
    last: fc.constantFrom(...SEPARATORS, '+'),
    tail: digits(4),
  })
  .map((p) => `${p.century}${pad(p.yy)}${p.inner}${pad(p.mm)}${p.inner}${pad(p.samordning ? p.dd + 60 : p.dd)}${p.last}${p.tail}`);

const phone = fc
  .record({
    prefix: fc.constantFrom('0', '+46 ', '+46', '0046 ', '+46 (0)'),
    area: fc.constantFrom('70', '72', '73', '76', '31', '8', '33', '520'),
    rest: fc.integer({ min: 6, max: 8 }).chain((n) => digits(n)),
    groups: fc.array(fc.integer({ min: 2, max: 3 }), { minLength: 1, maxLength: 4 }),
    sep: fc.constantFrom(' ', '-', '.', '–', ''),
    areaSep: fc.constantFrom('-', ' ', '–', '.', '', ' - '),
    parens: fc.boolean(),
  })
  .map((p) => {
    const parts: string[] = [];
    let i = 0;
    for (const g of p.groups) {
      if (i >= p.rest.length) break;
      parts.push(p.rest.slice(i, i + g));
      i += g;
    }
    if (i < p.rest.length) parts.push(p.rest.slice(i));
    const area = p.prefix === '0' && p.parens ? `(0${p.area})` : `${p.prefix}${p.area}`;
    return `${area}${p.areaSep}${parts.join(p.sep)}`;
  });

describe('redaction of generated forms (property)', () => {
  it('leaves no digit of any personnummer or samordningsnummer, whatever the separators', () => {
    fc.assert(
      fc.property(words, personnummer, words, (before, pnr, after) => {
        const out = redact([...before, pnr, ...after].join(' '));
        expect(out).toContain('[personnummer]');
        expect(out).not.toMatch(/\d/);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves no digit of any Swedish phone number, grouped or not', () => {
    fc.assert(
      fc.property(words, phone, words, (before, number, after) => {
        const out = redact([...before, number, ...after].join(' '));
        expect(out).toMatch(/\[(telefon|personnummer)\]/);
        expect(out).not.toMatch(/\d/);
      }),
      { numRuns: 2000 },
    );
  });

  it('redacts before cutting, so a number at the cut leaves no part of itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), personnummer, (shift, pnr) => {
        const text = `${'x'.repeat(490 - shift)} ${pnr} slut`;
        const out = redactThenCut(text, 500);
        expect(out).not.toMatch(/\d/);
        expect(out.length).toBeLessThanOrEqual(501);
      }),
      { numRuns: 500 },
    );
  });
});

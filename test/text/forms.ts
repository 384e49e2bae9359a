/**
 * Generators for the personal data people type: personnummer and samordningsnummer of any valid date, with or
 * without a century, Swedish phone numbers in every grouping, with the separators seen in chat, and the Unicode
 * variants of all of them that a copy from a web page, Word or a phone keyboard produces.
 */
import fc from 'fast-check';

// Generators for the forms people type: any valid date, a century or not, and the separators seen in chat.
const SEPARATORS = ['', '-', '–', '.', ' ', ' - ', ' – ', ' . '];
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
export const words = fc.array(fc.constantFrom('patienten', 'min', 'kollega', 'ring', 'IVA', 'tack', 'hej', 'är', 'nummer', 'på'), {
  minLength: 0,
  maxLength: 4,
});
const pad = (n: number) => String(n).padStart(2, '0');

export const personnummer = fc
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

export const phone = fc
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

// What a copy from elsewhere does to a number typed in ASCII: other dashes and spaces, full-width digits, invisible
// characters between the digits, a slash or a line break between the groups.
const DASHES = ['\u2212', '\u2011', '\u2010', '\u2012', '\uff0d', '\ufe63', '\u2013', '\u2014'];
const SPACES = ['\u2009', '\u202f', '\u00a0', '\u3000', '\u2007', '\u205f'];
const INVISIBLE = ['\u200b', '\u00ad', '\u2060', '\u200c', '\u200d', '\ufeff', '\u200e'];

export const unicodeVariant = (ascii: string) =>
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: ascii.length, maxLength: ascii.length })
    .chain((choices) =>
      fc.tuple(
        fc.constant(choices),
        fc.constantFrom(...DASHES),
        fc.constantFrom(...SPACES),
        fc.constantFrom(...INVISIBLE),
        fc.constantFrom('/', '\n', '\r\n', ''),
      ),
    )
    .map(([choices, dash, space, invisible, groupBreak]) =>
      [...ascii]
        .map((ch, i) => {
          const c = choices[i] as number;
          if (/\d/.test(ch)) {
            const wide = c < 3 ? String.fromCodePoint(0xff10 + Number(ch)) : ch;
            return c === 9 ? `${wide}${invisible}` : wide;
          }
          if (ch === '-') return c < 5 ? dash : groupBreak === '/' ? '/' : ch;
          if (ch === ' ') return c < 4 ? space : c < 6 && groupBreak.includes('\n') ? groupBreak : ch;
          return ch;
        })
        .join(''),
    );

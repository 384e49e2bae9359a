/**
 * Generators for the personal data people type: personnummer and samordningsnummer of any valid date, with or
 * without a century, Swedish phone numbers in every grouping, with the separators seen in chat, and the Unicode
 * variants of all of them that a copy from a web page, Word or a phone keyboard produces; and every class again with
 * its spaces doubled, made tabs or (where the text goes on on the next line) line breaks.
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

// Disguises the security review used: separators the first redactor did not know, spaces that are not spaces to
// Unicode, digits spaced one by one, look-alike letters. Each generator gives [what is typed, the digits or text
// that must never be found again].
const GAPS = ['--', '    ', ',', ':', '_', '·', '•', '─', '⎯', '\u2800', "'", '’', '…', '~', '*', '+', ' - ', '/', '.', ' '];
// Gaps of five to eight characters the second review used: white space of any length and kind (a run of it counts as
// one gap), doubled separators with spaces, emoji, line breaks; and ", " before the last four (a personnummer only).
const LONG_GAPS = ['     ', '\t\t\t\t\t\t', '\u00a0'.repeat(7), ' - - ', ' / / ', '😀😀😀', '👍🏽👍🏽', '  -  ', '\n\n\n\n\n', ' \t - \t '];
// White space as the third review typed it between the words of every class: doubled, a tab, runs, a line break.
const SPACING = [' ', '  ', '\t', '     ', ' \t '];
const BREAKS = ['\n', ' \n', '\n  '];
const space = fc.constantFrom(...SPACING);
/** A gap where the text may go on on the next line: any SPACING or a line break. */
const lineOrSpace = fc.constantFrom(...SPACING, ...BREAKS);
const LIST_GAP = ', ';

/** The Luhn check digit of the personnummer's first nine digits (YYMMDDNNN). */
export function luhnDigit(nine: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A real-looking personnummer or samordningsnummer (valid date and checksum) as digits: 12 with the century. */
export const validPersonnummer = fc
  .record({
    century: fc.constantFrom('19', '20'),
    yy: fc.integer({ min: 0, max: 99 }),
    mm: fc.integer({ min: 1, max: 12 }),
    dd: fc.integer({ min: 1, max: 28 }),
    samordning: fc.boolean(),
    serial: fc.integer({ min: 0, max: 999 }),
  })
  .map((p) => {
    const nine = `${pad(p.yy)}${pad(p.mm)}${pad(p.samordning ? p.dd + 60 : p.dd)}${String(p.serial).padStart(3, '0')}`;
    return `${p.century}${nine}${luhnDigit(nine)}`;
  });

/**
 * A personnummer in a disguise: with or without the century, the date and the last four apart by an odd gap, or
 * spaced digit by digit (with or without an odd gap before the last four).
 */
export const disguisedPersonnummer = fc
  .record({
    pnr: validPersonnummer,
    century: fc.boolean(),
    gap: fc.constantFrom(...GAPS, ...LONG_GAPS, ...SPACING, ...BREAKS, LIST_GAP),
    style: fc.constantFrom('gap', 'grouped', 'spaced', 'spaced-gap'),
  })
  .map(({ pnr, century, gap, style }) => {
    const digits = century ? pnr : pnr.slice(2);
    const date = digits.slice(0, -4);
    const last = digits.slice(-4);
    // Inside the date a list gap would be a list ("81, 12, 18"): the date's pairs are spaced instead.
    const inner = gap === ' ' || gap === LIST_GAP ? ' ' : gap;
    const typed =
      style === 'spaced'
        ? [...digits].join(' ')
        : style === 'spaced-gap'
          ? `${[...date].join(' ')}${gap}${[...last].join(' ')}`
          : style === 'grouped'
            ? `${(date.match(/\d{2}/g) ?? []).join(inner)}${gap}${last}`
            : `${date}${gap}${last}`;
    return { typed, secret: [digits, pnr.slice(2)] };
  });

/**
 * A Swedish mobile number in a disguise: country code without "+", odd gaps, "(0)" after nothing, braille blanks, the
 * digits after the area code typed one by one ("070 1 2 3 4 5 6 7").
 */
export const disguisedPhone = fc
  .record({
    operator: fc.constantFrom('70', '72', '73', '76', '79'),
    rest: digits(7),
    gap: fc.constantFrom(...GAPS.filter((g) => g !== ':'), ...LONG_GAPS, ...SPACING, ...BREAKS),
    style: fc.constantFrom('46', 'national', 'zero-in-parens', 'plus', 'digit-by-digit'),
  })
  .map(({ operator, rest, gap, style }) => {
    const groups = [rest.slice(0, 3), rest.slice(3, 5), rest.slice(5)];
    const typed =
      style === '46'
        ? `46${operator}${rest}`
        : style === 'zero-in-parens'
          ? `(0)${operator}-${groups.join(' ')}`
          : style === 'plus'
            ? `+46${gap}${operator}${gap}${groups.join(gap)}`
            : style === 'digit-by-digit'
              ? `0${operator}${gap}${[...rest].join(gap === ',' ? ' ' : gap)}`
              : `0${operator}${gap}${groups.join(gap)}`;
    return { typed, secret: [`0${operator}${rest}`, `${operator}${rest}`] };
  });

const LOCAL = fc.constantFrom('anna.lind', 'karin_holm', 'b.ek', 'lars-olof.svensson');
const DOMAIN = fc.constantFrom('vgregion.se', 'example.org', 'mail.sahlgrenska.se');
/** An e-mail address with "@" and the domain's dots written otherwise, their spaces doubled, tabs or line breaks. */
export const disguisedEmail = fc
  .record({
    local: LOCAL,
    domain: DOMAIN,
    at: fc.constantFrom(
      '@',
      ' @ ',
      '(at)',
      ' (at) ',
      '[at]',
      '\uff20',
      '\ufe6b',
      '(At)',
      '[@]',
      '(@)',
      '@@',
      ' at ',
      ' AT ',
      ' snabel-a ',
      ' (snabel-a) ',
    ),
    dot: fc.constantFrom('.', '.', ' . ', ' dot ', ' (punkt) ', '(DOT)'),
    gap: fc.constantFrom(...SPACING, ...BREAKS),
  })
  .map(({ local, domain, at, dot, gap }) => ({
    typed: `${local}${at}${domain.replaceAll('.', dot)}`.replaceAll(' ', gap),
    secret: [local, `${local.split(/[._-]/)[0]}${at.trim()}`],
  }));

const STREET = fc.constantFrom('Storgatan', 'Kvarnvägen', 'Lilla Torget', 'Björkallén', 'Norra Allégatan', 'Ekbacken');
const TOWN = fc.constantFrom('Göteborg', 'Borås', 'Uddevalla', 'Skövde', '');
/**
 * A street address with a postcode, as people write it: on one line or two, a number range, "411-38", the spaces
 * doubled or tabs.
 */
export const address = fc
  .record({
    street: STREET,
    number: fc.integer({ min: 1, max: 250 }),
    to: fc.constantFrom(0, 0, 2, 4),
    letter: fc.constantFrom('', 'B', ' C'),
    postcode: fc.integer({ min: 10_000, max: 98_999 }),
    split: fc.constantFrom('', ' ', ' ', '-'),
    comma: fc.constantFrom(', ', ' ', ' , ', '\n', '\t', ',\n', ',     ', '  \n  '),
    town: TOWN,
    gap: space,
  })
  .map((a) => {
    const code = String(a.postcode);
    const postcode = a.split ? `${code.slice(0, 3)}${a.split}${code.slice(3)}` : code;
    const number = a.to ? `${a.number}-${a.number + a.to}` : `${a.number}${a.letter}`;
    const typed = `${a.street} ${number}${a.comma}${postcode}${a.town ? ` ${a.town}` : ''}`.replaceAll(' ', a.gap);
    // Five digits alone are no one's (and occur inside any long number): the postcode counts with its split or town.
    const secret = [`${a.street.split(' ').at(-1)}${a.gap}${a.number}`];
    if (a.split || a.town) secret.push(`${postcode}${a.town ? ` ${a.town}` : ''}`.replaceAll(' ', a.gap));
    return { typed, secret };
  });

const FIRST = fc.constantFrom('Karin', 'Per', 'Åsa', 'Lars-Olof', 'Maria');
const SURNAME = fc.constantFrom('Lindqvist', 'Lind', 'Ek', 'Öhman', 'Al-Sayed', 'McDonald');
/**
 * A name where the text marks it as one, each in its own line of a message: after a greeting or thanks, in a sign-off
 * block over one to three lines, after a slash, with an age or a birth year, after "Jag heter". The words are apart by
 * spaces doubled, tabs or runs, and by a line break where the text goes on on the next line.
 */
export const markedName = fc
  .record({
    first: FIRST,
    other: FIRST,
    last: SURNAME,
    g: space,
    l: lineOrSpace,
    form: fc.constantFrom(
      'greeting',
      'greeting-two',
      'sign-off',
      'sign-off-block',
      'thanks',
      'slash',
      'slash-title',
      'age',
      'age-parens',
      'birth',
      'introduction',
    ),
  })
  .map(({ first, other, last, g, l, form }) => {
    const forms: Record<typeof form, [string, string[]]> = {
      greeting: [`Hej${l}${first}!`, [first]],
      'greeting-two': [`Hej${g}${first}${g}och${g}${other}!`, [first, other]],
      'sign-off': [`Mvh${l}${first}${g}${last}`, [first, last]],
      'sign-off-block': [`Hälsningar${l}${first}${l}${last}${l}Sjuksköterska${g}IVA`, [first, last]],
      thanks: [`Tack${g}på${g}förhand!${l}${first}${g}${last}`, [first, last]],
      slash: [`/${first}${g}${last}`, [first, last]],
      'slash-title': [`//${g}${first}${g}${last}${g}ssk${g}IVA`, [first, last]],
      age: [`Vad gäller för ${last}${g}72${g}år?`, [last]],
      'age-parens': [`${first}${g}${last}${l}(72)${g}undrar`, [first, last]],
      birth: [`${first}${g}${last}${l}(f.${g}1950)${g}undrar`, [first, last]],
      introduction: [`Jag${g}heter${g}${first}${g}${last}${g}och undrar`, [first, last]],
    };
    const [typed, secret] = forms[form];
    return { typed, secret };
  });

/**
 * The second review's way past the guard: e-mail addresses of about 260 characters each (redaction makes each
 * "[e-post]"), `count` of them, then `tail`. 31 of them reach past the 8,000 characters the guard reads.
 */
export function longAddresses(count: number, tail: string, length = 64): string {
  const address = (i: number) =>
    `${'a'.repeat(length - 4)}${String(i).padStart(4, '0')}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(10)}.se`;
  return `${Array.from({ length: count }, (_, i) => address(i)).join(' ')} ${tail}`;
}

/**
 * Redaction of personal data before anything is stored or logged. Staff may paste these into a question; none of
 * them is ever needed to answer one. Two kinds:
 * - Contact data and numbers (`redactContacts`): Swedish personnummer and samordningsnummer, Swedish phone numbers,
 *   e-mail addresses (also "anna(at)vgregion.se", "anna @ vgregion.se") and street addresses with a postcode. The
 *   guard reads text with these redacted, so that the writer's own number is not read as a patient's.
 * - Names where the text itself says they are names (`redact`, which does both): the name in a greeting or a
 *   sign-off ("Hej Karin!", "/Karin", "Mvh Karin Lind", "Hälsningar, Anna"), a surname with an age ("Lind (72)",
 *   "Lind, 72 år") and a name with a birth year ("Karin född 1950", "Karin Lind f. 1950"). The name becomes "[namn]";
 *   the words around it stay.
 *
 * Numbers are read in two ways. The forms people type (groups separated by nothing, a space, a hyphen, a dash, a dot
 * or a slash, with or without spaces around it, a century or not, "(070)" and "+46 (0)") are redacted whatever
 * their digits: a personnummer with a typing error is still someone's. Then any run of digit groups with short gaps
 * of anything but letters and digits between them ("19650312--1234", "650312 · 1234", "1 9 6 5 0 3 1 2 1 2 3 4",
 * "(0)70-123 45 67", "46701234567") is read as one number. Ten or twelve digits of it that form a date are a
 * personnummer or samordningsnummer when they keep the personnummer's shape (the date, a gap, four digits), whatever
 * their checksum, again because a typing error leaves the number personal; in any other grouping ("1 9 6 5 …",
 * "1965 0312 12 34") they must also pass the personnummer checksum (Luhn), which keeps lists of numbers from
 * being read as one. A run that starts like a Swedish phone number and has its length is a phone number.
 *
 * Every pattern is bounded and starts only where a word or number starts, and the digit runs are read once, so
 * the cost is linear in the text's length. Redact first, cut after: a number split by a length cut no longer looks
 * like a number (see `redactThenCut`).
 */

// White space between groups: spaces of every width, a tab or a line break (clean.ts unifies most of them first).
const WS = String.raw`[ \t\n\r\u00a0\u2009\u202f]`;
// A separator between groups of digits: nothing, white space, or a hyphen, dash, minus, dot or slash with optional
// white space.
const SEP = String.raw`(?:${WS}{0,3}[-\u2010-\u2014\u2212./]${WS}{0,3}|${WS}{1,3})?`;
// Before the last four digits "+" also occurs (a person over 100 years old).
const LAST = String.raw`(?:${WS}{0,3}[-\u2010-\u2014\u2212./+]${WS}{0,3}|${WS}{1,3})?`;
const MONTH = '(?:0[1-9]|1[0-2])';
// Day 61-91 is a samordningsnummer (day + 60).
const DAY = '(?:0[1-9]|[12]\\d|3[01]|6[1-9]|[78]\\d|9[01])';
const PERSONNUMMER = new RegExp(String.raw`(?<!\d)(?:19|20)?\d{2}${SEP}${MONTH}${SEP}${DAY}${LAST}\d{4}(?!\d)`, 'g');
// A phone number: an international prefix (+46 / 0046, optionally "(0)"), "(0xx)" or 0 with an area code, then 2-5
// more groups of digits. Every quantifier is bounded and a match cannot start inside a run of digits, so the cost
// stays linear in the text's length. Numbers written with +46 or "(0xx)" are phone numbers whatever their digits,
// so they go first (but not a "0046" inside a number already begun, "070-00460000"); a bare 0701234567 is also a
// valid personnummer and is redacted as one or the other.
const GROUPS = String.raw`(?:${WS}{0,2}[-\u2010-\u2014\u2212./]?${WS}{0,2}\d{1,4}){2,5}(?!\d)`;
const PHONE_INTERNATIONAL = new RegExp(
  String.raw`(?<![\w+(])(?:(?:\+|(?<!\d[-\u2010-\u2014\u2212./ \t]{1,3})00)46${WS}{0,2}(?:\(0\)${WS}{0,2})?[-\u2010-\u2014\u2212.]?\d{1,3}|\(0\d{1,3}\))${GROUPS}`,
  'g',
);
const PHONE = new RegExp(String.raw`(?<![\w+(])0\d{1,3}${GROUPS}`, 'g');
// Bounded as RFC 5321 bounds them (64 before @, 255 after): unbounded, a long run of letters costs quadratic time.
// "@" may be written "(at)" or "[at]", with spaces around it, and a dot in the domain "(dot)".
const AT = String.raw`(?:@|\((?:at|AT)\)|\[(?:at|AT)\]|\{(?:at|AT)\})`;
const DOT = String.raw`(?:\.|${WS}?\((?:dot|DOT|punkt)\)${WS}?)`;
const EMAIL = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}${WS}{0,3}${AT}${WS}{0,3}(?:[\p{L}\p{N}-]{1,63}${DOT}){1,6}\p{L}{2,24}(?!\p{L})`,
  'gu',
);
const MAYBE_EMAIL = /@|[([{](?:at|AT)[)\]}]/;

// A street name: a word ending as Swedish street names end ("Storgatan", "Kungsportsavenyen", "Norra vägen"),
// then the number (with a letter or a flat number), then a postcode, then the town if it is written capitalised.
const STREET_END = `(?:${[
  'gatan',
  'gata',
  'vägen',
  'väg',
  'gränd',
  'gränden',
  'torget',
  'torg',
  'stigen',
  'backen',
  'allén',
  'allé',
  'leden',
  'platsen',
  'plan',
  'esplanaden',
  'promenaden',
  'avenyen',
  'kajen',
  'liden',
  'parken',
  'stråket',
]
  .map((end) => `[${end[0]}${end[0]?.toUpperCase()}]${end.slice(1)}`)
  .join('|')})`;
const ADDRESS = new RegExp(
  String.raw`(?<!\p{L})(?:\p{Lu}\p{Ll}{1,20} )?\p{L}{0,30}${STREET_END} \d{1,4}(?: ?[A-Za-z](?!\p{L}))?(?:,? ?(?:lgh|Lgh|lägenhet) ?\d{1,5})?,? {0,2}(?:SE-? ?)?\d{3} ?\d{2}(?!\d)(?: \p{Lu}\p{Ll}{1,30}(?:-\p{Lu}?\p{Ll}{1,30})?)?`,
  'gu',
);

export const REDACTED = {
  personnummer: '[personnummer]',
  phone: '[telefon]',
  email: '[e-post]',
  address: '[adress]',
  name: '[namn]',
} as const;

/** The text with personal data replaced by placeholders such as "[personnummer]" and "[namn]". */
export function redact(text: string): string {
  return redactNames(redactContacts(text));
}

/** The text with numbers, e-mail and street addresses replaced by placeholders, names left as written. */
export function redactContacts(text: string): string {
  const out = (MAYBE_EMAIL.test(text) ? text.replace(EMAIL, REDACTED.email) : text)
    .replace(ADDRESS, REDACTED.address)
    .replace(PHONE_INTERNATIONAL, phone)
    .replace(PERSONNUMMER, REDACTED.personnummer)
    .replace(PHONE, phone);
  return /\d[^\p{L}\p{N}]{1,4}\d|\d{9}/u.test(out) ? redactDigitRuns(out) : out;
}

/** The longest text one match can span (an e-mail address at its bounds; numbers and names are shorter). */
const SPAN = 600;

/** A phone-shaped match is redacted when it has as many digits as a Swedish number (8 to 15 with a prefix). */
function phone(match: string): string {
  const digits = match.replace(/\D/g, '').length;
  return digits >= 8 && digits <= 15 ? REDACTED.phone : match;
}

/** Up to this many characters that are neither letters nor digits may stand between two groups of one number. */
const GAP = 4;

/**
 * Numbers in disguise (see the module comment): digit groups with gaps of at most GAP characters that are not
 * letters or digits form one run. In each run, ten or twelve digits from the start of one group to the end of
 * another that form a valid personnummer are redacted; a run that is none and starts like a Swedish phone number,
 * with its length, is redacted whole.
 */
function redactDigitRuns(text: string): string {
  const groups = [...text.matchAll(/\d+/g)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, digits: m[0] }));
  const cuts: [number, number, string][] = [];
  let first = 0;
  while (first < groups.length) {
    let last = first;
    while (last + 1 < groups.length) {
      const a = groups[last] as (typeof groups)[number];
      const b = groups[last + 1] as (typeof groups)[number];
      // Letters end a number, and so does punctuation with a space after it: "2021-03-12, 2021-04-15" is a list.
      if (b.start - a.end > GAP || /[\p{L}\p{N}]|[,;.!?]\s/u.test(text.slice(a.end, b.start))) break;
      last++;
    }
    const run = groups.slice(first, last + 1);
    const found = personnummerIn(run);
    for (const [s, e] of found) cuts.push([run[s]?.start as number, run[e]?.end as number, REDACTED.personnummer]);
    if (!found.length && run.length > 0) {
      const before = text[(run[0]?.start as number) - 1];
      const span = text.slice(run[0]?.start, run.at(-1)?.end);
      // A colon is a time of day ("08:00-16:30"), never inside a phone number.
      if (!span.includes(':') && phoneShaped(run.map((g) => g.digits).join(''), before === '+'))
        cuts.push([run[0]?.start as number, run.at(-1)?.end as number, REDACTED.phone]);
    }
    first = last + 1;
  }
  if (!cuts.length) return text;
  let out = '';
  let at = 0;
  for (const [start, end, mask] of cuts) {
    out += text.slice(at, start) + mask;
    at = end;
  }
  return out + text.slice(at);
}

/** The [first, last] group indexes of each valid personnummer in a run, left to right, twelve digits before ten. */
function personnummerIn(run: { digits: string }[]): [number, number][] {
  const out: [number, number][] = [];
  let s = 0;
  while (s < run.length) {
    let digits = '';
    let best = -1;
    for (let e = s; e < run.length && digits.length < 12; e++) {
      digits += run[e]?.digits;
      // The date, a gap, then the last four, or the whole run spaced digit by digit: the personnummer's own
      // shape, read whatever the checksum.
      const shaped = (e > s && run[e]?.digits.length === 4) || (s === 0 && e === run.length - 1 && run.every((g) => g.digits.length === 1));
      if ((digits.length === 10 || digits.length === 12) && validPersonnummer(digits, !shaped)) best = e;
    }
    if (best >= 0) {
      out.push([s, best]);
      s = best + 1;
    } else s++;
  }
  return out;
}

/**
 * Ten digits (or twelve with the century 19 or 20) that are a date, or a samordningsnummer's (day + 60), and (unless
 * `checksum` is false) pass the personnummer's Luhn checksum.
 */
export function validPersonnummer(digits: string, checksum = true): boolean {
  if (!/^\d{10}(?:\d{2})?$/.test(digits)) return false;
  if (digits.length === 12 && !/^(?:19|20)/.test(digits)) return false;
  const ten = digits.slice(-10);
  const month = Number(ten.slice(2, 4));
  const day = Number(ten.slice(4, 6));
  if (month < 1 || month > 12 || !((day >= 1 && day <= 31) || (day >= 61 && day <= 91))) return false;
  if (!checksum) return true;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = Number(ten[i]) * (i % 2 === 0 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  return sum % 10 === 0;
}

/**
 * A Swedish phone number's digits: 0 and an area code with 8 to 10 digits in all, or the country code 46 (written
 * "+46", "0046" or bare) with the rest, "(0)" allowed after it.
 */
function phoneShaped(digits: string, plus: boolean): boolean {
  if (/^0046/.test(digits)) return digits.length >= 12 && digits.length <= 15;
  if (/^46/.test(digits)) return digits.length >= 10 && digits.length <= 13;
  if (plus) return false;
  // Nine or ten: eight digits in disguise are as often two times of day ("08:00-16:30").
  return /^0[1-9]/.test(digits) && digits.length >= 9 && digits.length <= 10;
}

// Names

/** A word written as a name: a capital, then small letters ("Karin", "Lind", "Lind-Ek", "O'Neil"). */
const NAME = String.raw`\p{Lu}\p{Ll}{1,30}(?:[-'’]\p{Lu}?\p{Ll}{1,30})?`;
/** Case-insensitive source for a phrase, without the `i` flag (under it, \p{Lu} would match small letters too). */
const anyCase = (phrase: string) =>
  [...phrase].map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c === '.' ? '\\.' : c)).join('');
const GREETINGS = [
  'hej',
  'hejsan',
  'hallå',
  'tjena',
  'tjenare',
  'tja',
  'god morgon',
  'god dag',
  'god eftermiddag',
  'god kväll',
  'kära',
  'bästa',
  'hello',
  'hi',
  'hey',
  'dear',
];
// Closings that a name follows in any case ("mvh karin"), and thanks, after which only a capitalised name counts.
const SIGN_OFFS = [
  'mvh',
  'm.v.h.',
  'm.v.h',
  'med vänlig hälsning',
  'med vänliga hälsningar',
  'vänlig hälsning',
  'vänliga hälsningar',
  'hälsningar',
  'hälsning',
  'hälsar',
  'kram',
  'kramar',
  'best regards',
  'kind regards',
  'regards',
  'br',
  'cheers',
];
const THANKS = ['tack', 'tack på förhand', 'tack i förväg', 'tusen tack', 'stort tack', 'tack så mycket', 'thanks', 'thank you'];
/** Words that are never a person (compared in lower case): pronouns, the bot, patient words, greetings and closings. */
const NOT_NAMES = new Set(
  [
    ...'jag du han hon vi ni de den det man min mitt mina vår vårt våra alla allihop allihopa faktabot faktaboten boten bot patienten patient pat kollegan kollegor kollegorna teamet gänget igen där och på team gruppen support supporten'.split(
      ' ',
    ),
    ...[...GREETINGS, ...SIGN_OFFS, ...THANKS].flatMap((p) => p.split(' ')),
  ].map((w) => w.toLocaleLowerCase('sv-SE')),
);

const longestFirst = (xs: string[]) =>
  [...xs]
    .sort((a, b) => b.length - a.length)
    .map(anyCase)
    .join('|');
/** Where a name ends: the end of the text or line, or punctuation. */
const NAME_END = String.raw`(?=[ \t]*(?:$|\n|[,.!:;)]))`;
const ANY_WORD = String.raw`\p{L}[\p{L}'’-]{0,30}`;
const GREETING_NAME = new RegExp(
  String.raw`(?<=(?:^|[.!?\n])[ \t]{0,3}(?:${longestFirst(GREETINGS)})[,!]?[ \t]{1,3})(${NAME}(?: ${NAME})?|\p{Ll}{2,30})${NAME_END}`,
  'gu',
);
const SIGN_OFF_NAME = new RegExp(
  String.raw`(?<=(?<!\p{L})(?:${longestFirst(SIGN_OFFS)})[,.!:]?\s{1,3})(${ANY_WORD}(?: ${ANY_WORD}){0,2})${NAME_END}`,
  'gmu',
);
const THANKS_NAME = new RegExp(
  String.raw`(?<=(?<!\p{L})(?:${longestFirst(THANKS)})[,.!:]?\s{1,3})(${NAME}(?: ${NAME}){0,2})${NAME_END}`,
  'gmu',
);
// "/Karin", "// Björn", "/K" at the end of the text or of a line.
const SLASH_NAME = new RegExp(String.raw`(?<=(?:^|\s)\/{1,2})(${ANY_WORD}(?: ${ANY_WORD})?)(?=[ \t]*(?:$|\n))`, 'gu');
// "Lind (72)", "Karin Lind (72 år)", "Lind, 72 år", "Lind, 72-årig".
const NAME_WITH_AGE = new RegExp(
  String.raw`(?<!\p{L})(${NAME}(?: ${NAME})?)(?= ?\( ?\d{1,3}(?: ?år)? ?\)|, ?\d{1,3} ?-?(?:år|årig|åring)(?!\p{L}))`,
  'gu',
);
// "Karin född 1950", "Karin Lind f. 1950", "Lind, född 3 maj 1950".
const NAME_WITH_BIRTH_YEAR = new RegExp(
  String.raw`(?<!\p{L})(${NAME}(?: ${NAME}){0,2})(?=,? (?:född|f\.?)(?: den)? (?:\d{1,2}(?:\/\d{1,2}|\.? \p{L}{3,9}) )?(?:19|20)\d{2}(?!\d))`,
  'gu',
);

/** Names the text marks as names (see the module comment) become "[namn]"; words in NOT_NAMES are kept. */
export function redactNames(text: string): string {
  // Leading words that are never names stay: "Patienten Lind (72)" is "Patienten [namn] (72)".
  const mask = (found: string) => {
    const ws = found.split(' ');
    let keep = 0;
    while (keep < ws.length && NOT_NAMES.has((ws[keep] as string).toLocaleLowerCase('sv-SE'))) keep++;
    return keep === ws.length ? found : [...ws.slice(0, keep), REDACTED.name].join(' ');
  };
  return text
    .replace(GREETING_NAME, mask)
    .replace(SIGN_OFF_NAME, mask)
    .replace(THANKS_NAME, mask)
    .replace(SLASH_NAME, mask)
    .replace(NAME_WITH_AGE, mask)
    .replace(NAME_WITH_BIRTH_YEAR, mask);
}

/**
 * Redacts, then cuts to `max` characters (with "…" when cut). Cutting first could split a personnummer into a part
 * that no longer looks like one and so survives.
 */
export function redactThenCut(text: string, max: number): string {
  // Only the start of a long text can reach the cut, so a long text's start is redacted alone when that gives the
  // same result: no match spans more than SPAN characters nor grows more than threefold ("Bo" -> "[namn]"), so once
  // the redacted start is 3 × SPAN longer than the cut, what the end of the start became lies past the cut.
  const room = 4 * max + 3 * SPAN;
  if (text.length > room) {
    const start = redact(text.slice(0, room));
    if (start.length >= max + 3 * SPAN) return `${start.slice(0, max)}…`;
  }
  const safe = redact(text);
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}

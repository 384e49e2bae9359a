/**
 * Redaction of personal data before anything is stored or logged. Staff may paste these into a question; none of
 * them is ever needed to answer one. Three kinds:
 * - Contact data and numbers (`redactContacts`): Swedish personnummer and samordningsnummer, Swedish phone numbers,
 *   e-mail addresses (also "anna(at)vgregion.se", "anna [@] vgregion . se", "anna at vgregion dot se", "anna
 *   (snabel-a) vgregion.se", "anna.lind(a)vgregion.se", and without a top-level domain "anna.lind@vgregion") and
 *   street addresses with a postcode, on one line or two, whatever the street's name ("Björkslingan 12, 2 tr, 411 38
 *   Göteborg"). The guard reads text with these redacted, so that the writer's own number is not read as a patient's.
 * - Names where the text itself says they are names (`redact`, which does all three): the names in a greeting or a
 *   sign-off, whatever follows them ("Hej Karin och Per!", "Hej Karin 🙂 vad …", "/Karin", "// Karin Lindqvist ssk
 *   IVA", "Mvh Dr. Karin Lindqvist 070-…", "Hälsningar\nKarin\nLindqvist", "Hej, Maria Holmgren här", "-Karin"),
 *   after the writer's own introduction ("Jag heter Karin von Essen", "Jag är Karin Lindqvist, ssk", "Mitt namn är
 *   …", "Från: …", "Skickat av …"), a surname with an age ("Lind (72)", "Lind, 72 år", "LINDQVIST 72 år") and a name
 *   with a birth date or a personnummer, surname first and in capitals too ("Karin född 1950", "Lindqvist, Karin (f.
 *   1950)", "LINDQVIST, KARIN 19500312-1234"). The name becomes "[namn]"; the words around it stay.
 * - With the knowledge loaded (`useNameVocabulary`), also names nothing marks, read against the curated knowledge's
 *   own words (pages, answers and guard.yaml's properNouns, never the editable phrasings: "Millennium", "Cerner",
 *   "Östra", "Har": never a name) and the general Swedish word list: a listed first name
 *   anywhere with the capitalised words after it ("Har Karin Lindqvist fått …"); a run of two or more capitalised
 *   words or words in capitals, with a comma or name particles between them, holding a listed first name or a word
 *   the word list lacks ("Gunvald Brännström", "Gunvald Berg", "LINDQVIST, KARIN", "Gunvald von Brännström",
 *   "GunvaldBrännström"; a Swedish word opening a sentence is its first word, not a name); an initial with a
 *   capitalised word ("K. Berg"); a title with the capitalised words after it ("dr [namn]", the title kept); and the
 *   one or two words after a sign-off, a greeting or a slash that the word list lacks, in any case ("mvh gunvald
 *   brännström 🙂"); and one name word with a patient detail near it in its sentence, in either order: a room or bed
 *   with its number, an age or a birth date within a few words ("Lindqvist som ligger på sal 4", "På sal 4 ligger
 *   Lindqvist", "Lindqvist, 650312"), a listed diagnosis or health event after it, also as a compound's head
 *   ("Andersson har KOL", "… har bröstcancer", "… avled i natt"), or a patient word before it (`detailNames`, which
 *   the guard reads too). Other unknown capitalised pairs go too ("Capio Lundby", "PowerPoint"): rare in questions about the page,
 *   and what the engine answers is read before names are redacted.
 *
 * Everything but the digit runs below is read with every run of white space as one gap (`gapped`): two spaces, a
 * tab or a line break between the words or groups change nothing ("Storgatan  12,     411 38", "Karin Lind  (f.
 * 1950)", "10    01    01    0006"), and a line break counts where the text goes on on the next line (a greeting's
 * name, a sign-off block up to a blank line, the postcode, "(f. 1950)"). What is found is replaced in the text
 * itself, which keeps its own spacing and line breaks.
 *
 * Numbers are read in two ways. The forms people type (groups separated by nothing, a space, a hyphen, a dash, a dot
 * or a slash, with or without spaces around it, a century or not, "(070)" and "+46 (0)") are redacted whatever
 * their digits: a personnummer with a typing error is still someone's. Then any run of digit groups with short gaps
 * between them is read as one number: up to four characters that are not letters, digits or white space, and any
 * white space around them ("19650312--1234", "650312 · 1234", "811218     9876", "811218 / / 9876",
 * "1 9 6 5 0 3 1 2 1 2 3 4", "(0)70-123 45 67", "46701234567"). Ten or twelve digits of it that form a date are a
 * personnummer or samordningsnummer when they keep the personnummer's shape (the date, a gap, four digits), whatever
 * their checksum, again because a typing error leaves the number personal; in any other grouping ("1 9 6 5 …",
 * "1965 0312 12 34") they must also pass the personnummer checksum (Luhn), which keeps lists of numbers from
 * being read as one. Punctuation with a space after it ends a number ("2021-03-12, 2021-04-15"), except a date and
 * four digits that pass the checksum ("811218, 9876"). A run that starts like a Swedish phone number and has its
 * length is a phone number, as is the longest such part from a group that starts one ("070 1 2 3 4 5 6 7",
 * "070-123 45 67 12 13").
 *
 * Every pattern is bounded and starts only where a word or number starts, and the digit runs and the words of the
 * names nothing marks are read once, so the cost is linear in the text's length. Redact first, cut after: a number
 * split by a length cut no longer looks like a number (see `redactThenCut`).
 */
import { head } from './reach';

// White space between groups: spaces of every width, a tab or a line break (clean.ts unifies most of them first).
const WS = String.raw`[ \t\n\r\u00a0\u2009\u202f]`;
/** More white space than this in one run ends a number, an address, an e-mail address or a name (see SPAN). */
const GAP_SPACE = 32;
// A separator between groups of digits: nothing, white space, or a hyphen, dash, minus, dot or slash with optional
// white space.
const SEP = String.raw`(?:${WS}{0,3}[-\u2010-\u2014\u2212./]${WS}{0,3}|${WS}{1,3})?`;
// Before the last four digits "+" also occurs (a person over 100 years old).
const LAST = String.raw`(?:${WS}{0,3}[-\u2010-\u2014\u2212./+]${WS}{0,3}|${WS}{1,3})?`;
const MONTH = '(?:0[1-9]|1[0-2])';
// Day 61-91 is a samordningsnummer (day + 60).
const DAY = '(?:0[1-9]|[12]\\d|3[01]|6[1-9]|[78]\\d|9[01])';
// The century may stand apart too ("19 85 03 12 1234").
// A personnummer with its last four digits masked or mistyped as letters ("19811218-T123", "811218-XXXX"): the
// birth date is still someone's.
// Masked with "x" or "*" too ("650312-xxxx", "650312-12**"; "211218-abcd" is a version code). And the last four
// after "nr" ("19650312 nr 1003").
const MASKED_PERSONNUMMER = new RegExp(
  String.raw`(?<![\d\p{L}])(?:19|20)?\d{2}${MONTH}${DAY}(?:[-+](?:(?=[\dA-Z]{0,3}[A-Z])[\dA-Z]{4}|(?=[\dx*]{0,3}[x*])[\dx*]{4})(?![\d\p{L}*])|${WS}{1,3}(?:nr|nummer)\.?${WS}{1,3}\d{4}(?!\d))`,
  'gu',
);
const PERSONNUMMER = new RegExp(String.raw`(?<!\d)(?:(?:19|20)${SEP})?\d{2}${SEP}${MONTH}${SEP}${DAY}${LAST}\d{4}(?!\d)`, 'g');
// A phone number: an international prefix (+46 / 0046, optionally "(0)"; not a "0046" inside a number already
// begun, "070-00460000"), "(0xx)" or 0 with an area code, then 2-5 more groups of digits. Every quantifier is bounded
// and a match cannot start inside a run of digits, so the cost stays linear in the text's length.
const GROUPS = String.raw`(?:${WS}{0,2}[-\u2010-\u2014\u2212./]?${WS}{0,2}\d{1,4}){2,5}(?!\d)`;
const PHONE_INTERNATIONAL = new RegExp(
  String.raw`(?<![\w+(])(?:(?:\+|(?<!\d[-\u2010-\u2014\u2212./ \t]{1,3})00)46${WS}{0,2}(?:\(0\)${WS}{0,2})?[-\u2010-\u2014\u2212.]?\d{1,3}|\(0\d{1,3}\))${GROUPS}`,
  'g',
);
const PHONE = new RegExp(String.raw`(?<![\w+(])0\d{1,3}${GROUPS}`, 'g');
// Bounded as RFC 5321 bounds them (64 before @, 255 after): unbounded, a long run of letters costs quadratic time.
// "@" as typed or spelled, in any case: "@", "@@", "(at)", "[at]", "{at}", "<at>", "(@)", "[@]", "(snabel-a)",
// "(snabel a)", with white space around it, or the word "at" or "snabel-a" between white space (Swedish has no word
// "at"); and "(a)", "[a]" glued to both sides ("anna.lind(a)vgregion.se": spaced, "(a)" opens a list item).
const BRACKETED_AT = String.raw`[([{<]${WS}?(?:at|@|snabel[- ]?a)${WS}?[)\]}>]`;
const AT = `(?:${WS}{0,3}(?:@{1,2}|${BRACKETED_AT})${WS}{0,3}|[([{<]a[)\\]}>]|${WS}{1,3}(?:at|snabel[- ]?a)${WS}{1,3})`;
// A dot in the domain: ".", also with white space on both sides ("vgregion . se"), or spelled "(dot)", "dot",
// "punkt". A full stop with a space after it only ("… på vgregion. Se …") ends a sentence, not a domain.
const DOT = String.raw`(?:\.|${WS}{1,3}\.${WS}{1,3}|${WS}{0,3}[([{]${WS}?(?:dot|punkt)${WS}?[)\]}]${WS}{0,3}|${WS}{1,3}(?:dot|punkt)${WS}{1,3})`;
// An apostrophe belongs to the local part too ("o'neil@…").
const LOCAL_PART = String.raw`(?<![\p{L}\p{N}._%+'’-])[\p{L}\p{N}._%+'’-]{1,64}`;
const EMAIL = new RegExp(String.raw`${LOCAL_PART}${AT}(?:[\p{L}\p{N}-]{1,63}${DOT}){1,6}\p{L}{2,24}(?!\p{L})`, 'giu');
// Without a top-level domain ("anna.lind@vgregion", "anna.lind@vgregion. se"), the local part and "@" with one domain
// label: "@" glued to both, bracketed, or "snabel-a"; "@" spaced on both sides only after a local part with a dot or
// an underscore in it ("anna.lind @ vgregion", not "Möte @ Sahlgrenska"); never the word "at", nor "Hej @Karin".
const DOTTED_LOCAL_PART = String.raw`(?<![\p{L}\p{N}._%+-])(?=[\p{L}\p{N}%+-]{0,63}[._])[\p{L}\p{N}._%+-]{1,64}`;
const EMAIL_WITHOUT_TLD = new RegExp(
  String.raw`(?:${LOCAL_PART}(?:@{1,2}|${WS}{0,3}${BRACKETED_AT}${WS}{0,3}|${WS}{1,3}snabel[- ]?a${WS}{1,3})|${DOTTED_LOCAL_PART}${WS}{1,3}@{1,2}${WS}{1,3})[\p{L}\p{N}-]{1,63}(?![\p{L}\p{N}-])`,
  'giu',
);
const MAYBE_EMAIL = /@|[([{<]\s*(?:at|snabel)|[([{<]a[)\]}>]|\sat\s|snabel/i;

// A street name: a word ending as Swedish street names end ("Storgatan", "Kungsportsavenyen", "Norra vägen"),
// then the number (a range "12-14", with a letter or a flat number), then the postcode ("411 38", "41138", "411-38")
// after a comma or white space (a line break too: an address is often written on two lines), then the town if it
// is written capitalised.
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
// With a postcode after it, any word or two is a street ("Björkslingan 12", "Lilla Bommen 4", "SOLHAGEN 3",
// "björkslingan 12"), with a letter, a flat ("lgh 1102"), a floor ("2 tr", "3tr", "vån 2", "2:a vån"), an entrance
// ("ingång C") or "c/o" after the number, in any order; the postcode after a comma, semicolon, dash, slash, full
// stop, or the "|", "·" or "•" of a signature, "S-" or "SE-" before it.
const ADDRESS_DETAIL = String.raw`(?:[Ll][Gg][Hh]|[Ll]ägenhet) ?\d{1,5}|\d{1,2} ?(?:[Tt][Rr]|trappor|trappa)\.?|(?:[Vv]ån|[Vv]åning)\.? ?\d{1,2}|\d{1,2}(?::a|:e)? ?(?:vån|våning)\.?|[Ii]ngång [A-Za-z]|c\/o \p{L}{1,30}`;
const ADDRESS_BEFORE_POSTCODE = new RegExp(
  String.raw`(?<!\p{L})(?:\p{Lu}\p{L}{1,30}(?: \p{Lu}\p{L}{1,30})?|\p{Ll}{2,31}) [1-9]\d{0,3}(?!\d)(?: ?[-\u2013] ?\d{1,4})?(?: ?[A-Za-z](?:-[A-Za-z])?(?!\p{L}))?(?:,? ?(?:${ADDRESS_DETAIL})(?!\p{L})){0,3}${WS}{0,3}[,;\u2013/.(|\u00b7\u2022-]?${WS}{0,3}(?:SE?-? ?)?[1-9]\d{2}[ -]?\d{2}(?!\d)(?: \p{Lu}\p{L}{1,30}(?:-\p{Lu}?\p{L}{1,30})?)?`,
  'gu',
);
const ADDRESS = new RegExp(
  String.raw`(?<!\p{L})(?:\p{Lu}\p{Ll}{1,20} )?\p{L}{0,30}${STREET_END} \d{1,4}(?: ?[-\u2013] ?\d{1,4})?(?: ?[A-Za-z](?!\p{L}))?(?:,? ?(?:lgh|Lgh|lägenhet) ?\d{1,5})?${WS}{0,3}[,;\u2013|\u00b7\u2022]?${WS}{0,3}(?:SE?-? ?)?\d{3}[ -]?\d{2}(?!\d)(?: \p{Lu}\p{Ll}{1,30}(?:-\p{Lu}?\p{Ll}{1,30})?)?`,
  'gu',
);

/** What stands for the words taken from a text that speaks of someone's health (onlyCommonWords). */
export const REDACTED_WORDS = '[…]';

export const REDACTED = {
  personnummer: '[personnummer]',
  phone: '[telefon]',
  email: '[e-post]',
  address: '[adress]',
  name: '[namn]',
} as const;

/**
 * The text with personal data replaced by placeholders such as "[personnummer]" and "[namn]". `shapes` only: names
 * read from their shape and what stands beside them, keeping capitalised words no rule reads as a name (for an
 * answer a communicator writes, where the grounding check says which word the page does not write).
 */
export function redact(text: string, options: { shapes?: boolean } = {}): string {
  return redactNames(redactContacts(text), options);
}

/** The text with numbers, e-mail and street addresses replaced by placeholders, names left as written. */
export function redactContacts(text: string): string {
  const out = replaceGapped(text, MAYBE_EMAIL.test(text) ? CONTACT_RULES : PLAIN_CONTACT_RULES);
  return /\d[^\p{L}\p{N}]+\d|\d{9}/u.test(out) ? redactDigitRuns(out) : out;
}

/**
 * The longest text one match and what it looks ahead at can span: a signature block or an e-mail address at their
 * bounds, each of their gaps a run of GAP_SPACE white space (numbers are shorter).
 */
const SPAN = 2_000;

// Reading with gaps

/**
 * A text read with each run of white space as one gap: spaces and tabs as one space, a run with one line break as
 * "\n", with more as "\n\n" (a blank line still ends a block). A run longer than GAP_SPACE stays as it is, so that
 * no match spans more than SPAN. `from` and `to` give, for each character of the reading, where it starts and ends in
 * the text; without them the reading is the text.
 */
interface Gapped {
  read: string;
  from?: Int32Array;
  to?: Int32Array;
}

// A run of two or more, or one that is not a plain space or line break: the text needs a reading of its own.
const WS_RUN = new RegExp(String.raw`${WS}{2}|[\t\r\u00a0\u2009\u202f]`);
const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0 || c === 0x2009 || c === 0x202f;

function gapped(text: string): Gapped {
  if (!WS_RUN.test(text)) return { read: text };
  const from = new Int32Array(text.length);
  const to = new Int32Array(text.length);
  const parts: string[] = [];
  let n = 0;
  let i = 0;
  while (i < text.length) {
    let j = i;
    let breaks = 0;
    while (j < text.length && isSpace(text.charCodeAt(j))) if (text.charCodeAt(j++) === 10) breaks++;
    if (j > i && j - i <= GAP_SPACE) {
      const gap = breaks === 0 ? ' ' : breaks === 1 ? '\n' : '\n\n';
      parts.push(gap);
      for (let k = 0; k < gap.length; k++, n++) {
        from[n] = i;
        to[n] = j;
      }
    } else {
      while (j < text.length && !isSpace(text.charCodeAt(j))) j++;
      parts.push(text.slice(i, j));
      for (let k = i; k < j; k++, n++) {
        from[n] = k;
        to[n] = k + 1;
      }
    }
    i = j;
  }
  return { read: parts.join(''), from, to };
}

/**
 * A pattern read with gaps; where in a match (at `at` in the reading) the replaced part begins, or undefined to keep
 * the match; and the placeholder.
 */
type GappedRule = [pattern: RegExp, start: (found: string, at: number, read: string) => number | undefined, mask: string];

/**
 * Replaces what the rules find in the text read with gaps (`gapped`), read once for all of them, in the text itself:
 * the words around keep their own spacing and line breaks. Finds that overlap become one, with the placeholder of
 * the one that starts first (of the first rule when they start together).
 */
function replaceGapped(text: string, rules: readonly GappedRule[]): string {
  const { read, from, to } = gapped(text);
  const found: [begin: number, end: number, mask: string][] = [];
  for (const [pattern, start, mask] of rules)
    for (const m of read.matchAll(pattern)) {
      const skip = start(m[0], m.index, read);
      if (skip === undefined) continue;
      const s = m.index + skip;
      const e = m.index + m[0].length;
      found.push([from ? (from[s] as number) : s, to ? (to[e - 1] as number) : e, mask]);
    }
  if (!found.length) return text;
  found.sort((x, y) => x[0] - y[0]);
  let out = '';
  let at = 0;
  for (const [begin, end, mask] of found) {
    if (end <= at) continue;
    if (begin < at) {
      at = end;
      continue;
    }
    out += text.slice(at, begin) + mask;
    at = end;
  }
  return out + text.slice(at);
}

const whole = () => 0;
// Numbers written with +46 or "(0xx)" are phone numbers whatever their digits, so they go first; a bare 0701234567 is
// also a valid personnummer and is redacted as one.
const PLAIN_CONTACT_RULES: GappedRule[] = [
  [ADDRESS, whole, REDACTED.address],
  [ADDRESS_BEFORE_POSTCODE, whole, REDACTED.address],
  [PHONE_INTERNATIONAL, phone, REDACTED.phone],
  [PERSONNUMMER, whole, REDACTED.personnummer],
  [MASKED_PERSONNUMMER, whole, REDACTED.personnummer],
  [PHONE, phone, REDACTED.phone],
];
const CONTACT_RULES: GappedRule[] = [[EMAIL, whole, REDACTED.email], [EMAIL_WITHOUT_TLD, whole, REDACTED.email], ...PLAIN_CONTACT_RULES];

// Where a phone-shaped match could go on: another group as GROUPS reads one.
const MORE_GROUPS = new RegExp(String.raw`^${WS}{0,2}[-\u2010-\u2014\u2212./]?${WS}{0,2}\d`);

/**
 * A phone-shaped match is redacted when it has as many digits as a Swedish number (8 to 15 with a prefix). A match
 * that stops at the five groups GROUPS reads while the number goes on ("070 1 2 3 4 5 6 7", typed digit by digit) is
 * left whole to the digit runs (redactDigitRuns), which read every group of it.
 */
function phone(match: string, at: number, read: string): number | undefined {
  const end = at + match.length;
  if (MORE_GROUPS.test(read.slice(end, end + 8))) return undefined;
  const digits = match.replace(/\D/g, '').length;
  return digits >= 8 && digits <= 15 ? 0 : undefined;
}

/**
 * Up to this many characters that are neither letters, digits nor white space may stand between two groups of one
 * number ("--", "/ /", three emoji); white space around and between them counts as nothing, up to GAP_SPACE of it.
 */
const GAP = 4;
// Marks and emoji modifiers belong to the character before them (an emoji with its skin tone is one).
const MODIFIER = /[\p{M}\p{Emoji_Modifier}]/u;
const SPACE = /\s/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
// Punctuation with a space after it ends a number: "2021-03-12, 2021-04-15" is a list.
const LIST_BREAK = /[,;.!?]\s/;

type Group = { start: number; end: number; digits: string };

/** Whether the text between two digit groups is a gap inside one number (see GAP); read up to its bounds only. */
function joins(text: string, from: number, to: number): boolean {
  let marks = 0;
  let spaces = 0;
  for (let i = from; i < to; i++) {
    const cp = text.codePointAt(i) as number;
    if (cp > 0xffff) i++;
    // ASCII first, without a regular expression: most gaps are spaces and punctuation.
    const space = cp < 128 ? cp === 32 || (cp >= 9 && cp <= 13) : SPACE.test(String.fromCodePoint(cp));
    if (space) {
      if (++spaces > GAP_SPACE) return false;
      continue;
    }
    const ch = String.fromCodePoint(cp);
    if (cp < 128 ? /[A-Za-z0-9]/.test(ch) : LETTER_OR_DIGIT.test(ch)) return false;
    if ((cp < 128 || !MODIFIER.test(ch)) && ++marks > GAP) return false;
  }
  return true;
}

/**
 * Numbers in disguise (see the module comment): digit groups with gaps that `joins` accepts form a run, and
 * punctuation with a space after it ends one, except between a date and four digits that end the run and make a
 * personnummer with a valid checksum ("811218, 9876"). In each run, ten or twelve digits from the start of one group
 * to the end of another that form a valid personnummer are redacted; a run that is none and starts like a Swedish
 * phone number, with its length, is redacted whole.
 */
function redactDigitRuns(text: string): string {
  const groups: Group[] = [...text.matchAll(/\d+/g)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, digits: m[0] }));
  // Whether group i and the next are in one number as far as their gap goes (no list break considered).
  const near = groups.map((g, i) => {
    const next = groups[i + 1];
    return next !== undefined && joins(text, g.end, next.start);
  });
  const listBreak = (i: number) => LIST_BREAK.test(text.slice((groups[i] as Group).end, (groups[i + 1] as Group).start));
  const cuts: [number, number, string][] = [];
  let first = 0;
  while (first < groups.length) {
    let last = first;
    while (last + 1 < groups.length && near[last] && (!listBreak(last) || dateThenLastFour(groups, first, last))) last++;
    const run = groups.slice(first, last + 1);
    const found = personnummerIn(run);
    for (const [s, e] of found) cuts.push([run[s]?.start as number, run[e]?.end as number, REDACTED.personnummer]);
    if (!found.length)
      for (const [s, e] of phonesIn(run, text[(run[0]?.start ?? 0) - 1] === '+', text))
        cuts.push([run[s]?.start as number, run[e]?.end as number, REDACTED.phone]);
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

  /**
   * Whether the groups up to `last` end in a date (six or eight digits) and the groups after the list break are the
   * four digits that end the number ("9876", "9 8 7 6") and complete a personnummer with a valid checksum: then the
   * list break is no break.
   */
  function dateThenLastFour(all: Group[], from: number, last: number): boolean {
    let four = '';
    for (let i = last + 1; four.length < 4; i++) {
      four += (all[i] as Group).digits;
      if (four.length === 4 && near[i] && !listBreak(i)) return false;
      if (four.length < 4 && !(near[i] && !listBreak(i))) return false;
    }
    if (four.length !== 4) return false;
    let date = '';
    for (let i = last; i >= from && date.length < 8; i--) {
      date = (all[i] as Group).digits + date;
      if ((date.length === 6 || date.length === 8) && validPersonnummer(date + four)) return true;
    }
    return false;
  }
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
 * The [first, last] group indexes of each phone number in a run: the whole run ("0 7 0 1 2 3 4 5 6 7"), else, from
 * each group written as a number's start (an area code "070", "08", "0520", or "46", "0046"), the longest part that
 * is one ("070 1 2 3 4 5 6 7 8", "070-123 45 67 12 13": a number and other numbers after it). `plus` says a "+" stands
 * before the run. A colon is a time of day ("08:00-16:30"), never inside a phone number.
 */
function phonesIn(run: Group[], plus: boolean, text: string): [number, number][] {
  const last = run.length - 1;
  const colonAfter = (i: number) => i < last && text.slice(run[i]?.end, run[i + 1]?.start).includes(':');
  if (!run.some((_, i) => colonAfter(i)) && phoneShaped(run.map((g) => g.digits).join(''), plus)) return [[0, last]];
  const out: [number, number][] = [];
  let s = 0;
  while (s <= last) {
    let best = -1;
    if (/^(?:0\d{1,3}|(?:00)?46)$/.test(run[s]?.digits as string)) {
      let digits = '';
      for (let e = s; e <= last && digits.length <= 15; e++) {
        digits += run[e]?.digits;
        if (phoneShaped(digits, plus && s === 0)) best = e;
        if (colonAfter(e)) break;
      }
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

// Names, read with gaps (see `gapped`): a horizontal gap is one space, and a line break is "\n" where a name may
// go on on the next line (after a greeting, in a sign-off block, before "(f. 1950)").

/** A word written as a name: a capital, then small letters ("Karin", "Lind", "Lind-Ek", "O'Neil", "McDonald"). */
const NAME = String.raw`\p{Lu}\p{Ll}{1,30}(?:[-'’]?\p{Lu}\p{Ll}{1,30}|[-'’]\p{Ll}{1,30})?`;
/** A name written in capitals ("LINDQVIST", "PIA"), as patient systems print it ("LINDQVIST, KARIN"). */
const CAPS_NAME = String.raw`\p{Lu}{2,30}(?:-\p{Lu}{2,30})?(?!\p{L})`;
/** A word of a name in a row of them: written as a name or in capitals. */
const ANY_NAME = `(?:${NAME}|${CAPS_NAME})`;
/** A name as a row of name words, surname first with a comma too ("Karin Lind", "Lind, Karin", "LIND, KARIN"). */
const FULL_NAME = `${ANY_NAME}(?:,? ${ANY_NAME}|,${ANY_NAME}){0,2}`;
// Titles and particles inside a name ("Dr. Karin Lind", "Karin von Essen", "Ali al-Hassan", "K. Lind").
const TITLE = String.raw`(?:(?:[Ll]eg\. ?)?(?:[Dd]r\.?|[Dd]oktor|[Ss]yster|[Pp]rof\.?|[Pp]rofessor|[Öö]verläkare|[Ss]sk|[Uu]sk)|[Hh]err|[Ff]ru)`;
const PARTICLE = '(?:von|af|av|de|van|der|den|da|di|du|la|le)';
const NAME_WORD = String.raw`(?:(?:al-|el-)?${NAME}|${CAPS_NAME}|\p{Lu}\.?(?= \p{Lu}))`;
/**
 * The name after a greeting, a sign-off, a slash or a dash: one to four name words, a title before and particles
 * between them, whatever follows ("Mvh Karin Lindqvist 🙂", "Mvh Dr. Karin Lindqvist (ssk)", "Hej Karin 🙂 vad …").
 * Slack and Teams join a message's lines into one, so a signature's name is often followed by its title and unit.
 */
const NAME_RUN = `(?:${TITLE} )?${NAME_WORD}(?: (?:${PARTICLE} )?${NAME_WORD}){0,3}`;
/** Names written as names, one or several ("Karin", "Karin Lind", "Karin och Per", "Karin, Per och Anna Lind"). */
const NAMES = `${NAME}(?: ${NAME}){0,2}(?:(?:, ?| och | & )${NAME}(?: ${NAME})?){0,4}`;
/** Case-insensitive source for a phrase, without the `i` flag (under it, \p{Lu} would match small letters too). */
const anyCase = (phrase: string) =>
  [...phrase].map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c === '.' ? '\\.' : c)).join('');
const GREETINGS = [
  'hej hej',
  'hejhej',
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
  'hälsn',
  'vänligen',
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
// Words a writer puts before their own name ("Jag heter Karin Lindqvist", "Från: Karin Lindqvist").
const INTRODUCTIONS = ['jag heter', 'mitt namn är', 'skickat av', 'från:'];
// Introductions that only a capitalised name follows ("Jag är Karin Lindqvist, ssk", not "jag är osäker").
const NAMED_INTRODUCTIONS = ['jag är', 'detta är', 'det här är'];
/**
 * Words that are never a person (compared in lower case): pronouns, articles, the bot and the desk, patient words,
 * greetings and closings, and the words that stand before a number of years ("Om 2 år", "Under 18 år", "En 74-årig").
 */
const NOT_NAMES = new Set(
  [
    ...'jag du han hon vi ni de den det man min mitt mina mig vår vårt våra alla allihop allihopa faktabot faktaboten boten bot patienten patient pat kollega kollegan kollegor kollegorna teamet gänget igen där och på inte team gruppen support supporten servicedesk servicedesken helpdesk'.split(
      ' ',
    ),
    ...'om för efter under inom sedan innan över till med vid ca cirka drygt knappt nästan runt minst högst max bara endast totalt ytterligare en ett barn barnet barnen patienter personer vuxna äldre yngre'.split(
      ' ',
    ),
    ...'outlook iphone ipad android ios mobil pnr personnummer personnr samordningsnummer nr nummer id'.split(' '),
    ...'vem vad var vart när hur varför vilken vilket vilka vems kan får ska skulle har hade är blir finns gäller går'.split(' '),
    ...[...GREETINGS, ...SIGN_OFFS, ...THANKS, ...INTRODUCTIONS, ...NAMED_INTRODUCTIONS].flatMap((p) => p.split(' ')),
  ].map((w) => w.toLocaleLowerCase('sv-SE')),
);

const longestFirst = (xs: string[]) =>
  [...xs]
    .sort((a, b) => b.length - a.length)
    .map(anyCase)
    .join('|');
/** Where a name ends: the end of the text or line, or punctuation. */
const NAME_STOP = String.raw`[ \t]*(?:$|\n|[,.!:;)])`;
const NAME_END = `(?=${NAME_STOP})`;
const ANY_WORD = String.raw`\p{L}[\p{L}'’-]{0,30}`;
// A greeting's name also ends at "här" ("Hej, Maria Holmgren här (…)").
const GREETING_NAME = new RegExp(
  String.raw`(?<=(?:^|[.!?\n]) ?(?:${longestFirst(GREETINGS)})[,!]?[ \n])(?:${NAMES}|\p{Ll}{2,30})(?= här(?!\p{L})|${NAME_STOP})`,
  'gu',
);
// A sign-off with up to three words of any case ("mvh karin", "Mvh Karin Lind, …"), or a block of capitalised words
// up to the end of the line (the name with a title and a unit: "Mvh Karin Lind Sjuksköterska IVA Östra"), and up to
// three more lines of capitalised words up to a blank line ("Hälsningar\nKarin\nLindqvist").
const SIGNATURE_WORD = String.raw`\p{Lu}[\p{L}'’-]{0,30}`;
const BLOCK_LINES = String.raw`(?:\n${SIGNATURE_WORD}(?: ${SIGNATURE_WORD}){0,5}){0,3}`;
const SIGN_OFF_NAME = new RegExp(
  String.raw`(?<=(?<!\p{L})(?:${longestFirst(SIGN_OFFS)})[,.!:]?\s{1,3})(?:${ANY_WORD}(?: ${ANY_WORD}){0,2}|${SIGNATURE_WORD}(?: ${SIGNATURE_WORD}){0,7})${BLOCK_LINES}${NAME_END}`,
  'gmu',
);
const THANKS_NAME = new RegExp(
  String.raw`(?<=(?<!\p{L})(?:${longestFirst(THANKS)})[,.!:]?\s{1,3})${NAMES}${BLOCK_LINES}${NAME_END}`,
  'gmu',
);
// "Jag heter Karin Lindqvist och …", "Från: karin lindqvist"; not "Mitt namn är inte viktigt".
const INTRODUCED_NAME = new RegExp(
  String.raw`(?<=(?<!\p{L})(?:${longestFirst(INTRODUCTIONS)})[ \n])(?!(?:inte|ej|ju|nog|bara|också|oviktigt)(?!\p{L}))(?:${NAMES}|${ANY_WORD}(?: ${ANY_WORD})?${NAME_END})`,
  'gu',
);
// "/Karin", "// Björn", "/K", "/karin lind" at the end of the text or of a line, and a capitalised block with a title
// ("// Karin Lindqvist ssk IVA", "/ Karin Lind, IVA Östra"); "IVA /anestesi och operation" is no signature.
const SLASH_NAME = new RegExp(
  String.raw`(?:(?<=(?:^|\s)\/{1,2})${ANY_WORD}(?: ${ANY_WORD})?|(?<=(?:^|\s)\/{1,2} ?)${SIGNATURE_WORD}(?:,? ${ANY_WORD}){0,4})(?=[ \t]*(?:$|\n))`,
  'gu',
);
// "Lind (72)", "Karin Lind (72 år)", "Lind, 72 år", "Lind, Karin 72 år", "LINDQVIST 72 år", "Lindström 72 år", "Lind, 72-årig"; not a time span
// ("Sahlgrenska 10 år efter", "Millennium 2 år till") nor the age of a thing ("15 år gammalt").
const SPAN_WORDS = 'efter|sedan|sen|senare|tidigare|innan|före|till|kvar|fram|framåt|framöver|bakåt|gammalt';
const NAME_WITH_AGE = new RegExp(
  String.raw`(?<!\p{L})${ANY_NAME}(?:,? ${ANY_NAME})?(?=[ \n]?\( ?\d{1,3}(?: ?år)? ?\)|,? ?\d{1,3} ?-?(?:år(?! (?:${SPAN_WORDS})(?!\p{L}))|årig|åring)(?!\p{L}))`,
  'gu',
);
// A birth date after "född" or "f.": a year ("1950"), a date ("19500312", "1950-03-12", "3 maj 1950", "12/3 1950",
// "500312") or a year written short ("-50", "’50").
const BIRTH = String.raw`(?:(?:\d{1,2}(?:\/\d{1,2}|\.? \p{L}{3,9}) )?(?:19|20)\d{2}(?:-?[01]\d-?[0-3]\d)?|\d{2}-?[01]\d-?[0-3]\d|[-'’]\d{2})(?!\d)`;
// "Karin född 1950", "Karin Lind f. 1950", "Karin Lind (f. 1950)", "Karin Lind f.1950", "Lind, född 19500312",
// "Karin Lind född -50", "Karin Lind\n(f. 1950)", "Lindqvist, Karin (f. 1950)", "LINDQVIST, KARIN (f. 1950)".
const NAME_WITH_BIRTH_YEAR = new RegExp(
  String.raw`(?<!\p{L})${FULL_NAME}(?=,?[ \n]?\(? ?(?:född|FÖDD|f\.?|F\.?) ?(?:den )?${BIRTH})`,
  'gu',
);

// "Karin Lindqvist 19500312-1234", "LINDQVIST, KARIN 19500312-1234", "19500312-1234 Lindqvist, Karin": a name
// beside a personnummer is its holder's, in any order and case (read after redactContacts).
const NAME_BY_PERSONNUMMER = new RegExp(
  String.raw`(?<!\p{L})${FULL_NAME}(?=,?[ \n]?\(? ?\[personnummer\])|(?<=\[personnummer\]\)?,? ?)${FULL_NAME}`,
  'gu',
);
// The name after a greeting, a closing or thanks, a slash, or an introduction, whatever follows it (NAME_RUN); the
// rules above take the lower-case names and the longer blocks that end a line.
const GREETING_RUN = new RegExp(String.raw`(?<=(?:^|[.!?\n]) ?(?:${longestFirst(GREETINGS)})[,!]?(?:[ \n]|\n\n))${NAME_RUN}`, 'gu');
const SIGN_OFF_RUN = new RegExp(String.raw`(?<=(?<!\p{L})(?:${longestFirst([...SIGN_OFFS, ...THANKS])})[,.!:]?\s{1,3})${NAME_RUN}`, 'gu');
const SLASH_RUN = new RegExp(String.raw`(?<=(?:^|\s)\/{1,2} ?)${NAME_RUN}`, 'gu');
const INTRODUCED_RUN = new RegExp(
  String.raw`(?<=(?<!\p{L})(?:${longestFirst([...INTRODUCTIONS, ...NAMED_INTRODUCTIONS])})[ \n])${NAME_RUN}`,
  'gu',
);
// "Karin Lindqvist här, …" at the start of a sentence.
const HERE_RUN = new RegExp(String.raw`(?<=(?:^|[.!?\n]) ?)${NAME_RUN}(?= här(?!\p{L}))`, 'gu');
// "-Karin", "– Karin Lind 🙂" at the start of a line or after a sentence, up to the end or a sign that is no word: a
// dash before a word that goes on is a list item ("- Beställ konto").
const DASH_RUN = new RegExp(String.raw`(?<=(?:^|\n|[.!?] )[ \t]*[-\u2013\u2014] ?)${NAME_RUN}(?=[ \t]*(?:$|\n|[^\p{L}\p{N}\s]))`, 'gu');

/**
 * What the knowledge tells redaction about words, set once the knowledge is loaded (`useNameVocabulary`): its
 * listed first names (lower case), whether a word is one the knowledge itself writes ("Millennium", "Melior",
 * "Östra", "har"), and whether a word is an ordinary Swedish word ("björn", "per").
 */
export interface NameVocabulary {
  firstNames: ReadonlySet<string>;
  known: (word: string) => boolean;
  ordinary: (word: string) => boolean;
  /** Whether a word (lower case) is in the general Swedish word list, whatever its form ("kontakta"). */
  swedish?: (word: string) => boolean;
  /** The guard's listed diagnoses and patient words (lower case): beside one, a single name word is a person's. */
  diagnoses?: ReadonlySet<string>;
  /** Listed health phrases of several words, in their order ("gått bort", "somnat in"). */
  healthPhrases?: readonly string[];
  /** Health stems found anywhere in a word, in every form and compound ("blöd": "blöder", "hjärnblödning"). */
  healthStems?: readonly string[];
  /** Whether a word (lower case) is a compound of Swedish words ("universitetssjukhuset"). */
  compound?: (word: string) => boolean;
  /**
   * Whether the knowledge writes a word (lower case): in its curated text, or anywhere in small letters; a word only
   * phrasings write capitalised (a name saved from a question) is not one.
   */
  written?: (word: string) => boolean;
  patientWords?: ReadonlySet<string>;
  /** The guard's clinical words of one word ("morfin", "feber"): a text with one speaks of someone's care. */
  clinicalWords?: ReadonlySet<string>;
  /** Whether a word (lower case) is a Swedish stopword or question word ("och", "inte", "när"). */
  small?: (word: string) => boolean;
  /**
   * Common surnames that are also Swedish words ("björk", "berg", lower case): never kept from a text about someone's
   * health, whatever else they are.
   */
  wordSurnames?: ReadonlySet<string>;
  /** Whether a word (lower case) is a form of a word the knowledge writes ("systemet", "dokumenterar"). */
  writtenForm?: (word: string) => boolean;
  /**
   * Whether a word (lower case) is a Swedish verb, adjective or uninflected word in one of its forms ("spärrar",
   * "svårt", "inte"): never a noun ("sparre", "linden"), and never a word the lexicon lacks ("yu").
   */
  notNoun?: (word: string) => boolean;
}
let vocabulary: NameVocabulary = { firstNames: new Set(), known: () => false, ordinary: () => false };

/**
 * Gives redaction the loaded knowledge's words (see NameVocabulary). Redaction runs where no knowledge is at hand
 * (the stores' safeText), so the engine sets it when it is built; without it, only the marked names are found.
 */
export function useNameVocabulary(words: NameVocabulary): void {
  // Only listed first names are asked about (a bounded set), and a stemmer per name found would cost a long text
  // of names dearly: each answer is kept.
  const ordinary = new Map<string, boolean>();
  swedishMemo.clear();
  knownMemo.clear();
  diagnosisMemo.clear();
  vocabulary = {
    ...words,
    ordinary: (word) => {
      const is = ordinary.get(word) ?? words.ordinary(word);
      ordinary.set(word, is);
      return is;
    },
  };
}

const lower = (w: string) => w.toLocaleLowerCase('sv-SE');
/** A word the knowledge writes itself that is no listed first name: "Millennium", "Östra", "Har" are no one's name. */
/**
 * Words already read, whether the knowledge writes them or they are health words: a long text repeats its words, and
 * each reading normalises or scans the lists. Cleared with the vocabulary, and when full.
 */
const knownMemo = new Map<string, boolean>();
const diagnosisMemo = new Map<string, boolean>();
const WORD_MEMO = 20_000;
function remembered(memo: Map<string, boolean>, word: string, read: (word: string) => boolean): boolean {
  let is = memo.get(word);
  if (is === undefined) {
    if (memo.size >= WORD_MEMO) memo.clear();
    is = read(word);
    memo.set(word, is);
  }
  return is;
}
const knownWord = (w: string) => remembered(knownMemo, w, (x) => !vocabulary.firstNames.has(lower(x)) && vocabulary.known(x));

/**
 * Where the name in a match begins: after the leading words that are never names, with their punctuation
 * ("Patienten Lind (72)" keeps "Patienten", "Tack! Hälsningar, Anna" keeps "Hälsningar, "), and after words the
 * knowledge writes itself ("Har Melior 5 år …", "Hej Sahlgrenska!"); undefined when every word is one.
 */
function nameStart(found: string): number | undefined {
  for (const w of found.matchAll(/\p{L}[\p{L}'’-]*/gu)) if (!NOT_NAMES.has(lower(w[0])) && !knownWord(w[0])) return w.index;
  return undefined;
}

const GREETING_WORD = new RegExp(String.raw`(?<!\p{L})(?:${longestFirst(GREETINGS)})(?!\p{L})`, 'u');
const SIGN_OFF_WORD = new RegExp(String.raw`(?<!\p{L})(?:${longestFirst([...SIGN_OFFS, ...THANKS])})`, 'u');
const INTRODUCTION_WORD = new RegExp(String.raw`(?<!\p{L})(?:${longestFirst([...INTRODUCTIONS, ...NAMED_INTRODUCTIONS])})`, 'u');
/**
 * The name rules, each with what a text must hold for it to find anything: most texts hold no greeting, sign-off,
 * slash or personnummer, and a rule that cannot match is not run.
 */
const NAME_RULES: [trigger: RegExp, rule: GappedRule][] = (
  [
    [GREETING_WORD, GREETING_NAME],
    [SIGN_OFF_WORD, SIGN_OFF_NAME],
    [SIGN_OFF_WORD, THANKS_NAME],
    [INTRODUCTION_WORD, INTRODUCED_NAME],
    [/\//, SLASH_NAME],
    [/\d/, NAME_WITH_AGE],
    [/\d/, NAME_WITH_BIRTH_YEAR],
    [/\[personnummer\]/, NAME_BY_PERSONNUMMER],
    [GREETING_WORD, GREETING_RUN],
    [SIGN_OFF_WORD, SIGN_OFF_RUN],
    [/\//, SLASH_RUN],
    [INTRODUCTION_WORD, INTRODUCED_RUN],
    [/ här(?!\p{L})/u, HERE_RUN],
    [/[-\u2013\u2014]/, DASH_RUN],
  ] as const
).map(([trigger, pattern]) => [trigger, [pattern, nameStart, REDACTED.name]]);

// A name with an age, a birth date or a personnummer beside it, as the rules above read them.
// An age set off by commas ("Mats Andersson, 81, på sal 4") and a room or bed with its number ("Hans Lindqvist på
// sal 3") single a person out as well.
const AGE_AFTER = String.raw`[ \n]?\( ?\d{1,3}(?: ?år)? ?\)|,? ?\d{1,3} ?-?(?:år(?! (?:${SPAN_WORDS})(?!\p{L}))|årig|åring)(?!\p{L})|, ?\d{1,3},|,? (?:på |i )?(?:sal|salen|säng|sängen|rum|rummet|bädd)(?: nr\.?)? ?\d{1,3}(?!\d)`;
const NAME_WITH_DETAIL = new RegExp(
  String.raw`(?<!\p{L})${FULL_NAME}(?=${AGE_AFTER}|,?[ \n]?\(? ?(?:född|FÖDD|f\.?|F\.?) ?(?:den )?${BIRTH}|,?[ \n]?\(? ?\[personnummer\])|(?<=\[personnummer\]\)?,? ?)${FULL_NAME}`,
  'gu',
);

/**
 * A person the text singles out (read after redactContacts): a name of two words or more with an age, a birth date
 * or a personnummer beside it, or a listed first name with an age or a birth date ("Lind, Anna, 72 år", "Karin Lindqvist [personnummer]",
 * "LINDQVIST, PIA (f. 1950)"). One capitalised word with a number is as often a system or a place ("Melior (15 år)",
 * "Östra (12)"): redaction takes it from what is stored, but it is no person to the guard. Returns the name found.
 */
export function namedPerson(text: string): string | undefined {
  const { read } = gapped(text);
  for (const m of read.matchAll(NAME_WITH_DETAIL)) {
    const words = [...m[0].matchAll(/\p{L}[\p{L}'’-]*/gu)].map((w) => w[0]);
    let first = words.findIndex((w) => !NOT_NAMES.has(lower(w)) && !knownWord(w));
    if (first < 0) continue;
    // A Swedish word opening the sentence is the sentence's first word, not a name ("Kontakta Karin, 19850312-1234").
    const opens = first === 0 && /(?:^|[.!?:\n])[ \t"'(]*$/u.test(read.slice(Math.max(0, m.index - 8), m.index));
    const word = words[first] as string;
    if (opens && vocabulary.swedish?.(lower(word)) && !vocabulary.firstNames.has(lower(word))) first++;
    const rest = words.slice(first);
    if (!rest.length) continue;
    // A first name alone beside a personnummer is as often whom to ask ("Kontakta Karin, 19850312-1234").
    const listed =
      vocabulary.firstNames.has(lower(rest[0] as string)) &&
      !m[0].includes(REDACTED.personnummer) &&
      !/^,?[ \n]?\(? ?\[personnummer\]/.test(read.slice(m.index + m[0].length));
    if (rest.length >= 2 || listed) return rest.join(' ');
  }
  return undefined;
}

// A word with its hyphenated parts ("Anna-Karin", "Maria-mottagningen") and a genitive ("Karins", "Karin's").
const WORD_TOKEN = /(?<![\p{L}\p{N}])\p{L}[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)*/gu;
// A capitalised word (or an initial, "K.") that goes on a name, with a particle before it ("Karin von Essen").
const FOLLOWING = new RegExp(
  String.raw`^[ \t]{1,3}(?:${PARTICLE} )?((?:al-|el-)?\p{Lu}\p{Ll}[\p{L}'’-]{0,30}|\p{Lu}\.|\p{Lu}{2,30}(?!\p{L}))`,
  'u',
);

/**
 * Whether a word is a listed first name written as a person's (see personNames in focus.ts, which the console
 * holds phrasings to): a listed name that is no ordinary word in any case; one that is ("Björn", "Per") only
 * capitalised inside a sentence or before another capitalised word; in capitals of up to four letters only beside
 * another word in capitals ("PIA LINDQVIST", not the acronyms "Vad är IDA", "ELSA"); hyphenated only with capitalised parts ("Anna-Karin", not
 * "Maria-mottagningen").
 */
function listedName(word: string, at: number, text: string): boolean {
  if (knownWord(word)) return false;
  const bare = word.replace(/['’]s$/iu, '');
  const parts = bare.split('-');
  if (parts.length > 1 && !parts.every((p) => /^\p{Lu}/u.test(p))) return false;
  const name = parts
    .map(lower)
    .find(
      (p) =>
        vocabulary.firstNames.has(p) ||
        (p.endsWith('s') && vocabulary.firstNames.has(p.slice(0, -1)) && !vocabulary.ordinary(p.slice(0, -1))),
    );
  if (name === undefined) return false;
  const after = FOLLOWING.exec(text.slice(at + word.length, at + word.length + 40))?.[1];
  if (/^\p{Lu}{2,4}$/u.test(bare)) {
    const before = /(?:^|[^\p{L}])(\p{Lu}{2,30}),? $/u.exec(text.slice(Math.max(0, at - 34), at))?.[1];
    return [after, before].some((w) => w !== undefined && /^\p{Lu}{2,30}$/u.test(w) && !knownWord(w));
  }
  const stem = vocabulary.firstNames.has(name) ? name : name.slice(0, -1);
  if (!vocabulary.ordinary(stem)) return true;
  if (!/^\p{Lu}\p{Ll}/u.test(bare)) return false;
  const sentenceStart = /(?:^|[.!?:\n])[ \t"'(]*$/u.test(text.slice(Math.max(0, at - 8), at));
  return !sentenceStart || (after !== undefined && /^\p{Lu}\p{Ll}/u.test(after) && !knownWord(after));
}

/**
 * A listed first name anywhere, with up to three capitalised words after it that the knowledge does not write
 * ("Har Karin Lindqvist fått …", "Det är Karin Lindqvist på IVA", "Karin Maria Lindqvist Berg"): "[namn]".
 */
function redactListedNames(text: string): string {
  if (!vocabulary.firstNames.size) return text;
  let out = '';
  let at = 0;
  for (const m of text.matchAll(WORD_TOKEN)) {
    if (m.index < at || !listedName(m[0], m.index, text)) continue;
    let end = m.index + m[0].length;
    for (let k = 0; k < 3; k++) {
      const next = FOLLOWING.exec(text.slice(end, end + 40));
      if (!next || knownWord(next[1] as string) || NOT_NAMES.has(lower(next[1] as string))) break;
      end += next[0].length;
    }
    out += text.slice(at, m.index) + REDACTED.name;
    at = end;
  }
  return out + text.slice(at);
}

/** Titles a name follows (lower case, without a dot): "dr Lindqvist", "Dr. Brännström", "ssk Lindqvist". */
export const NAME_TITLES: ReadonlySet<string> = new Set(
  'dr doktor läkare läkaren överläkare överläkaren specialistläkare ssk sjuksköterska sjuksköterskan usk undersköterska undersköterskan syster professor prof docent herr fru'.split(
    ' ',
  ),
);
/** Small words inside a name ("Gunvald von Brännström", "Gunvald av Brännström"). */
const NAME_PARTICLES = new Set(['von', 'af', 'av', 'de', 'van', 'der', 'den', 'da', 'du', 'la', 'le']);
/** Answers of the Swedish word list kept at most: a stemmer per word would cost a long text dearly. */
const SWEDISH_MEMO = 20_000;
const swedishMemo = new Map<string, boolean>();
/**
 * New words one text may look up in the word list (each runs the stemmer). A question has a few dozen; past this a
 * text of made-up capitalised words reads its further new words as no Swedish words, so that its cost stays bounded
 * and a name among them is still taken.
 */
const SWEDISH_LOOKUPS = 300;
let lookupsLeft = SWEDISH_LOOKUPS;
/** Whether a word (any case) is in the general Swedish word list; false without one. */
function swedishWord(word: string): boolean {
  let is = swedishMemo.get(word);
  if (is === undefined) {
    if (lookupsLeft <= 0) return false;
    lookupsLeft--;
    if (swedishMemo.size >= SWEDISH_MEMO) swedishMemo.clear();
    is = vocabulary.swedish?.(lower(word)) === true;
    swedishMemo.set(word, is);
  }
  return is;
}

/** A word as a name is written, with its genitive "s" and a hyphen's parts read apart. */
const CAPITALISED = /^\p{Lu}\p{Ll}[\p{L}'’]*(?:-\p{Lu}\p{Ll}[\p{L}'’]*)*$/u;
const CAPITALS = /^\p{Lu}{2,30}(?:-\p{Lu}{2,30})?$/u;
// The start of a sentence a few characters back: a capitalised word there may be any word written first.
const SENTENCE_START = /(?:^|[.!?:\n])[ \t"'(*_>]*$/u;
const NAME_GAP = /^,?[ \t]{1,3}$/;

/**
 * A word of a name: where it is, how it is written, and how sure it is a name's. `words` is 2 for a first name and a
 * surname glued together ("GunvaldBrännström"), which counts as a run of its own.
 */
type NameWord = {
  start: number;
  end: number;
  style: 'capitalised' | 'capitals';
  kind: 'initial' | 'stranger' | 'capitalised';
  words: number;
};

/** How a word reads as a name wherever it stands (see `nameWord`): its style, and whether it is a stranger. */
type WordClass = { style: NameWord['style']; stranger: boolean; words: number } | undefined;

/**
 * A capitalised word or one in capitals that the knowledge does not write and that is no word in NOT_NAMES, or
 * undefined. A stranger is a listed first name or no word of the Swedish word list (in capitals, three letters or
 * more: "SU" is an acronym).
 */
function classify(word: string): WordClass {
  const style = CAPITALISED.test(word) ? 'capitalised' : CAPITALS.test(word) ? 'capitals' : undefined;
  if (!style) return undefined;
  const bare = word.replace(/['’]s$/iu, '');
  const glued = style === 'capitalised' ? bare.split(/(?<=\p{Ll})(?=\p{Lu})/u) : [bare];
  const words = glued.length > 1 && glued.every((p) => CAPITALISED.test(p)) ? 2 : 1;
  const parts = glued.flatMap((p) => p.split('-'));
  // A part the knowledge writes does not make a name one ("Ingrid-Maj" where the page writes "maj").
  const plain = (p: string) => NOT_NAMES.has(lower(p)) || knownWord(p);
  if (knownWord(word) || parts.every(plain)) return undefined;
  const listed = parts.some((p) => vocabulary.firstNames.has(lower(p)) && !vocabulary.ordinary(lower(p)));
  const foreign = parts.some((p) => !plain(p) && !swedishWord(p) && !swedishWord(p.replace(/s$/u, '')));
  return { style, stranger: listed || (foreign && (style === 'capitalised' || word.length >= 3)), words };
}

/**
 * A word of a name the text does not mark (see `redactNameRuns`), or undefined: an initial with its dot ("K."), a
 * stranger (`classify`), or a capitalised Swedish word inside a sentence ("… Gunvald Berg"), not where it opens one.
 */
function nameWord(word: string, at: number, text: string, classes: Map<string, WordClass>): NameWord | undefined {
  const end = at + word.length;
  if (/^\p{Lu}$/u.test(word))
    return text[end] === '.' ? { start: at, end: end + 1, style: 'capitalised', kind: 'initial', words: 1 } : undefined;
  let c = classes.get(word);
  if (c === undefined && !classes.has(word)) {
    c = classify(word);
    classes.set(word, c);
  }
  if (!c) return undefined;
  if (c.stranger) return { start: at, end, style: c.style, kind: 'stranger', words: c.words };
  if (c.style === 'capitals' || SENTENCE_START.test(text.slice(Math.max(0, at - 8), at))) return undefined;
  return { start: at, end, style: c.style, kind: 'capitalised', words: c.words };
}

/**
 * Names nothing marks, read once the knowledge is loaded: a run of two or more name words (`nameWord`) of one style,
 * with a comma ("LINDQVIST, KARIN") or name particles ("Gunvald von Brännström") between them, holding a stranger;
 * an initial with a capitalised word ("K. Lindqvist"); and a title with the capitalised words after it ("dr
 * Lindqvist", "Dr. Berg", "ssk Lindqvist"), the title kept. A Swedish word opening a sentence is no name word
 * ("Kontakta Gunvald Brännström"), unless a title stands before it.
 */
function redactNameRuns(text: string): string {
  if (!vocabulary.swedish) return text;
  const tokens = [...text.matchAll(WORD_TOKEN)];
  // A long text repeats its words: each is classified once.
  const classes = new Map<string, WordClass>();
  const spans: [number, number][] = [];
  let run: NameWord[] = [];
  let titled = false;
  let particles = 0;
  let last = 0;
  const flush = () => {
    const words = run.filter((w) => w.kind !== 'initial');
    const count = words.reduce((n, w) => n + w.words, 0);
    const named = count > 0 && (titled || words.length < run.length || (count >= 2 && words.some((w) => w.kind === 'stranger')));
    if (named) spans.push([(run[0] as NameWord).start, (run[run.length - 1] as NameWord).end]);
    run = [];
    particles = 0;
  };
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as RegExpMatchArray;
    const at = token.index as number;
    const word = token[0];
    const joined = run.length > 0 && NAME_GAP.test(text.slice(last, at));
    if (joined && particles < 2 && NAME_PARTICLES.has(word)) {
      particles++;
      last = at + word.length;
      continue;
    }
    // Every name word starts with a capital: a word in small letters ends a run (most words of a text are such).
    if (!/^\p{Lu}/u.test(word)) {
      if (run.length) flush();
      continue;
    }
    let found = nameWord(word, at, text, classes);
    const previous = tokens[k - 1];
    const afterTitle =
      previous !== undefined &&
      NAME_TITLES.has(previous[0].toLowerCase()) &&
      /^\.?[ \t]{1,3}$/.test(text.slice((previous.index as number) + previous[0].length, at));
    // After a title or an initial, a capitalised Swedish word is a surname ("dr Berg", "K. Berg").
    if (
      !found &&
      (afterTitle || (joined && run[run.length - 1]?.kind === 'initial')) &&
      CAPITALISED.test(word) &&
      !knownWord(word) &&
      !NOT_NAMES.has(lower(word))
    )
      found = { start: at, end: at + word.length, style: 'capitalised', kind: 'capitalised', words: 1 };
    if (found && joined && found.style === (run[0] as NameWord).style) {
      run.push(found);
      particles = 0;
      last = found.end;
      continue;
    }
    if (run.length) flush();
    if (found) {
      run = [found];
      titled = afterTitle;
      last = found.end;
    }
  }
  if (run.length) flush();
  return nameSpansRedacted(text, spans);
}

// A greeting opening a sentence, a sign-off, or a slash opening a signature, with what may stand before the name.
const BEFORE_NAME = new RegExp(
  String.raw`(?:(?:^|[.!?\n]) ?(?:${longestFirst(GREETINGS)})(?!\p{L})[,!]?[ \t\n]{1,3}|(?<!\p{L})(?:${longestFirst(SIGN_OFFS)})(?!\p{L})[,.!:]?[ \t\n]{1,3}|(?:^|\s)\/{1,2} ?)`,
  'gu',
);
const FRAMED_WORD = /\p{L}[\p{L}'’-]{0,30}(?![\p{L}\p{N}])/uy;

/** A word after a sign-off, a greeting or a slash that may be a name: no ordinary Swedish word, in any case. */
function framedName(word: string): boolean {
  if (NOT_NAMES.has(lower(word)) || knownWord(word)) return false;
  return word.split('-').some((p) => vocabulary.firstNames.has(lower(p)) || (!NOT_NAMES.has(lower(p)) && !knownWord(p) && !swedishWord(p)));
}

/**
 * The one or two words after a sign-off, a greeting or a slash that are no ordinary Swedish words, in any case and
 * whatever follows them ("mvh gunvald brännström 🙂", "/gunvald", "hälsningar ingrid fjällström"), once the knowledge
 * is loaded: the rules above take only a name that ends the line or is written as a name.
 */
function redactFramedNames(text: string): string {
  if (!vocabulary.swedish) return text;
  const spans: [number, number][] = [];
  const names = new Map<string, boolean>();
  const isName = (word: string) => {
    const is = names.get(word) ?? framedName(word);
    names.set(word, is);
    return is;
  };
  for (const m of text.matchAll(BEFORE_NAME)) {
    let end = (m.index as number) + m[0].length;
    const start = end;
    for (let k = 0; k < 2; k++) {
      const from = k === 0 ? end : end + (/^[ \t]{1,3}/.exec(text.slice(end, end + 4))?.[0].length ?? 0);
      if (k > 0 && from === end) break;
      FRAMED_WORD.lastIndex = from;
      const word = FRAMED_WORD.exec(text)?.[0];
      if (word === undefined || !isName(word)) break;
      end = from + word.length;
    }
    if (end > start && start >= (spans[spans.length - 1]?.[1] ?? 0)) spans.push([start, end]);
  }
  return nameSpansRedacted(text, spans);
}

// A patient detail right after one name word: a room or bed with its number ("på sal 4", "(sal 4)", ", säng 12",
// "\nsal 4"), an age in brackets or after a comma or a dash ("(72)", "[72]", ", 72", "- 72 år", " 72 år"), or a
// birth date ("19500312", "1950-03-12").
const PLACE_WORD = '(?:sal|salen|säng|sängen|sängplats|rum|rummet|bädd|sal nr|säng nr|rum nr)';
const DETAIL_AFTER = new RegExp(
  String.raw`^(?:,?[ \t\n]{0,3}[(\[-]?[ \t]?(?:(?:på|i) )?${PLACE_WORD}\.?(?: nr\.?| nummer)?[ \t]?\d{1,3}(?!\d)|,?[ \t]?(?:[-\u2013][ \t]?)?\d{1,3}[ \t]?-?(?:år(?! (?:${SPAN_WORDS})(?!\p{L}))|årig|åring)(?!\p{L})|,?[ \t]?\(?(?:19|20)\d{2}-?[01]\d-?[0-3]\d(?!\d))`,
  'iu',
);
// A number alone after the name, in brackets or after a comma ("Lind (72)", "Lind, 72") or bare ("Lindqvist 72"),
// is an age only after a name that reads as one: after a Swedish word it numbers a thing ("Bilaga (3)"), after a
// system's name it is its version ("Windows 10").
const NUMBER_AFTER = /^(?:[ \t]?[([][ \t]?\d{1,3}(?:[ \t]?år)?[ \t]?[)\]]|,[ \t]?\d{1,3}(?![\d%]|[.,:/]\d))/u;
// "är 72" too ("Lindqvist är 72 och …"), but not a number of things ("Andersson är 5 minuter sen").
const BARE_AGE = /^ (?:är )?\d{1,3}(?![\d%]|[.,:/]\d| ?(?:min|minuter|timmar|tim|dagar|veckor|månader|procent|st|kr|sekunder|h)(?!\p{L}))/u;
// How Swedish (and common immigrant) surnames end: a surname so written is read with a bare number after it, and
// read as a name even where it opens a sentence ("Lind sal 4 …", "LIND, 19500312").
const SURNAME_END =
  /(?:s?son|sen|qvist|kvist|quist|ström|berg|gren|lund|holm|dahl|stedt|blad|blom|bäck|lind|sjö|fors|näs|sten|gård|ling|lin|ander|ius|én|ell|ić|ic|nen|ski|ska|ov|ova|ev|eva|ez)$/u;
// The same details before the name: an age with a word for the person ("72-årig man, Svensson"), a room or bed
// ("sal 4, Lindqvist"), and, for redaction, naming words ("namn är Lindqvist", "heter Lindqvist").
// Read backwards from where the name starts (sticky, at that one place).
const DETAIL_BEFORE = new RegExp(
  String.raw`(?<=(?:\d{1,3}[ \t]?-?(?:årig|åring)\p{L}{0,3}(?:[ \t]\p{L}{1,12})?|${PLACE_WORD}(?: nr\.?)?[ \t]?\d{1,3})[,:]?[ \t]{1,3})`,
  'iuy',
);
// A room or bed with its number, an age or a birth date anywhere near a name in its sentence, in either order and
// whatever words stand between ("Lindqvist som ligger på sal 4", "På sal 4 ligger Lindqvist", "till rum 12b",
// "Lindqvist/sal 4", "Lindqvist, 650312", "Lindqvist 12/3-50", "72-årig … Lind"). Read in NEAR characters on each side.
const DETAIL_NEAR = new RegExp(
  String.raw`(?<!\p{L})${PLACE_WORD}\.?(?: nr\.?| nummer)? ?#? ?\d{1,3}\p{L}?(?![\p{L}\d])|(?<![\p{L}\d])\d{1,3} ?-?(?:årig|åring)|[(,] ?\d{1,3} ?år(?!\p{L})|(?<![\d/-])(?:(?:19|20)?\d{2}-?[01]\d-?[0-3]\d|\d{1,2}\/\d{1,2}-\d{2}(?:\d{2})?)(?![\d/-])`,
  'iu',
);
const NEAR = 40;
/** The text as DETAIL_NEAR reads it: runs of spaces and tabs as one space ("Lindqvist  på  sal  4"). */
const spaced = (text: string) => text.replace(/[ \t]+/g, ' ');
/** A compound or genitive that opens with a word of the knowledge of five letters or more ("millenniumavtalet"). */
function knownCompound(word: string): boolean {
  for (let n = 5; n <= Math.min(word.length - 1, 20); n++) if (vocabulary.known(word.slice(0, n))) return true;
  return false;
}
/** Misspellings one text may look for (each tries some 600 words): a question has one or two at most. */
const NEAR_LOOKUPS = 6;
let nearLeft = NEAR_LOOKUPS;
/** A Swedish noun of five letters or more in its definite form ("dialysen", "personalen"; not "hansen"). */
/** Definite and plural endings of Swedish nouns, longest first ("-erna" before "-na"). */
export const DEFINITE_ENDINGS: readonly string[] = ['arna', 'erna', 'orna', 'en', 'et', 'na', 'n', 't'];
const DEFINITE_FORM = new RegExp(`^(.{5,}?)(?:${DEFINITE_ENDINGS.join('|')})$`, 'u');
function definiteNoun(word: string): boolean {
  const stem = DEFINITE_FORM.exec(word)?.[1];
  return stem !== undefined && swedishWord(stem);
}
/** Whether a word splits into Swedish words ("universitetssjukhuset"), within the text's budget of lookups. */
function compoundWord(word: string): boolean {
  if (!vocabulary.compound || lookupsLeft <= 0) return false;
  lookupsLeft -= 4;
  return vocabulary.compound(word);
}
/**
 * A misspelling of a word the knowledge writes, one letter left out, added, changed or swapped ("Milennium",
 * "Millenium"), for words of six letters or more, within the text's budget of lookups.
 */
function nearKnown(word: string): boolean {
  if (word.length < 6 || word.length > 20 || nearLeft <= 0) return false;
  nearLeft--;
  // A consonant written once where the word doubles it ("Milenium"): every way of doubling up to four of them.
  const single = [...word.matchAll(/(?<=[aeiouyåäöé])[bcdfghjklmnprstv](?=[aeiouyåäöé])/gu)].map((m) => m.index as number).slice(0, 4);
  for (let mask = 1; mask < 1 << single.length; mask++) {
    let doubled = word;
    for (let k = single.length - 1; k >= 0; k--)
      if (mask & (1 << k)) doubled = doubled.slice(0, (single[k] as number) + 1) + doubled.slice(single[k] as number);
    if (vocabulary.known(doubled)) return true;
  }
  const letters = 'abcdefghijklmnopqrstuvwxyzåäöé';
  for (let i = 0; i <= word.length; i++) {
    if (i < word.length && vocabulary.known(word.slice(0, i) + word.slice(i + 1))) return true;
    if (i < word.length - 1 && vocabulary.known(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2))) return true;
    for (const l of letters) {
      if (vocabulary.known(word.slice(0, i) + l + word.slice(i))) return true;
      if (i < word.length && vocabulary.known(word.slice(0, i) + l + word.slice(i + 1))) return true;
    }
  }
  return false;
}
/** A Swedish verb in a finite form after a word: that word is the subject ("Nowak svimmade", "Nowak tar"). */
const PERSON_VERB =
  /^,? (?!(?:eller|över|under|efter|sedan|vidare|kanske|fler|mer|där|här|inte|bara|också|även|heller|vilket|vilka)(?!\p{L}))(?:\p{Ll}{2,}(?:ade|dde|tte|de|te|ar|er|as)|har|hade|är|var|fick|får|ska|skall|kan|måste|ligger|låg|går|gick|tar|tog|blev|dog|mår|står|behöver|hostar|kräks|blöder)(?!\p{L})/u;
const HOS_BEFORE = /(?<=(?<!\p{L})hos[ \t]{1,3})/iuy;
const NAMING_BEFORE = /(?<=(?<!\p{L})(?:namn(?:et)?(?: är)?|heter|hette)[,:]?[ \t]{1,3})/iuy;
const before = (pattern: RegExp, text: string, at: number) => {
  pattern.lastIndex = at;
  return pattern.test(text);
};
/**
 * What stands before a name in its sentence: up to 60 characters back, from the sentence's start. A sentence ends at a
 * line break, or at ".", "!" or "?" before anything but a small letter: "C. diff" goes on.
 */
const sentenceBefore = (text: string, at: number) =>
  text.slice(Math.max(0, at - 60), at).replace(/^[\s\S]*(?:[.!?](?=\s+[^\p{Ll}])|\n)/u, '');
const sentenceAfter = (text: string, at: number) => text.slice(at, at + 60).replace(/(?:[.!?](?=\s+[^\p{Ll}]|\s*$)|\n)[\s\S]*$/u, '');

/**
 * Single name words that a patient detail beside them makes a person's (read after redactContacts, with the
 * knowledge loaded): a capitalised word that the knowledge does not write and that is no word in NOT_NAMES, a
 * stranger (`classify`), a Swedish word inside a sentence, or one shaped as a surname (SURNAME_END), or a word in
 * capitals shaped as a surname or a listed first name ("LIND"; not "MAP 55"), with a room, a bed, an age or a birth date beside it (DETAIL_AFTER, DETAIL_BEFORE), a listed
 * diagnosis within four words after it in its sentence ("Lindqvist har diabetes"), or a patient word within four
 * words before it ("Patienten i salen bredvid, Lindqvist"). `naming`: "namn är Lindqvist", "heter Lindqvist"
 * count too (for redaction; the writer's own name is no patient's). The [start, end] of each, left to right.
 */
function detailNames(text: string, naming: boolean): [number, number][] {
  if (!vocabulary.swedish) return [];
  const spans: [number, number][] = [];
  const classes = new Map<string, WordClass>();
  // The words around a name are read only when the text holds a diagnosis or a patient word at all.
  const all = wordsOf(text);
  const diagnoses = all.some(diagnosis) || healthPhraseIn(all);
  const patients = all.some((w) => vocabulary.patientWords?.has(w) === true);
  const near = DETAIL_NEAR.test(spaced(text));
  for (const m of text.matchAll(WORD_TOKEN)) {
    const word = m[0];
    if (word.length < 2) continue;
    const start = m.index as number;
    const end = start + word.length;
    const low = lower(word);
    if (!/^\p{Lu}/u.test(word)) {
      // In small letters, only a surname's shape that is no Swedish word, beside a health word ("lindqvist har mrsa").
      if (diagnoses && lowerSurname(word) && healthBeside(text, start, end)) spans.push([start, end]);
      continue;
    }
    if (vocabulary.diagnoses?.has(low) || vocabulary.patientWords?.has(low) || NOT_NAMES.has(low)) continue;
    let c = classes.get(word);
    if (c === undefined && !classes.has(word)) {
      c = classify(word);
      classes.set(word, c);
    }
    if (!c) continue;
    const surname = SURNAME_END.test(low);
    const opens = SENTENCE_START.test(text.slice(Math.max(0, start - 8), start));
    // In capitals, only a surname's shape or a listed first name: "MAP 55", "EKG (12)" are acronyms.
    const named = surname || vocabulary.firstNames.has(low);
    // A Swedish word that opens a sentence is a name only as the subject of a health fact ("Björk har gått bort",
    // "Strand föll i natt"), never before another word ("Behöver vi flagga MRSA?").
    const subject =
      opens &&
      diagnoses &&
      !definiteNoun(low) &&
      !(COMMON_NOUN_FORM.test(low) && swedishWord(word)) &&
      SUBJECT_VERB.test(text.slice(end, end + 16)) &&
      healthAfter(sentenceAfter(text, end));
    if (c.style === 'capitals' ? !named : !(c.stranger || surname || !opens || subject)) continue;
    const after = text.slice(end, end + 40);
    const detail =
      DETAIL_AFTER.test(after) ||
      ((named || c.stranger) && NUMBER_AFTER.test(after)) ||
      (named && BARE_AGE.test(after)) ||
      before(DETAIL_BEFORE, text, start) ||
      (naming && before(NAMING_BEFORE, text, start)) ||
      // For redaction, a stranger or a surname's shape as a sentence's subject or after "hos" is a person, whatever
      // is said of them: no list of health facts is complete ("Lindqvist har feber", "hos Nowak").
      (naming &&
        (c.stranger || surname) &&
        ((SUBJECT_VERB.test(text.slice(end, end + 16)) &&
          !(opens && (definiteNoun(low) || (COMMON_NOUN_FORM.test(low) && swedishWord(word))))) ||
          before(HOS_BEFORE, text, start)) &&
        !knownCompound(low) &&
        !nearKnown(low)) ||
      (near &&
        (DETAIL_NEAR.test(spaced(sentenceAfter(text, end)).slice(0, NEAR)) ||
          DETAIL_NEAR.test(spaced(sentenceBefore(text, start)).slice(-NEAR)))) ||
      (diagnoses && healthBeside(text, start, end)) ||
      (patients &&
        wordsOf(sentenceBefore(text, start))
          .slice(-4)
          .some((w) => vocabulary.patientWords?.has(w) === true));
    if (detail) spans.push([start, end]);
  }
  return spans;
}

const wordsOf = (text: string) => [...text.matchAll(/\p{L}+/gu)].map((w) => lower(w[0]));
/** A plural or definite ending: a word so written that opens a sentence is a noun ("Personalen", "Läkarna"). */
const COMMON_NOUN_FORM = /(?:na|en|et|or|ar|er|in)$/u;
/** A finite verb right after a sentence's first word: that word is the sentence's subject ("Fisk har", "Strand föll"). */
const SUBJECT_VERB =
  /^,? (?!(?:eller|över|under|efter|sedan|vidare|kanske|fler|mer|där|här|inte|bara|också|även|heller|vilket|vilka)(?!\p{L}))(?:\p{Ll}{2,}(?:ade|dde|tte|de|te|tes|des|ar|er|as|ggs)|blivit|sov|drack|åt|togs|skrevs|fördes|som|har|hade|är|var|fick|får|fått|föll|ligger|låg|ska|skall|kan|måste|går|gick|tar|blev|dog|avled|trillade|halkade|hotade|står|mår|behöver|bär|tog|bröt|kräks|blöder)(?!\p{L})/u;
/** A word in small letters shaped as a surname that is no Swedish word and no word of the knowledge ("lindqvist"). */
function lowerSurname(word: string): boolean {
  return word.length >= 5 && /^\p{Ll}+$/u.test(word) && LOWER_SURNAME_END.test(word) && !vocabulary.known(word) && !swedishWord(word);
}
// In small letters only the endings no Swedish compound has ("maxdosen", "vårdlinjen" end as "-sen", "-en" do).
const LOWER_SURNAME_END = /(?:s?son|qvist|kvist|quist|ström|berg|gren|lund|holm|dahl|stedt|blom|bäck|sjö|ski|nen|ić|ez|ova)$/u;
const RELATIVE_CLAUSE = /^, ?som [^,.!?\n]{1,80},/u;
/** A listed health word or phrase within four words after a name, or within four words before it, in its sentence. */
function healthBeside(text: string, start: number, end: number): boolean {
  if (healthAfter(sentenceAfter(text, end))) return true;
  // After a relative clause set off by commas, the name's own verb ("Lindqvist, som jag pratade med igår, har MRSA").
  const clause = RELATIVE_CLAUSE.exec(text.slice(end, end + 100));
  if (clause && healthAfter(sentenceAfter(text, end + clause[0].length))) return true;
  const before = wordsOf(sentenceBefore(text, start)).slice(-4);
  return before.some((w) => diagnosis(w)) || healthPhraseIn(before);
}
/** A listed diagnosis or health phrase within the first four words (a phrase may run on past them). */
function healthAfter(sentence: string): boolean {
  const words = wordsOf(sentence).slice(0, 8);
  return words.slice(0, 4).some((w) => diagnosis(w)) || healthPhraseIn(words.slice(0, 4 + PHRASE_RUN));
}
/**
 * What a compound ends in when it names a place of care, not a person's health ("cancercentrum",
 * "infektionskliniken", "demensvården", "smittskyddsenheten").
 */
const CARE_PLACE =
  /(?:centrum|centret|klinik|kliniken|mottagning|mottagningen|vård|vården|avdelning|avdelningen|enhet|enheten|skydd|skyddet|team|teamet|sektion|sektionen|förbund|förbundet|register|registret|program|programmet)$/u;
/** Whether the rest of a compound after a health word names a place of care ("centrum", "mottagningen"). */
export const carePlace = (rest: string): boolean => rest.length >= 3 && CARE_PLACE.test(rest);
/** A health stem in a word, unless what follows it names a place of care ("cancercentrum"; not "tvångsvård"). */
function healthStemIn(word: string, stem: string): boolean {
  const at = word.indexOf(stem);
  return at >= 0 && !carePlace(word.slice(at + stem.length));
}
/** Words a listed health phrase may add after the fourth ("har gått bort" ends two words on). */
const PHRASE_RUN = 3;
/** Whether the words hold a listed health phrase, its words in order and next to each other ("somnat in"). */
function healthPhraseIn(words: readonly string[]): boolean {
  const phrases = vocabulary.healthPhrases;
  if (!phrases?.length) return false;
  return phrases.some((phrase) => {
    const parts = phrase.split(' ');
    for (let i = words.indexOf(parts[0]); i >= 0; i = words.indexOf(parts[0], i + 1))
      if (parts.every((p, k) => words[i + k] === p)) return true;
    return false;
  });
}
/** A word for having, or testing for, what a listed diagnosis before it names ("hivpositiv", "hivtestet"). */
const HAVING = /(?<=\p{L}{2})(?:positiv|negativ|sjuk|smittad|drabbad|patient|test|prov|status|diagnos)(?:a|e|t|en|et|er|na)?$/u;
/** The endings of a noun's forms: definite, plural, genitive ("cancern", "strokes"; not "kolla" of "kol"). */
const INFLECTION = /^(?:n|t|s|en|et|er|ar|or|na|ns|ts|ens|ets|ers|ars|ors)$/u;
/**
 * A listed diagnosis, also in its definite or plural form ("cancern", "strokes"), and one of five letters or more as
 * the head of a compound ("bröstcancer", "lungcancern"; not "alkohol" for "kol"); or a word with a listed health stem
 * anywhere in it ("blöder", "smittsam", "trycksårsskada").
 */
function diagnosis(word: string): boolean {
  return remembered(diagnosisMemo, word, readDiagnosis);
}
function readDiagnosis(word: string): boolean {
  const d = vocabulary.diagnoses;
  if (!d?.size || word.length > 40) return false;
  if (vocabulary.healthStems?.some((stem) => healthStemIn(word, stem))) return true;
  if (d.has(word) || [1, 2, 3].some((n) => word.length > n + 2 && INFLECTION.test(word.slice(-n)) && d.has(word.slice(0, -n)))) return true;
  // A listed diagnosis before a word for having it or testing for it ("hivpositiv", "covidsjuk", "hivtestet").
  const had = HAVING.exec(word);
  if (had && d.has(word.slice(0, had.index).replace(/s$/u, ''))) return true;
  for (let i = 2; word.length - i >= 5; i++) {
    const head = word.slice(i);
    if (d.has(head) || [1, 2, 3].some((n) => head.length - n >= 5 && INFLECTION.test(head.slice(-n)) && d.has(head.slice(0, -n))))
      return true;
  }
  return false;
}

/**
 * A capitalised word the knowledge does not write, anywhere in a sentence (at its start too, whatever the word), with
 * a listed health word or phrase within four words on either side ("Hammar blöder", "har Berg gått bort"): the
 * editor's stricter reading for text saved into the knowledge, where a phrasing is a question about the page and a
 * name beside a health fact has no place. Returns the word found.
 */
export function nameBesideHealth(text: string): string | undefined {
  if (!vocabulary.diagnoses?.size) return undefined;
  const words = [...text.slice(0, 4000).matchAll(/\p{L}+/gu)];
  const low = words.map((w) => lower(w[0]));
  const health = low.map((w) => diagnosis(w));
  for (const phrase of vocabulary.healthPhrases ?? []) {
    const parts = phrase.split(' ');
    for (let i = low.indexOf(parts[0]); i >= 0; i = low.indexOf(parts[0], i + 1))
      if (parts.every((p, k) => low[i + k] === p)) for (let k = 0; k < parts.length; k++) health[i + k] = true;
  }
  if (!health.some(Boolean)) return undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i][0];
    if (health[i] || word.length < 2 || NOT_NAMES.has(low[i])) continue;
    if (!/^\p{Lu}/u.test(word) && !lowerSurname(word)) continue;
    if (vocabulary.patientWords?.has(low[i]) || knownWord(word)) continue;
    if (health.slice(Math.max(0, i - 4), i + 5).some(Boolean)) return word;
  }
  return undefined;
}

/**
 * Words in small letters where a person stands, a sentence's subject before a verb ("nowak svimmade") or after "hos",
 * "för", "till" or "åt" ("dialys för lindqvist"), that are neither the knowledge's, nor Swedish (as written or as a
 * compound of Swedish words), nor listed places and systems: for the editor, where a phrasing is a question about the
 * page and such a word is a name written small.
 */
export function smallNames(text: string, splits: (word: string) => boolean): string[] {
  if (!vocabulary.swedish) return [];
  lookupsLeft = SWEDISH_LOOKUPS;
  const out: string[] = [];
  for (const m of text.slice(0, 4000).matchAll(/\p{L}+/gu)) {
    const word = m[0];
    const start = m.index as number;
    const end = start + word.length;
    // Words of three letters are mostly question and function words ("hur", "vem"), which the word list lacks.
    if (word.length < 4 || !/^\p{Ll}+$/u.test(word) || out.includes(word)) continue;
    const subject = SENTENCE_START.test(text.slice(Math.max(0, start - 8), start)) && PERSON_VERB.test(text.slice(end, end + 24));
    if (!subject && !before(PERSON_BEFORE, text, start)) continue;
    if (vocabulary.known(word) || swedishWord(word) || knownCompound(word)) continue;
    if (!SURNAME_END.test(word) && splits(word)) continue;
    out.push(word);
  }
  return out;
}
const PERSON_BEFORE = /(?<=(?<!\p{L})(?:hos|för|till|åt)[ \t]{1,3})/iuy;

/**
 * The first listed health word or phrase in a text that the knowledge itself does not write ("MRSA", "gått bort"),
 * for the editor: a question about the page has no use for one, and text saved into the knowledge must hold no
 * patient's health. With `unwritten` false, any listed one, written by the knowledge or not (for what is stored).
 */
export function healthWordIn(text: string, unwritten = true): string | undefined {
  if (!vocabulary.diagnoses?.size) return undefined;
  const words = [...text.slice(0, 4000).matchAll(/\p{L}+/gu)].map((w) => w[0]);
  const low = words.map(lower);
  const i = low.findIndex((w) => diagnosis(w) && !(unwritten && vocabulary.known(w)));
  if (i >= 0) return words[i];
  const joined = ` ${low.join(' ')} `;
  return (vocabulary.healthPhrases ?? []).find((phrase) => joined.includes(` ${phrase} `));
}

/**
 * A single name word that a patient detail beside it makes a person's (`detailNames`, without naming words), for the
 * guard: "Lindqvist på sal 4", "en 72-årig man, Svensson", "Andersson har KOL". Returns the name found.
 */
export function namedByDetail(text: string): string | undefined {
  lookupsLeft = SWEDISH_LOOKUPS;
  const [span] = detailNames(text, false);
  return span && text.slice(span[0], span[1]);
}

/** Single name words with a patient detail beside them (`detailNames`) become "[namn]". */
function redactDetailNames(text: string): string {
  return nameSpansRedacted(text, detailNames(text, true));
}

/**
 * What stored text keeps of capitalised words: the knowledge's own, the listed places and systems, acronyms and
 * ordinary words, never a name no rule above recognised, whatever the sentence says of it ("dialys för Lindqvist",
 * "Nowaks graviditet", "Nowak svimmade"). Inside a sentence every capitalised word the knowledge does not write is
 * taken; where one opens a sentence, only a stranger or a surname's shape that is no Swedish word ("Personalen",
 * "Björk" stay). The engine reads questions before this (it names an unknown system in its reply); only what is
 * stored is redacted so.
 */
function redactUnknownCapitalised(text: string): string {
  if (!vocabulary.swedish) return text;
  const spans: [number, number][] = [];
  const classes = new Map<string, WordClass>();
  for (const m of text.matchAll(WORD_TOKEN)) {
    const word = m[0];
    if (word.length < 2 || !/^\p{Lu}/u.test(word)) continue;
    const low = lower(word);
    if (NOT_NAMES.has(low) || vocabulary.patientWords?.has(low) || vocabulary.diagnoses?.has(low)) continue;
    // An Irish or Italian name with its apostrophe ("O'Brien", "D'Angelo").
    if (/^\p{Lu}['’]\p{Lu}\p{Ll}+$/u.test(word) && !knownWord(word)) {
      spans.push([m.index as number, (m.index as number) + word.length]);
      continue;
    }
    let c = classes.get(word);
    if (c === undefined && !classes.has(word)) {
      c = classify(word);
      classes.set(word, c);
    }
    if (!c) continue;
    const bare = low.replace(/['’]?s$/u, '');
    const surname = SURNAME_END.test(bare);
    const named = surname || vocabulary.firstNames.has(bare);
    const start = m.index as number;
    const end = start + word.length;
    const opens = SENTENCE_START.test(text.slice(Math.max(0, start - 8), start));
    // In capitals, a surname's shape, or a word of four letters or more where a person stands: before a verb or a
    // health word, or after "för", "hos", "till" or "åt" ("NOWAK svimmade", "BJÖRKS dialys", "för BJÖRK"); "EKG",
    // "MAP", "IDA", "HYPERLINK(" are no names.
    if (
      c.style === 'capitals' &&
      !surname &&
      !(
        word.length >= 4 &&
        (PERSON_VERB.test(text.slice(end, end + 24)) || before(PERSON_BEFORE, text, start) || healthAfter(sentenceAfter(text, end)))
      )
    )
      continue;
    if (!surname && vocabulary.written?.(low)) continue;
    // A Swedish word is a name inside a sentence in its base form ("för Björk"); inflected as a noun or a verb is
    // ("Framtidens", "Stämmer", "Akuten"), or as a compound of Swedish words, it is none.
    const swedish = !c.stranger && swedishWord(word);
    // A short compound is a surname's shape as often ("Bergman", "Sandgren"): only one of nine letters or more counts.
    if (!c.stranger && !surname && ((low.length >= 9 && compoundWord(low)) || (swedish && (opens || COMMON_NOUN_FORM.test(bare)))))
      continue;
    if (nearKnown(low)) continue;
    // A compound of the knowledge's words, or one naming a place of care ("Diabetesmottagningen"), is no name.
    if (knownCompound(low) || CARE_PLACE.test(low)) continue;
    // Opening a sentence, a word of another language or a misspelt one is common ("What", "Ar det", "Decisionen att"):
    // only a surname's shape that is no Swedish word, or a stranger, that a verb follows as its subject ("Nowak
    // svimmade", "Nguyen tar"), and no Swedish noun in its definite form ("Dialysen behöver").
    if (opens && !(((named && !swedish) || c.stranger) && PERSON_VERB.test(text.slice(end, end + 24)) && !definiteNoun(low))) continue;
    spans.push([start, end]);
  }
  return nameSpansRedacted(text, spans);
}

/** The text with each span (in order, not overlapping) replaced by "[namn]". */
function nameSpansRedacted(text: string, spans: readonly (readonly [number, number])[]): string {
  if (!spans.length) return text;
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += text.slice(at, start) + REDACTED.name;
    at = end;
  }
  return out + text.slice(at);
}

/**
 * Names the text marks, and with the knowledge loaded names nothing marks (see the module comment), become "[namn]";
 * words in NOT_NAMES are kept.
 */
export function redactNames(text: string, options: { shapes?: boolean } = {}): string {
  const flat = text.replace(/\s+/g, ' ');
  const rules = NAME_RULES.filter(([trigger]) => trigger.test(flat)).map(([, rule]) => rule);
  lookupsLeft = SWEDISH_LOOKUPS;
  nearLeft = NEAR_LOOKUPS;
  const shaped = redactDetailNames(redactListedNames(redactFramedNames(redactNameRuns(rules.length ? replaceGapped(text, rules) : text))));
  if (options.shapes) return shaped;
  const stored = redactUnknownSubjects(redactUnknownCapitalised(shaped));
  return aboutSomeone(stored) ? onlyCommonWords(stored) : stored;
}

/** What follows a person as the subject of a sentence: a verb, "som" and a verb, or "han", "hon" or "hen" set after. */
const SUBJECT_AFTER = /^(?: som(?=,? \p{Ll}))?/u;
const ROOM_AFTER = new RegExp(String.raw`^,?[ \t]{1,3}(?:(?:på|i) )?${PLACE_WORD}\.?(?: nr\.?| nummer)?[ \t]?\d{1,3}(?!\d)`, 'iu');
const SUBJECTS_READ = 200;
// After "som", only a verb a person is the subject of ("linden som har", not "lades som optioner").
const SOM_VERB = /^ (?:har|hade|är|var|fick|får|ligger|låg|mår|mådde|blev|dog|vårdas|vårdades|behöver|kräks|blöder|hostar)(?!\p{L})/u;
// A verb a person is the subject of, or one in the past ("Holmen svimmade"); not every word in "-er" or "-ar", which
// a plural noun ends in as often ("missvisande uppgifter").
const PERSON_VERBS =
  'har hade är var fick får ska skall kan måste ligger låg går gick tar tog blev dog mår mådde står behöver hostar kräks blöder andas sover sov äter åt vill vårdas vårdades bor bodde heter jobbar arbetar undrar ringer vägrar säger sa sade tycker vet väntar sitter satt kommer kom'.split(
    ' ',
  );
const PERSON_SUBJECT_VERB = new RegExp(String.raw`^,? (?:${PERSON_VERBS.join('|')}|\p{Ll}{2,}(?:ade|dde|tte))(?!\p{L})`, 'u');
/** The words that can come right after a person (see PERSON_SUBJECT_VERB, SUBJECT_AFTER, PRONOUN_AFTER, ROOM_AFTER). */
const FOLLOWS_PERSON: ReadonlySet<string> = new Set([
  ...PERSON_VERBS,
  ...'som han hon hen på i sal salen säng sängen sängplats rum rummet bädd'.split(' '),
]);
const PRONOUN_AFTER = /^,? (?:han|hon|hen)(?!\p{L})/u;
/**
 * A word that stands where a person does becomes "[namn]" unless it can name no one: the subject of a verb that opens
 * a sentence or follows a word for the patient, a word before "som" and a verb, or one with a room or bed after it
 * ("holmen har klamydia", "yu har hiv", "jag vårdar linden som har …", "Blixt, han har …", "holmen på sal 4"). In
 * that place a name is written in any case and any form ("linden", "Holmen", "lee"), beside a health fact no list
 * holds or none at all: the word's spelling says little, so its place decides. Words that can name no one: the
 * knowledge's words and their forms, stopwords and question words, words for the patient, listed health words,
 * acronyms, Swedish verbs in the present and plural nouns, and long compounds (see anyoneAt).
 */
function redactUnknownSubjects(text: string): string {
  return nameSpansRedacted(text, unknownSubjects(text));
}

/** Where the words are that redactUnknownSubjects takes. */
function unknownSubjects(text: string): [number, number][] {
  const spans: [number, number][] = [];
  if (!vocabulary.small) return spans;
  // A long text repeats its words: each is read once.
  const read = new Map<string, boolean>();
  const tokens = [...text.matchAll(WORD_TOKEN)];
  for (let i = 0; i < tokens.length; i++) {
    const m = tokens[i] as RegExpMatchArray;
    const word = m[0];
    const start = m.index as number;
    const end = start + word.length;
    // Only a word before one of the words that can follow a person is read further: most words are none. A surname's
    // shape that is no Swedish word, capitalised, opening a sentence before a verb in small letters is its subject,
    // whatever the verb ("Eriksson skär sig", "Andersson slog").
    const next = lower(tokens[i + 1]?.[0] ?? '');
    const surname =
      /^\p{Lu}\p{Ll}+$/u.test(word) &&
      /^ \p{Ll}{2}/u.test(text.slice(end, end + 3)) &&
      surnameShaped(lower(word)) &&
      SENTENCE_START.test(text.slice(Math.max(0, start - 8), start)) &&
      !knownWord(word) &&
      !knownWord(word.replace(/s$/u, '')) &&
      !NOT_NAMES.has(lower(word)) &&
      !swedishWord(word) &&
      !definiteNoun(lower(word)) &&
      // The next word a verb ("Decisionen att", where a word of another language opens, is none).
      !vocabulary.small?.(next) &&
      (STRONG_VERB_FORMS.has(next) || vocabulary.notNoun?.(next) === true);
    if (surname) {
      spans.push([start, end]);
      continue;
    }
    if (!(FOLLOWS_PERSON.has(next) || /(?:ade|dde|tte)$/u.test(next))) continue;
    // In capitals the verb is too ("LINDEN HAR SVÅR SMÄRTA").
    const shouting = /^\p{Lu}{2,}$/u.test(word);
    const raw = text.slice(end, end + 60);
    const after = shouting ? lower(raw) : raw;
    // A room or bed right after a word makes it a person's in any place ("vårdar holmen på sal 4").
    const detail = ROOM_AFTER.test(after);
    const som = SUBJECT_AFTER.exec(after)?.[0] ?? '';
    if (!detail) {
      if (!(som && SOM_VERB.test(after.slice(som.length))) && !PRONOUN_AFTER.test(after) && !PERSON_SUBJECT_VERB.test(after)) continue;
      if (!som && !SENTENCE_START.test(text.slice(Math.max(0, start - 8), start)) && !afterPatientWord(text, start)) continue;
    }
    const caps = shouting && /^ ?\p{Lu}{2}/u.test(raw);
    const key = `${caps ? '!' : ''}${word}`;
    let named = read.get(key);
    if (named === undefined) {
      // Past a bound on the words read, a text is no message (a question has a few such places): what is left is
      // taken, unread.
      named = read.size >= SUBJECTS_READ || anyoneAt(word, caps);
      read.set(key, named);
    }
    if (!named) continue;
    spans.push([start, end]);
  }
  return spans;
}

/** Words for a role or a relative, which stand where a person does and name no one ("Chefen sa", "Dottern ringer"). */
const ROLES: ReadonlySet<string> = new Set(
  [
    'chef chefen chefer cheferna läkare läkaren läkarna doktor doktorn sköterska sköterskan sköterskor sköterskorna',
    'sjuksköterska sjuksköterskan undersköterska undersköterskan sekreterare sekreteraren ledning ledningen',
    'anhörig anhöriga dotter dottern son sonen fru frun make maken maka makan mamma mamman pappa pappan',
  ].flatMap((line) => line.split(' ')),
);

/** Whether a word for the patient stands right before `at` ("patienten linden har …"). */
function afterPatientWord(text: string, at: number): boolean {
  const before = /(\p{L}+)[ \t]{1,3}$/u.exec(text.slice(Math.max(0, at - 24), at));
  return !!before && !!vocabulary.patientWords?.has(lower(before[1]));
}

/** Whether a word in a person's place can be a name (see redactUnknownSubjects). */
function anyoneAt(word: string, shouting = false): boolean {
  const w = lower(word);
  if (vocabulary.firstNames.has(w) || vocabulary.wordSurnames?.has(w)) return true;
  if (NOT_NAMES.has(w) || ROLES.has(w) || vocabulary.small?.(w) || vocabulary.patientWords?.has(w) || vocabulary.clinicalWords?.has(w))
    return false;
  // An acronym ("IVA", "KAD"), unless the whole text is in capitals.
  if (diagnosis(w) || knownWord(word) || (!shouting && /^\p{Lu}{2,5}$/u.test(word))) return false;
  if (isWordSurname(w)) return true;
  // A Swedish verb in the present opening a question ("Fungerar datorerna", "Påverkar beslutet"), or a noun in its
  // plural ("Kollegor har", "Läkarna har"), is no name.
  if (/(?:r|na)$/u.test(w) && swedishWord(word)) return false;
  if (vocabulary.writtenForm?.(w) && !LOWER_SURNAME_END.test(w) && !SURNAME_END.test(w)) return false;
  // A compound of the knowledge's words, or of Swedish words of nine letters or more with no surname's shape
  // ("Millenniumavtalet", "medierapportering").
  return !(knownCompound(w) || (w.length >= 9 && !surnameShaped(w) && compoundWord(w)));
}

/**
 * A surname's ending, in the genitive too, with the endings of surnames made of Swedish words ("Sjöstrand",
 * "Björkman", "Lundmark", "Stålhammar"), which a compound noun has as well: for the stored text of a text about
 * someone's health and for a word where a person stands, where a compound noun lost costs little.
 */
function surnameShaped(w: string): boolean {
  const bare = w.replace(/s$/u, '');
  return [w, bare].some((x) => SURNAME_END.test(x) || LOWER_SURNAME_END.test(x) || WORD_SURNAME_END.test(x));
}
const WORD_SURNAME_END =
  /(?:man|mark|strand|hammar|stam|bom|hjelm|hielm|vall|skog|hed|dal|mo|ek|borg|bock|stolpe|sköld|svärd|kron|crona)$/u;

/**
 * A listed surname that is a Swedish word in its definite form ("linden", "holmen", "strömmen"), where the word is no
 * word of the knowledge's ("Hösten" is).
 */
function isWordSurname(w: string): boolean {
  const surnames = vocabulary.wordSurnames;
  if (!surnames?.size) return false;
  if (surnames.has(w)) return true;
  return ['en', 'n', 'men'].some((end) => w.length > end.length + 1 && w.endsWith(end) && surnames.has(w.slice(0, -end.length)));
}

/** Placeholders redaction writes, kept as they are when the words around them are read. */
const PLACEHOLDERS: ReadonlySet<string> = new Set([...Object.values(REDACTED), REDACTED_WORDS]);
const STORED_TOKEN = new RegExp(
  String.raw`${[...PLACEHOLDERS].map((p) => p.replace(/[[\]]/gu, (c) => `\\${c}`)).join('|')}|\p{L}[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)*|\p{N}+`,
  'gu',
);

/** A word with one letter left out: every such form of a word (the deletions behind an edit distance of one). */
function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}
let misspelt: { of: ReadonlySet<string>; whole: ReadonlySet<string>; cut: ReadonlySet<string> } | undefined;
/**
 * Whether a word of five letters or more is a listed diagnosis with one letter left out, added, changed or swapped
 * ("canser", "cancr", "diabets"): a misspelt health word still says what it says. Read by deletions: two words are
 * one edit apart when one is the other less a letter, or both less one letter agree.
 */
function misspeltDiagnosis(word: string): boolean {
  const d = vocabulary.diagnoses;
  if (!d?.size || word.length < 5 || word.length > 30) return false;
  if (misspelt?.of !== d) {
    const long = [...d].filter((w) => w.length >= 5);
    misspelt = { of: d, whole: new Set(long), cut: new Set(long.flatMap(deletions)) };
  }
  const { whole, cut } = misspelt;
  return cut.has(word) || deletions(word).some((x) => whole.has(x) || cut.has(x));
}

/** Forms of strong and irregular verbs that hunspell-sv's suffix rules do not make ("sov", "låg", "drack"). */
const STRONG_VERB_FORMS: ReadonlySet<string> = new Set(
  'sov låg drack åt föll bröt drog skrev gav tog slog bar såg satt stod gick kom fick blev dog sa sade gjorde fanns får går står ser gör vet kan vill ska syns ses sågs görs gjordes ges gavs tas togs fås'.split(
    ' ',
  ),
);
/**
 * Nouns of a ward's day that no one is named ("natt", "sal", "avvikelse", "flaggor"): times, places, records and
 * things staff ask about, kept in a text about someone's health though other nouns are taken.
 */
const WARD_NOUNS: ReadonlySet<string> = new Set(
  [
    'natt natten nätter dag dagen dagar morgon morgonen kväll kvällen förmiddag eftermiddag helg helgen vecka veckan',
    'veckor månad månaden år året tid tiden timme timmen timmar minut minuter gång gången gånger pass passet',
    'sal salen rum rummet säng sängen plats platsen avdelning avdelningen avdelningar enhet enheten mottagning',
    'mottagningen person personen personer fråga frågan frågor svar svaret dator datorn datorer flagga flaggan',
    'flaggor flaggning journal journalen journaler anteckning anteckningen anteckningar avvikelse avvikelsen',
    'avvikelser prov provet prover provsvar värde värdet värden dos dosen doser läkemedel läkemedlet remiss remissen',
    'ordination ordinationen lista listan rutin rutinen rutiner behörighet behörigheten lösenord lösenordet',
    'inloggning inloggningen uppgift uppgiften uppgifter målvärde målvärdet vård vården omsorg omsorgen vaccin',
    'vaccinet ansvar ansvaret besök besöket personal personalen kontakt kontakten system systemet semester semestern',
    'ledighet jobb jobbet arbete arbetet schema schemat utbildning utbildningen möte mötet kurs kursen nästa förra',
  ].flatMap((line) => line.split(' ')),
);
const PERSON_STATE = /(?<!\p{L})(?:han|hon|hen)[ \t]+(?:har|hade|är|var|fick|mår|mådde|ligger|låg|blev)(?!\p{L})/giu;
/**
 * Someone's state in the third person with a fact the knowledge and the ordinary words do not tell ("hon har fått
 * bältros"; not "hon har fått fel behörighet", "han är ledig i dag"): the three words after the verb are read.
 */
function personState(text: string): boolean {
  for (const m of text.matchAll(PERSON_STATE)) {
    const after = text.slice((m.index as number) + m[0].length, (m.index as number) + m[0].length + 60);
    const words = (/^[^.!?,;:\n]*/u.exec(after)?.[0] ?? '').match(/\p{L}+/gu)?.slice(0, 3) ?? [];
    const told = (w: string) => {
      const low = lower(w);
      return (
        !!vocabulary.small?.(low) ||
        WARD_NOUNS.has(low) ||
        STRONG_VERB_FORMS.has(low) ||
        knownWord(w) ||
        !!vocabulary.written?.(low) ||
        (vocabulary.notNoun?.(low) ?? swedishWord(w))
      );
    };
    if (words.some((w) => !told(w))) return true;
  }
  return false;
}
/**
 * Whether a text speaks of someone's health or of a patient: a listed health word or phrase, or a clinical word of
 * one word, that the knowledge does not write ("sömntabletter", "gått bort", "morfin"), a listed patient word
 * ("patienten", "pt", "mannen"), or a person's state in the third person ("hon har fått …").
 */
function aboutSomeone(text: string): boolean {
  if (!vocabulary.diagnoses?.size) return false;
  // Whether the knowledge writes the health word or not: an imported page that names "stroke" makes no patient's
  // stroke less private.
  if (healthWordIn(text, false)) return true;
  // Someone's state, told of in the third person ("hon har fått missfall", "han är sjukskriven"): whatever the fact,
  // no list holds them all.
  if (personState(text.slice(0, 4000))) return true;
  const { patientWords, clinicalWords } = vocabulary;
  return [...text.slice(0, 4000).matchAll(/\p{L}+/gu)].some((w) => {
    const low = lower(w[0]);
    return (
      !!patientWords?.has(low) ||
      (!!clinicalWords?.has(low) && !vocabulary.known(low)) ||
      (!vocabulary.known(low) && !swedishWord(low) && misspeltDiagnosis(low))
    );
  });
}

/**
 * Whether a word can name no one: the knowledge's own words and their forms, Swedish words in small letters (and,
 * capitalised, only long compounds), stopwords and question words, the listed
 * health, clinical and patient words, and years; never a listed first name or a surname that is a word.
 */
function commonWord(word: string, strict = true): boolean {
  const w = lower(word);
  if (vocabulary.firstNames.has(w) || vocabulary.wordSurnames?.has(w)) return false;
  if (/^\p{N}+$/u.test(word)) return /^(?:19|20)\d\d$/u.test(word);
  if (vocabulary.small?.(w) || vocabulary.patientWords?.has(w) || vocabulary.clinicalWords?.has(w) || diagnosis(w) || knownWord(word))
    return true;
  if (isWordSurname(w)) return false;
  // Another form of a word the knowledge writes ("systemet", "riskanalysen"), unless shaped as a surname in small
  // letters ("lindberg") or capitalised ("Hansen").
  if (w.length > 3 && vocabulary.writtenForm?.(w) && !LOWER_SURNAME_END.test(w) && !(word !== w && SURNAME_END.test(w))) return true;
  // In small letters, with the word classes at hand: only a verb, an adjective or an uninflected word. A surname that is
  // a Swedish word is a noun ("sparre", "sköld", "svärd", "linden", "holmens") or a listed adjective ("stolt"), and a
  // name the lexicon lacks is no word ("yu", "lee").
  if (word === w && strict && vocabulary.notNoun)
    return (
      STRONG_VERB_FORMS.has(w) ||
      WARD_NOUNS.has(w) ||
      !!vocabulary.written?.(w) ||
      vocabulary.notNoun(w) ||
      // A long word with no surname's shape, in the genitive too ("vårdkontakten", "vaccination"; not "lindqvist",
      // "sjöstrand", "björkman", "anderssons"): a surname that is a Swedish noun is a short one, in any form ("lind",
      // "sköld", "sparre", "linden", "holmens").
      (w.length >= 10 && !surnameShaped(w) && (swedishWord(w) || compoundWord(w)))
    );
  // The word list holds stems of three letters or more: a word of two letters in small letters is kept ("ta", "gå"),
  // one of three only as a Swedish word ("lee", "yan" are names).
  if (w.length <= 2) return word === w;
  if (w.length === 3) return word === w && swedishWord(word);
  if (word !== w && strict) {
    // Capitalised, a Swedish word is a surname as often, in any form ("Sommar", "Lejon", "Holmen", "Linden"): only a
    // compound of nine letters or more that is no surname's shape, in the genitive too ("Sjuksköterskan";
    // "Anderssons" is a surname's), is none.
    if (surnameShaped(w)) return false;
    return w.length >= 9 && compoundWord(w);
  }
  // A surname's shape, in the genitive too ("Anderssons").
  const bare = w.replace(/s$/u, '');
  if (LOWER_SURNAME_END.test(w) || SURNAME_END.test(w) || SURNAME_END.test(bare)) return swedishWord(word);
  // A Swedish word, or a compound of them ("bukläge").
  return swedishWord(word) || (w.length >= 6 && compoundWord(w));
}

/**
 * For text written into the knowledge (an answer, a page): in a sentence with a health word the knowledge does not
 * write, the first capitalised word that could be a name (see commonWord, read leniently), which makes the text a description of a
 * person's health ("Björk sov inte i natt och fick sömntabletter"). Acronyms of five letters or fewer are left to
 * the other rules ("KAD", "ECMO"), and so are the words of the page's `title`, its own name for what it describes.
 */
export function nameInHealthText(text: string, title = ''): string | undefined {
  if (!vocabulary.diagnoses?.size) return undefined;
  const titled = new Set([...title.matchAll(/\p{L}+/gu)].map((w) => lower(w[0])));
  // A page's section is long and read once, by a communicator's save: a larger budget than a chat message's.
  lookupsLeft = 20 * SWEDISH_LOOKUPS;
  nearLeft = NEAR_LOOKUPS;
  for (const sentence of text.slice(0, 20_000).split(/(?<=[.!?])\s+|\n+/u)) {
    if (!healthWordIn(sentence)) continue;
    for (const m of sentence.matchAll(WORD_TOKEN)) {
      const word = m[0];
      const low = lower(word);
      if (!/^\p{Lu}/u.test(word) || /^\p{Lu}{2,5}$/u.test(word) || NOT_NAMES.has(low) || titled.has(low)) continue;
      // A place's or system's genitive ("Kungälvs", "Millenniums") is no name when the place or system is known.
      if (/s$/u.test(word) && knownWord(word.slice(0, -1))) continue;
      // Leniently: a page writes capitalised Swedish words that open its sentences ("Läkare", "Anhöriga", "Rutinen");
      // the word surnames listed are taken all the same.
      if (!word.split('-').every((part) => commonWord(part, false)) && !CARE_PLACE.test(low)) return word;
    }
    // In any case, a word where a person stands ("När patienten linden har cancer …").
    for (const [start, end] of unknownSubjects(sentence)) {
      const word = sentence.slice(start, end);
      if (!titled.has(lower(word))) return word;
    }
  }
  return undefined;
}

/**
 * Words after which a person stands as the object: "hos", "åt", verbs of care in their forms, and verbs of contact
 * in the past ("ringde ljungen"; "dottern ringer hela tiden" has none).
 */
const PERSON_OBJECT_AFTER: ReadonlySet<string> = new Set(
  [
    'hos åt',
    'ringde ringt träffade träffat besökte besökt',
    'vårdar vårdade vårdat vårda sövde sövt söver söva väckte väckt väcker väcka',
    'undersökte undersökt undersöker undersöka behandlade behandlat behandlar behandla',
    'opererade opererat opererar operera intuberade intuberat intuberar intubera',
    'flyttade flyttat flyttar flytta skrev skriver lade lagt lägger la tog tagit tar',
    'hjälpte hjälpt hjälper hjälpa matade matat matar mata vände vänt vänder vända',
    'larmade larmat kontaktade kontaktat mötte mött',
  ].flatMap((line) => line.split(' ')),
);
/** A word, or each part of a hyphenated one, that is a listed patient, clinical or health word or the knowledge's. */
const noPerson = (word: string) =>
  word.split('-').every((part) => {
    const w = lower(part);
    return !!vocabulary.patientWords?.has(w) || !!vocabulary.clinicalWords?.has(w) || diagnosis(w) || NOT_NAMES.has(w) || knownWord(part);
  });

/** A subject pronoun: after it, a capitalised Swedish word that opens a question is its verb ("Behöver vi …"). */
const SUBJECT_PRONOUN = new Set(['jag', 'du', 'vi', 'ni', 'man', 'de', 'dom', 'det', 'den']);

/** A capitalised Swedish word before a subject pronoun: a verb opening a question ("Behöver vi", "Jobbar du"). */
function verbBeforeSubject(word: string, next: string | undefined): boolean {
  // A verb in the present ends in "-r" or "-s" ("Behöver", "Finns"); "Sparre du vet" is a name.
  if (next === undefined || !SUBJECT_PRONOUN.has(next) || !/^\p{Lu}\p{Ll}+[rs]$/u.test(word)) return false;
  const w = lower(word);
  return !vocabulary.firstNames.has(w) && !vocabulary.wordSurnames?.has(w) && (vocabulary.notNoun?.(w) ?? swedishWord(word));
}

/**
 * What is stored of a text that speaks of someone's health: only the words that cannot name anyone, the knowledge's
 * own words, Swedish stopwords and question words, the listed health and patient words and years; every other word
 * or number becomes "[…]". No rule can tell every name from other words (a surname that is a Swedish word, a name
 * written small, a health fact far from the name), and beside a health fact a name left is a patient's: so here the
 * words are kept that are known to be none, not taken that are found to be one. A listed first name never stays.
 */
function onlyCommonWords(text: string): string {
  const tokens = [...text.matchAll(STORED_TOKEN)];
  const low = tokens.map((m) => lower(m[0]));
  // The words of a listed health phrase where it stands ("ta sitt liv", though "liv" is a first name).
  const phrase = new Set<number>();
  for (const p of vocabulary.healthPhrases ?? []) {
    const parts = p.split(' ');
    for (let i = low.indexOf(parts[0]); i >= 0; i = low.indexOf(parts[0], i + 1))
      if (parts.every((part, k) => low[i + k] === part)) for (let k = 0; k < parts.length; k++) phrase.add(i + k);
  }
  // A long text repeats its words: each is read once.
  const common = new Map<string, boolean>();
  const commonOnce = (word: string): boolean => {
    const known = common.get(word);
    if (known !== undefined) return known;
    const is = commonWord(word);
    common.set(word, is);
    return is;
  };
  let out = '';
  let at = 0;
  let open = false;
  tokens.forEach((m, i) => {
    const word = m[0];
    const start = m.index as number;
    const gap = text.slice(at, start);
    at = start + word.length;
    // A verb before its subject opens the text and stands right before it ("Behöver vi"; not "Blixt, han har …").
    const verb = i === 0 && /^ (?=\p{L})/u.test(text.slice(at, at + 2)) && verbBeforeSubject(word, low[i + 1]);
    // Right after a word for the patient, a word the knowledge does not write names them ("patienten holmen har hiv");
    // so does one where a person is the object, after "hos", "åt" or a verb of care or contact ("ringde ljungen om
    // hennes cancer", "cancern hos ljung"), or a genitive before a health word ("ljungens cancer"), unless it is a
    // listed health, patient or clinical word.
    const previous = low[i - 1] ?? '';
    const named =
      !PLACEHOLDERS.has(word) &&
      (!!vocabulary.patientWords?.has(previous) ||
        ((PERSON_OBJECT_AFTER.has(previous) || (/\p{L}s$/u.test(word) && diagnosis(low[i + 1] ?? ''))) && !noPerson(word))) &&
      !vocabulary.small?.(low[i] ?? '') &&
      !knownWord(word);
    if (!named && (PLACEHOLDERS.has(word) || phrase.has(i) || word.split('-').every(commonOnce) || verb)) {
      out += gap + word;
      open = false;
    } else if (!(open && /^[ \t]*$/u.test(gap))) {
      out += gap + REDACTED_WORDS;
      open = true;
    }
  });
  return out + text.slice(at);
}

/**
 * Redacts, then cuts to `max` characters (with "…" when cut). Cutting first could split a personnummer into a part
 * that no longer looks like one and so survives. Only the text's head (reach.ts), which the guard reads, can reach
 * the result: redaction shortens text, and what it brings within the cut from past the head the guard never read.
 */
export function redactThenCut(text: string, max: number): string {
  const read = head(text).length;
  // Only the start of a long text can reach the cut: no match grows more than threefold ("Bo" -> "[namn]"), so the
  // first 4 × max characters, redacted, are longer than the cut unless redaction shortened them.
  const room = 4 * max + SPAN;
  let safe = read > room ? redactStart(text, room) : '';
  if (safe.length <= max) safe = redactStart(text, read);
  return safe.length > max || read < text.length ? `${safe.slice(0, max)}…` : safe;
}

/**
 * What the first `n` characters of a text become when the text is redacted: they are redacted with the SPAN
 * characters after them in view, so that a number, address or name that the n-th character cuts in two is
 * recognised, and only what comes from the n characters is kept. No match spans more than SPAN characters, so what
 * the two readings below agree on is the redacted text's start.
 */
function redactStart(text: string, n: number): string {
  if (text.length <= n) return redact(text);
  const own = redact(text.slice(0, n));
  const seen = redact(text.slice(0, n + SPAN));
  let same = 0;
  while (same < own.length && own.charCodeAt(same) === seen.charCodeAt(same)) same++;
  return own.slice(0, same);
}

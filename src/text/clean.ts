/**
 * The one cleaning path for free text. Every value a person types that enters the service (questions in every
 * channel, modal and card fields, feedback comments, ticket context and desk answers, editor fields, review keys,
 * ids built from text) passes through `cleanText` before anything else reads it, and through `safeText` (cleaned,
 * then redacted) before anything stores, logs or sends it. Storage, logs, ids, YAML and outbound cards only ever
 * see the output, so that a personnummer typed with a Unicode minus, a thin space or full-width digits is the same
 * personnummer to the redactor as one typed with ASCII.
 *
 * The steps, in order:
 * 1. NUL is refused (`TextRefused`): no one types it, and PostgreSQL cannot store it.
 * 2. Unicode NFKC: full-width and other compatibility forms become their plain letters and digits ("１９" -> "19",
 *    "ﬁ" -> "fi"), and digits of other scripts become ASCII digits.
 * 3. Invisible formatting characters (soft hyphen, zero-width space and joiners, direction marks, BOM) are removed,
 *    so that "pati\u00adenten" is "patienten".
 * 4. Every space variant (no-break, thin, narrow no-break, ideographic, the braille blank U+2800, which is not a
 *    space to Unicode but shows as one …) becomes a space; line and paragraph separators and CR LF become a line
 *    break; other control characters become a space.
 * 5. Every dash variant becomes one of the three the rest of the service knows: the hyphen-minus, the en dash
 *    (ranges, "35–40") or the em dash. U+2212 minus, the non-breaking hyphen, full-width hyphens and the horizontal
 *    lines that look like a dash (box drawing "─", "⎯") become "-".
 * 6. Letters of other scripts that look like Latin letters (confusables.ts, from Unicode's confusables) become the
 *    Latin letter in a word written in Latin letters ("pаtienten" with a Cyrillic "а", "Kаrin") and in a word made
 *    only of such look-alikes; a word with any other letter of its script (Russian, Greek text) is left as written.
 *    Latin letters with diacritics (å, ä, ö, é, ü) are letters of their own and never change.
 *
 * The cleaned text is what the rest of the service reads and what it shows and stores: redaction (redact.ts), the
 * guard's clinical and patient rules and the analysis all read it. Bullets and middle dots stay (they mark lists);
 * the redactor reads any short gap between digits, so no separator needs folding for it.
 */

import { TextRefused } from '../errors';
import { CONFUSABLE_LETTERS } from './confusables';
import { GUARD_READS } from './reach';
import { redact, redactThenCut } from './redact';

export { TextRefused };

/**
 * Cleaning reads at most this many characters of a text, and its result is at most this long: four times what the
 * guard reads (reach.ts), so that a text that loses its invisible characters still fills the guard's reading.
 */
export const CLEAN_READS = 4 * GUARD_READS;

// Format and default-ignorable characters: soft hyphen, zero-width space and joiners, word joiner, direction marks,
// BOM, variation selectors, the combining grapheme joiner, Hangul fillers …; and combining marks on a digit.
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]|(?<=\p{Nd})\p{M}+/gu;
const SPACES = /[\p{Zs}\u180e\u2800]/gu;
const LINE_BREAKS = /\r\n?|[\u2028\u2029\u0085]/g;
// Controls other than tab and line feed (NUL is refused before this runs).
const CONTROLS = /[\u0001-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Every dash punctuation but the en and em dash, and the minus signs and hyphen bullet, becomes "-".
const HYPHENS = /(?![\u2013\u2014])[\p{Pd}\u2043\u2212\u2796\u02d7]/gu;
// Horizontal lines that read as a dash between digits: box drawing, the horizontal line extension, the hyphen bullet.
const LINES = /[\u2500\u2501\u2504\u2505\u2508\u2509\u254c\u254d\u23af\u23e4\u2e3a\u2e3b]/g;
// Fraction and division slashes become "/".
const SLASHES = /[\u2044\u2215\u29f8]/g;
const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/gu;

// Each digit's value, found once: Unicode has some 700 decimal digits, so a text costs one lookup per digit.
const DIGIT_VALUES = new Map<string, string>();
/** The value of a decimal digit of any script: Unicode encodes each script's digits 0-9 in one run. */
function digitValue(ch: string): string {
  const known = DIGIT_VALUES.get(ch);
  if (known !== undefined) return known;
  let cp = ch.codePointAt(0) as number;
  let steps = 0;
  // Walk back to the start of the run of digits; runs are whole multiples of ten, so the offset modulo 10 is the value.
  while (steps < 60 && /\p{Nd}/u.test(String.fromCodePoint(cp - 1))) {
    cp--;
    steps++;
  }
  const value = String(steps % 10);
  DIGIT_VALUES.set(ch, value);
  return value;
}

const LATIN = new Map(CONFUSABLE_LETTERS.map(([cp, letter]) => [String.fromCodePoint(cp), letter]));
const LOOKALIKES = `[${[...LATIN.keys()].join('')}]`;
const LOOKALIKE = new RegExp(LOOKALIKES, 'u');
const EVERY_LOOKALIKE = new RegExp(LOOKALIKES, 'gu');
// A word: letters with their marks.
const WORD = /[\p{L}\p{M}]+/gu;
const LATIN_LETTER = /\p{Script=Latin}/u;
const OTHER_LETTER = /(?!\p{Script=Latin})\p{L}/u;

/**
 * A word with its look-alike letters made Latin, when the word is written in Latin letters (at least one) or only in
 * look-alikes; otherwise (a Russian or Greek word with letters of its own) as written.
 */
function foldWord(word: string): string {
  if (!LOOKALIKE.test(word)) return word;
  const rest = word.replace(EVERY_LOOKALIKE, '');
  if (OTHER_LETTER.test(rest) && !LATIN_LETTER.test(rest)) return word;
  return word.replace(EVERY_LOOKALIKE, (ch) => LATIN.get(ch) ?? ch);
}

/**
 * The cleaned text (see the module comment). `label` names the field in the Swedish refusal ("Frågan",
 * "Kommentaren"). Idempotent: cleaning a cleaned text changes nothing. Only the first CLEAN_READS characters are
 * cleaned and kept, counted before NFKC and again after it (one character such as U+FDFA becomes 18): every field
 * that takes text is far shorter, so a longer text is too long whatever it holds, and the caller that must say so
 * reads the length of the text it was given.
 */
export function cleanText(text: string, label = 'Texten'): string {
  const raw = text.length > CLEAN_READS ? text.slice(0, CLEAN_READS) : text;
  if (raw.includes('\u0000')) throw new TextRefused(label);
  // NFKC, except that "…" stays one character (NFKC would make it "...", and answers use it).
  let out = raw.includes('…')
    ? raw
        .split('…')
        .map((part) => part.normalize('NFKC'))
        .join('…')
    : raw.normalize('NFKC');
  if (out.length > CLEAN_READS) out = out.slice(0, CLEAN_READS);
  if (/[^\u0000-\u007f]/.test(out)) {
    out = out
      .replace(NON_ASCII_DIGIT, digitValue)
      .replace(INVISIBLE, '')
      .replace(SPACES, ' ')
      .replace(HYPHENS, '-')
      .replace(LINES, '-')
      .replace(SLASHES, '/');
    if (LOOKALIKE.test(out)) out = out.replace(WORD, foldWord);
  }
  return out.replace(LINE_BREAKS, '\n').replace(CONTROLS, ' ');
}

/** Cleaned, then redacted: what may be stored, logged or sent. */
export function safeText(text: string, label?: string): string {
  return redact(cleanText(text, label));
}

/** Cleaned, redacted, then cut to `max` characters (with "…"): redaction before the cut (see redactThenCut). */
export function safeTextCut(text: string, max: number, label?: string): string {
  return redactThenCut(cleanText(text, label), max);
}

/**
 * Redaction of personal data before anything is stored or logged: Swedish personnummer and samordningsnummer,
 * Swedish phone numbers and e-mail addresses, in the forms people really type (groups separated by nothing, a
 * space, a hyphen, an en dash or a dot, with or without spaces around it, a century or not, "(070)" and "+46 (0)").
 * Staff may paste these into a question; none of them is ever needed to answer one.
 *
 * Redact first, cut after: a number split by a length cut no longer looks like a number (see `redactThenCut`).
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
const EMAIL = /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}.-]{1,253}\.[\p{L}]{2,24}/gu;

export const REDACTED = { personnummer: '[personnummer]', phone: '[telefon]', email: '[e-post]' } as const;

/** The text with personal data replaced by placeholders such as "[personnummer]". */
export function redact(text: string): string {
  return (text.includes('@') ? text.replace(EMAIL, REDACTED.email) : text)
    .replace(PHONE_INTERNATIONAL, phone)
    .replace(PERSONNUMMER, REDACTED.personnummer)
    .replace(PHONE, phone);
}

/** A phone-shaped match is redacted when it has as many digits as a Swedish number (8 to 15 with a prefix). */
function phone(match: string): string {
  const digits = match.replace(/\D/g, '').length;
  return digits >= 8 && digits <= 15 ? REDACTED.phone : match;
}

/**
 * Redacts, then cuts to `max` characters (with "…" when cut). Cutting first could split a personnummer into a part
 * that no longer looks like one and so survives.
 */
export function redactThenCut(text: string, max: number): string {
  const safe = redact(text);
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}

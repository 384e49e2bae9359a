/**
 * Redaction of personal data before anything is stored: Swedish personnummer and samordningsnummer in all common
 * forms, phone numbers and e-mail addresses. Staff may paste these into a question; none of them is ever needed to
 * answer one.
 */

// YYMMDD or YYYYMMDD, then -, + or space (or nothing), then four digits. Day 61-91 is a samordningsnummer.
const PERSONNUMMER = /(?<![\d])(?:19|20)?\d{2}[- ]?(?:0[1-9]|1[0-2])[- ]?(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+ ]?\d{4}(?![\d])/g;
// +46 / 0046 / 0, then 7-10 more digits in groups separated by spaces or hyphens.
const PHONE = /(?<![\w+])(?:\+46|0046|0)[\s-]?(?:\(0\)[\s-]?)?\d{1,3}(?:[\s-]?\d{2,4}){2,4}(?![\d])/g;
// Bounded as RFC 5321 bounds them (64 before @, 255 after): unbounded, a long run of letters costs quadratic time.
const EMAIL = /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}.-]{1,253}\.[\p{L}]{2,24}/gu;

export const REDACTED = { personnummer: '[personnummer]', phone: '[telefon]', email: '[e-post]' } as const;

/** The text with personal data replaced by placeholders such as "[personnummer]". */
export function redact(text: string): string {
  return (text.includes('@') ? text.replace(EMAIL, REDACTED.email) : text)
    .replace(PERSONNUMMER, REDACTED.personnummer)
    .replace(PHONE, (m) => (m.replace(/\D/g, '').length >= 8 ? REDACTED.phone : m));
}

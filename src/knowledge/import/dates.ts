/**
 * The date a document states for itself, as the knowledge writes it (ÅÅÅÅ-MM-DD, or ÅÅÅÅ when only the year is
 * known): from a line such as "Publicerad: 12 november 2020", or from metadata (HTML meta tags, Word's core
 * properties, a PDF's info dictionary). A line on the page wins over metadata: metadata often records when a file
 * was saved, not when the page was published.
 */

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
const MONTH_ABBR = MONTHS.map((m) => m.slice(0, 3));

/** The form the knowledge accepts for `published`. */
export const DATE_FORM = /^\d{4}(-\d{2}(-\d{2})?)?$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** A date written out in a Swedish text or metadata, as ÅÅÅÅ-MM-DD or ÅÅÅÅ; undefined when none is there. */
export function readDate(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  // A PDF date: "D:20201112093000+01'00'", the month and day optional.
  const pdf = /^d:((?:19|20)\d\d)(\d\d)?(\d\d)?/.exec(t);
  if (pdf) return pdf[2] && pdf[3] && valid(+pdf[1]!, +pdf[2], +pdf[3]) ? `${pdf[1]}-${pdf[2]}-${pdf[3]}` : pdf[1];
  const iso = /(?:^|[^\d])((?:19|20)\d\d)-?(\d\d)-?(\d\d)(?!\d)/.exec(t);
  if (iso && valid(+iso[1]!, +iso[2]!, +iso[3]!)) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const words = /(\d{1,2})\s+([a-zåäö]+)\.?\s+((?:19|20)\d\d)/.exec(t);
  if (words) {
    const month = monthOf(words[2]!);
    if (month && valid(+words[3]!, month, +words[1]!)) return `${words[3]}-${pad(month)}-${pad(+words[1]!)}`;
  }
  const year = /(?:^|[^\d])((?:19|20)\d\d)(?!\d)/.exec(t);
  return year?.[1];
}

function monthOf(word: string): number | undefined {
  const i = MONTHS.indexOf(word);
  if (i >= 0) return i + 1;
  const j = MONTH_ABBR.indexOf(word.slice(0, 3));
  return j >= 0 && word.length <= 4 ? j + 1 : undefined;
}

function valid(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1900;
}

/** The labels a page puts before its own dates, the publication first: it is what `published` means. */
const LABELS = [/publicerad|publicerat|publiceringsdatum/, /uppdaterad|uppdaterat|senast (?:uppdaterad|ändrad)|ändrad/, /datum/];

/** The date a text states on a labelled line ("Publicerad: 2020-11-12", "Uppdaterad 3 mars 2021"), publication first. */
export function statedDate(text: string): string | undefined {
  const lines = text.split(/\n|(?<=\d{4})\s{2,}/).map((l) => l.trim().toLowerCase());
  for (const label of LABELS)
    for (const line of lines) {
      const m = new RegExp(`^(?:\\*\\*|_)?(?:${label.source})(?:\\*\\*|_)?\\s*:?\\s*(.{4,40})`).exec(line);
      const date = m && readDate(m[1]!);
      if (date) return date;
    }
  return undefined;
}

/** A line that only states a date ("Publicerad: 2020-11-12"): metadata, not content, so it is not kept in a section. */
export function isDateLine(line: string): boolean {
  const t = line.trim().toLowerCase().replace(/[*_]/g, '');
  const m = new RegExp(`^(?:${LABELS.map((l) => l.source).join('|')})\\s*:?\\s*(.*)$`).exec(t);
  return !!m && (m[1] === '' || (m[1]!.length <= 40 && !!readDate(m[1]!)));
}

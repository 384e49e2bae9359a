/**
 * Stage: colloquial spellings.
 *
 * Staff write in chat as they speak: "nån", "nåt", "e" for "är", "va" for "vad", "mej", abbreviations such as "ngn"
 * and "pga". Each maps to the standard form the knowledge is written in, before stopwords, stemming and
 * compounds, so that "va hände med nåt av det" meets "vad hände med något av det". General Swedish only: nothing
 * here is about this bot's topic (domain words belong in knowledge/synonyms.yaml).
 */
import type { RawWord } from './tokenize';

const STANDARD: Record<string, string> = {
  nån: 'någon',
  nåt: 'något',
  nåra: 'några',
  nånting: 'någonting',
  nånstans: 'någonstans',
  ngn: 'någon',
  ngt: 'något',
  ngr: 'några',
  e: 'är',
  va: 'vad',
  vart: 'var',
  dom: 'de',
  dem: 'de',
  mej: 'mig',
  dej: 'dig',
  sej: 'sig',
  sen: 'sedan',
  int: 'inte',
  inge: 'inget',
  o: 'och',
  å: 'och',
  di: 'de',
  elle: 'eller',
  asså: 'alltså',
  nä: 'nej',
  sån: 'sådan',
  såna: 'sådana',
  sånt: 'sådant',
  mkt: 'mycket',
  pga: 'på grund av',
  bla: 'bland annat',
  iaf: 'i alla fall',
  ev: 'eventuellt',
  tex: 'till exempel',
  infon: 'informationen',
};

/** The words with colloquial spellings replaced by their standard forms (a form of several words is split). */
export function standardSpellings(words: readonly RawWord[]): RawWord[] {
  const out: RawWord[] = [];
  for (const w of words) {
    const standard = STANDARD[w.text];
    if (!standard) out.push({ text: w.text, index: out.length });
    else for (const part of standard.split(' ')) out.push({ text: part, index: out.length });
  }
  return out;
}

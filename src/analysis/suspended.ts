/**
 * Stage: suspended compounds ("IVA- och anestesivården", "primär- och specialistvård").
 *
 * A first part written with a trailing hyphen borrows the head of the next compound: "iva- och anestesivården"
 * means "ivavården och anestesivården". We find the head with the compound splitter and emit the completed word.
 */
import type { Lexicon } from './compounds';
import type { RawWord } from './tokenize';

/** The words between a suspended first part and the compound it borrows its head from. */
export const SUSPENDED_JOINS: ReadonlySet<string> = new Set(['och', 'eller', 'samt', 'resp', 'respektive']);

/** Returns the words with each suspended first part replaced by its completed compound. */
export function expandSuspended(words: RawWord[], lexicon: Lexicon): RawWord[] {
  const out: RawWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as RawWord;
    if (!w.text.endsWith('-') || w.text.length < 2) {
      out.push(w);
      continue;
    }
    const prefix = w.text.slice(0, -1);
    // Look past conjunctions and further suspended parts ("primär-, sekundär- och specialistvård").
    let j = i + 1;
    while (j < words.length && (SUSPENDED_JOINS.has(words[j]?.text ?? '') || words[j]?.text.endsWith('-'))) j++;
    const headWord = words[j]?.text;
    const parts = headWord ? lexicon.split(headWord.replace(/-/g, '')) : null;
    const head = parts ? parts[parts.length - 1] : undefined;
    out.push({ text: head ? `${prefix}${head}` : prefix, index: w.index });
  }
  return out;
}

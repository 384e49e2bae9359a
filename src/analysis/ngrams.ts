/**
 * Stage: character n-grams.
 *
 * Words that share most of their letters often share their meaning in Swedish even when no rule relates them: an
 * inflection the stemmer keeps ("beslutet", "beslutades"), a compound the lexicon cannot split, a misspelling the
 * corrector does not reach, a colloquial form. Each content word also yields its 4- and 5-letter grams (with "_"
 * marking the word's edges, diacritics folded), indexed in a field of their own, so that such words still meet
 * with a small weight. They never count as covering a question word: coverage and confidence read whole words.
 */
import { fold } from './normalize';

export const NGRAM_SIZES = [4, 5] as const;

/** The n-gram terms ("ng:_besl", …) of some words, each gram once. */
export function ngramsOf(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (const word of words) {
    const w = `_${fold(word.replace(/-/g, ''))}_`;
    if (w.length < 6 || /\d/.test(w)) continue;
    for (const n of NGRAM_SIZES) for (let i = 0; i + n <= w.length; i++) out.add(`ng:${w.slice(i, i + n)}`);
  }
  return [...out];
}

/**
 * Stage: character n-grams.
 *
 * Words that share most of their letters often share their meaning in Swedish even when no rule relates them: an
 * inflection the stemmer keeps ("beslutet", "beslutades"), a compound the lexicon cannot split, a misspelling the
 * corrector does not reach, a colloquial form. Each content word also yields its 4- and 5-letter grams (with "_"
 * marking the word's edges, diacritics folded), indexed in a field of their own, so that such words still meet
 * with a small weight. They never count as covering a question word: coverage and confidence read whole words.
 */
import { stringsBytes, WordCache } from './cache';
import { fold } from './normalize';

export const NGRAM_SIZES = [4, 5] as const;

const NONE: readonly string[] = [];
// Words repeat far more often than they are new (10,000 passages: about a million words, tens of thousands of
// distinct ones), so each word's grams are computed once. Bounded by bytes (cache.ts), so that a stream of
// questions of long unique words cannot grow it.
export const ngramCache = new WordCache<readonly string[]>(48 * 1048576, stringsBytes);

/** The n-gram terms of one word ("beslut" -> "ng:_bes", "ng:besl", …); none for short words and numbers. */
export function wordNgrams(word: string): readonly string[] {
  const hit = ngramCache.get(word);
  if (hit) return hit;
  const w = `_${fold(word.replace(/-/g, ''))}_`;
  let grams: readonly string[] = NONE;
  if (w.length >= 6 && !/\d/.test(w)) {
    const out: string[] = [];
    for (const n of NGRAM_SIZES) for (let i = 0; i + n <= w.length; i++) out.push(`ng:${w.slice(i, i + n)}`);
    grams = out;
  }
  ngramCache.set(word, grams);
  return grams;
}

/** The n-gram terms ("ng:_besl", …) of some words, each gram once. */
export function ngramsOf(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (const word of words) for (const g of wordNgrams(word)) out.add(g);
  return [...out];
}

/**
 * Stage: Swedish stemming (Snowball), through lunr-languages' sv stemmer.
 *
 * natural's Swedish stemmer implements the same algorithm; `npm run bench` measures both: identical stems on every
 * word of our knowledge and the SweFAQ dev answers, and lunr-languages' about twice as fast per word (load times are
 * equal), so that is the one used. natural's package root is never imported anywhere (it costs about half a second
 * at start and pulls database clients); the bench loads only its stemmer submodule.
 */
import { WordCache } from './cache';
import { lunrSv } from './lunr-sv';

const svStemmer = lunrSv.sv.stemmer;

const cache = new WordCache<string>(8 * 1048576, (s) => 40 + s.length * 2);

/** Stems one lower-case word. Digits and hyphenated tokens are returned as they are. */
export function stem(word: string): string {
  if (word.length < 4 || /[\d-]/.test(word)) return word;
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const out = svStemmer(new lunrSv.Token(word, {})).toString();
  cache.set(word, out);
  return out;
}

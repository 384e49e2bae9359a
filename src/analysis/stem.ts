/**
 * Stage: Swedish stemming (Snowball), through natural's Swedish stemmer submodule.
 *
 * natural's package root is never imported: it costs about half a second at start and pulls database clients.
 * lunr-languages' sv stemmer implements the same Snowball algorithm; `npm run bench` measures both (same output on
 * our knowledge) and natural's is the one used because it is a plain function with no lunr Token wrapping.
 */
import porterSv = require('natural/lib/natural/stemmers/porter_stemmer_sv');

const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

/** Stems one lower-case word. Digits and hyphenated tokens are returned as they are. */
export function stem(word: string): string {
  if (word.length < 4 || /[\d-]/.test(word)) return word;
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const out = porterSv.stem(word);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, out);
  return out;
}

/**
 * Stage: compound splitting.
 *
 * Swedish writes compounds as one word ("journaldokumentation", "intensivvårdsoptionerna"), and nothing in lunr
 * splits them. We split against a lexicon built from the knowledge itself: a word is split into parts that are
 * each known (as written or by stem), with an optional linking -s- between parts ("beslut-s-stöd").
 */
import { stringsBytes, WordCache } from './cache';
import { stem } from './stem';

const MIN_PART = 3;
const MIN_WORD = 6;
/** Longer "words" are not split: real compounds are far shorter, and the search over split points grows with length. */
const MAX_WORD = 40;
const MAX_PARTS = 4;
/** A head the lexicon has never seen is accepted after a known first part if it is at least this long. */
const MIN_UNKNOWN_HEAD = 6;

/** Consonant clusters a Swedish word can begin with (sk, str, tj …); any other pair of consonants cannot. */
const ONSETS = new Set(
  (
    'bj bl br dj dr dv fj fl fn fr gl gn gr hj kl kn kr kv lj mj nj pj pl pr sf sj sk sl sm sn sp st sv tj tr tv vr ' +
    'ch sch skj skr skv spj spl spr stj str'
  ).split(' '),
);
const VOWEL = /[aeiouyåäöé]/u;

/** Whether a word begins as a Swedish word can: with a vowel, one consonant, or a cluster from ONSETS. */
export function swedishOnset(word: string): boolean {
  let n = 0;
  while (n < word.length && !VOWEL.test(word[n] as string)) n++;
  if (n === word.length) return false;
  return n <= 1 || ONSETS.has(word.slice(0, n));
}

export class Lexicon {
  private readonly known = new Set<string>();
  private readonly cache = new WordCache<string[] | null>(8 * 1048576, stringsBytes);

  /** @param words lower-case words seen in the knowledge (stopwords already removed). */
  constructor(words: Iterable<string>) {
    for (const w of words) {
      if (w.length >= MIN_PART && !/[\d-]/.test(w)) {
        this.known.add(w);
        this.known.add(stem(w));
      }
    }
  }

  get size(): number {
    return this.known.size;
  }

  has(word: string): boolean {
    return this.known.has(word) || this.known.has(stem(word));
  }

  /**
   * Splits a compound into known parts, or returns null when no split covers the whole word.
   * Prefers the fewest parts, then the longest last part (the head carries the meaning in Swedish).
   */
  split(word: string): string[] | null {
    if (word.length < MIN_WORD || word.length > MAX_WORD || /[\d-]/.test(word)) return null;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const result = this.best(word, 0, 1);
    const parts = result && result.length >= 2 ? result : null;
    this.cache.set(word, parts);
    return parts;
  }

  // Depth-first over split points; a part may be followed by a linking "s" that belongs to neither part.
  private best(word: string, from: number, depth: number): string[] | null {
    const rest = word.slice(from);
    if (depth > 1 && this.has(rest)) return [rest];
    // "journal|dokumentation": a known modifier and a long head that only occurs inside compounds.
    // It must begin the way a Swedish word can: "informationen" is not "info" + "rmation".
    if (depth === 2 && rest.length >= MIN_UNKNOWN_HEAD && swedishOnset(rest)) return [rest];
    if (depth >= MAX_PARTS) return null;
    let best: string[] | null = null;
    for (let end = word.length - MIN_PART; end >= from + MIN_PART; end--) {
      const part = word.slice(from, end);
      if (!this.known.has(part) && !this.known.has(stem(part))) continue;
      // "besluts|stöd": a trailing s after a known word is the linking -s-, not part of the word.
      if (depth === 1 && part.endsWith('s') && this.known.has(part.slice(0, -1))) continue;
      for (const next of word[end] === 's' && end + 1 <= word.length - MIN_PART ? [end, end + 1] : [end]) {
        const tail = this.best(word, next, depth + 1);
        if (tail && depth + 1 === 2 && tail.length === 1 && !this.has(tail[0] as string) && !this.known.has(part)) continue;
        if (
          tail &&
          (!best ||
            tail.length + 1 < best.length ||
            (tail.length + 1 === best.length && this.has(tail.at(-1) as string) && !this.has(best.at(-1) as string)))
        ) {
          best = [part, ...tail];
        }
      }
      if (best && best.length === 2 && this.has(best[1] as string)) break;
    }
    return best;
  }
}

/**
 * Stage: typo tolerance and missing å/ä/ö.
 *
 * A query word the knowledge never uses is mapped to the closest word it does use. First by folding diacritics
 * ("ersatter" -> "ersätter", "manga" -> "många"), then by edit distance that grows with word length: none below
 * five letters (too many short words are one edit apart), one up to eight, two from nine ("millenium").
 */
import { WordCache } from './cache';
import { fold } from './normalize';

export function maxEdits(length: number): number {
  if (length < 5) return 0;
  if (length < 9) return 1;
  return 2;
}

/**
 * Levenshtein distance, giving up once it exceeds `limit`.
 *
 * Row-by-row dynamic programme over the matrix d[i][j] = edits to turn a[0..i) into b[0..j):
 *        ""  b0  b1 ...
 *   ""    0   1   2
 *   a0    1   .   .     d[i][j] = min(d[i-1][j] + 1, d[i][j-1] + 1, d[i-1][j-1] + (a[i-1] != b[j-1]))
 * Only two rows are kept; when a whole row exceeds the limit no later row can come back under it.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] as number;
}

export class Vocabulary {
  private readonly words = new Map<string, number>();
  private readonly folded = new Map<string, string>();
  private byLength: [string, string][][] = [];
  private readonly cache = new WordCache<string | null>(8 * 1048576, (s) => 40 + (s?.length ?? 0) * 2);

  add(word: string): void {
    this.words.set(word, (this.words.get(word) ?? 0) + 1);
  }

  /** Call once after the last add(): builds the folded map and length buckets. */
  seal(): void {
    this.byLength = [];
    for (const [w, n] of this.words) {
      const f = fold(w);
      const prev = this.folded.get(f);
      if (prev === undefined || (this.words.get(prev) ?? 0) < n) this.folded.set(f, w);
      const bucket = this.byLength[f.length] ?? [];
      bucket.push([w, f]);
      this.byLength[f.length] = bucket;
    }
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  get size(): number {
    return this.words.size;
  }

  /** The known word closest to an unknown one, or null when none is close enough. */
  correct(word: string): string | null {
    if (this.words.has(word)) return word;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const f = fold(word);
    let best = this.folded.get(f) ?? null;
    const limit = maxEdits(f.length);
    if (!best && limit > 0) {
      let bestD = limit + 1;
      let bestN = 0;
      for (let len = f.length - limit; len <= f.length + limit; len++) {
        for (const [cand, candFolded] of this.byLength[len] ?? []) {
          const d = editDistance(f, candFolded, limit);
          const n = this.words.get(cand) ?? 0;
          if (d < bestD || (d === bestD && d <= limit && n > bestN)) {
            best = cand;
            bestD = d;
            bestN = n;
          }
        }
      }
      if (bestD > limit) best = null;
    }
    this.cache.set(word, best);
    return best;
  }
}

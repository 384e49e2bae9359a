/**
 * A word cache bounded by the memory its entries take, not by their number: a stream of questions made of long
 * unique words must not grow the process (entries of a 10,000-letter word are megabytes, not one slot of many).
 * Words longer than MAX_CACHED_WORD are not cached at all: real words are shorter, and computing them again costs
 * less than keeping them. When the budget is spent the oldest half goes (a Map iterates in insertion order).
 */
export const MAX_CACHED_WORD = 40;

export class WordCache<V> {
  private readonly map = new Map<string, { value: V; bytes: number }>();
  private used = 0;

  /** `size` estimates an entry's value in bytes; the key's UTF-16 (two bytes a character) and overhead are added. */
  constructor(
    private readonly budgetBytes: number,
    private readonly size: (value: V) => number = () => 16,
  ) {}

  get(word: string): V | undefined {
    return this.map.get(word)?.value;
  }

  set(word: string, value: V): void {
    if (word.length > MAX_CACHED_WORD || this.map.has(word)) return;
    const bytes = 64 + word.length * 2 + this.size(value);
    if (this.used + bytes > this.budgetBytes) this.evictHalf();
    this.map.set(word, { value, bytes });
    this.used += bytes;
  }

  /** Bytes held by the entries, as estimated. */
  get bytes(): number {
    return this.used;
  }

  get count(): number {
    return this.map.size;
  }

  private evictHalf(): void {
    let drop = Math.ceil(this.map.size / 2);
    for (const [key, entry] of this.map) {
      if (drop-- <= 0) break;
      this.map.delete(key);
      this.used -= entry.bytes;
    }
  }
}

/** The estimated bytes of a list of short strings. */
export const stringsBytes = (list: readonly string[] | null): number => (list ? 16 + list.reduce((n, s) => n + 40 + s.length * 2, 0) : 8);

import { describe, expect, it } from 'vitest';
import { MAX_CACHED_WORD, WordCache } from '../../src/analysis/cache';
import { ngramCache, wordNgrams } from '../../src/analysis/ngrams';
import { realEngine } from '../helpers';

const unique = (n: number, length: number) => {
  let x = n;
  let out = '';
  while (out.length < length) {
    out += String.fromCharCode(97 + (x % 26));
    x = Math.floor(x / 26) + length + out.length;
  }
  return out;
};

describe('word caches are bounded by memory, not by entries', () => {
  it('does not keep the n-grams of long unique words, however many questions bring them', () => {
    const engine = realEngine();
    const before = ngramCache.count;
    for (let i = 0; i < 300; i++) engine.ask(`${unique(i, 400)}?`);
    expect(ngramCache.count - before).toBeLessThan(5);
  });

  it('stays within its byte budget under a stream of distinct words', () => {
    const cache = new WordCache<string[]>(200_000, (v) => v.length * 50);
    for (let i = 0; i < 20_000; i++)
      cache.set(
        unique(i, 30),
        Array.from({ length: 20 }, () => 'ng:abcd'),
      );
    expect(cache.bytes).toBeLessThanOrEqual(200_000);
    expect(cache.count).toBeGreaterThan(0);
    cache.set('x'.repeat(MAX_CACHED_WORD + 1), []);
    expect(cache.get('x'.repeat(MAX_CACHED_WORD + 1))).toBeUndefined();
  });

  it('still answers from the cache for real words', () => {
    expect(wordNgrams('beslutet')).toBe(wordNgrams('beslutet'));
  });
});

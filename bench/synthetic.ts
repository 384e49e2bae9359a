/**
 * A synthetic knowledge base of N passages, to show how cost grows: each passage is 3 to 6 sentences drawn with a
 * seeded generator from the SweFAQ answers (real Swedish text from Swedish authorities).
 */
import { sentences } from '../src/answer/quote';

/** Mulberry32: a small seeded PRNG, so every run builds the same passages. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticPassages(source: readonly string[], n: number, seed = 42): { id: string; text: string }[] {
  const pool = source.flatMap((t) => sentences(t));
  const rnd = prng(seed);
  const out: { id: string; text: string }[] = [];
  for (let i = 0; i < n; i++) {
    const k = 3 + Math.floor(rnd() * 4);
    const parts: string[] = [];
    for (let j = 0; j < k; j++) parts.push(pool[Math.floor(rnd() * pool.length)] as string);
    out.push({ id: `syn-${i}`, text: parts.join(' ') });
  }
  return out;
}

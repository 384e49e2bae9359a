/**
 * A synthetic knowledge base of N passages, to show how cost grows: each passage is 3 to 6 sentences drawn with a
 * seeded generator from the SweFAQ answers (real Swedish text from Swedish authorities).
 */
import { sentences } from '../src/answer/quote';
import { seeded as prng } from '../src/cli/robustness';

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

/**
 * SweFAQ v2.0 (Språkbanken, SuperLim; CC BY 4.0), read from ../shared at run time and never copied into the repo.
 *
 * Official task: for each question, pick its answer among the candidate answers of its category; accuracy and
 * Krippendorff's pseudoalpha = (accuracy - 109/2049) / (1940/2049), as the documentation sheet defines.
 * Retrieval: rank all distinct answers of the split; hit@1, MRR@10 and nDCG@10 (one relevant answer).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../src/paths';

export interface SweFaqItem {
  category_id: number;
  question: string;
  candidate_answers: string[];
  label: number;
}

export function swefaqDir(): string {
  return process.env.SWEFAQ_DIR ?? join(repoRoot(), '..', 'shared', 'datasets', 'swefaq');
}

export function loadSweFaq(split: 'dev' | 'test'): SweFaqItem[] | null {
  const file = join(swefaqDir(), `swefaq_${split}.jsonl`);
  if (!existsSync(file)) return null;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SweFaqItem);
}

/** Distinct answers of a split, with ids, and the id of each question's right answer. */
export function answerPool(items: readonly SweFaqItem[]): { docs: { id: string; text: string }[]; gold: string[] } {
  const ids = new Map<string, string>();
  for (const it of items) for (const a of it.candidate_answers) if (!ids.has(a)) ids.set(a, `a${ids.size}`);
  const docs = [...ids].map(([text, id]) => ({ id, text }));
  const gold = items.map((it) => ids.get(it.candidate_answers[it.label] as string) as string);
  return { docs, gold };
}

export interface SweFaqScores {
  accuracy: number;
  pseudoalpha: number;
  hit1: number;
  mrr10: number;
  ndcg10: number;
}

/**
 * Scores a ranking function. `rank` returns ids best first over the whole pool; the official task keeps the
 * candidates of the question's category in that order (a candidate never ranked counts as a tie, broken by order).
 */
export function scoreSweFaq(items: readonly SweFaqItem[], rank: (q: string, limit: number) => string[]): SweFaqScores {
  const { docs, gold } = answerPool(items);
  const idOf = new Map(docs.map((d) => [d.text, d.id]));
  let correct = 0;
  let hit1 = 0;
  let mrr = 0;
  let ndcg = 0;
  items.forEach((it, i) => {
    const ranked = rank(it.question, docs.length);
    const pos = new Map(ranked.map((id, k) => [id, k]));
    const cands = it.candidate_answers.map((a) => idOf.get(a) as string);
    let best = 0;
    cands.forEach((id, k) => {
      const p = pos.get(id) ?? Number.POSITIVE_INFINITY;
      const bp = pos.get(cands[best] as string) ?? Number.POSITIVE_INFINITY;
      if (p < bp) best = k;
    });
    if (best === it.label) correct++;
    const r = ranked.slice(0, 10).indexOf(gold[i] as string);
    if (r === 0) hit1++;
    if (r >= 0) {
      mrr += 1 / (r + 1);
      ndcg += 1 / Math.log2(r + 2);
    }
  });
  const n = items.length;
  const accuracy = correct / n;
  return { accuracy, pseudoalpha: (accuracy - 109 / 2049) / (1940 / 2049), hit1: hit1 / n, mrr10: mrr / n, ndcg10: ndcg / n };
}

import { describe, expect, it } from 'vitest';
import { normalize } from '../src/analysis/normalize';
import { loadEval } from '../src/cli/eval';
import { realEngine } from './helpers';

describe('evaluation set', () => {
  const items = loadEval();
  const engine = realEngine();

  it('has at least 150 questions, 40 of them out of scope, split into dev and test', () => {
    expect(items.length).toBeGreaterThanOrEqual(150);
    expect(items.filter((i) => i.expect.length === 0).length).toBeGreaterThanOrEqual(40);
    expect(new Set(items.map((i) => i.split))).toEqual(new Set(['dev', 'test']));
  });

  // Compared as `faq eval` compares them: any dash is a dash (the answer writes 35–40, a question's fact 35-40).
  it('names only FAQ ids that exist, and facts their answers contain', () => {
    for (const item of items) {
      for (const id of item.expect) {
        const entry = engine.faqEntry(id);
        expect(entry, `${item.question} -> ${id}`).toBeDefined();
        if (item.fact && item.expect.length === 1) expect(normalize(entry?.answer ?? '')).toContain(normalize(item.fact));
      }
    }
  });
});

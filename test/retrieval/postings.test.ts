import fc from 'fast-check';

import lunr = require('lunr');

import { describe, expect, it } from 'vitest';
import { loadEval } from '../../src/cli/eval';
import { type Clause, Postings } from '../../src/retrieval/postings';
import { Ranker } from '../../src/retrieval/ranker';
import { analyzerOver, realEngine } from '../helpers';

/** The reference: lunr's own idx.query() with the same clauses. */
function lunrQuery(index: lunr.Index, clauses: readonly Clause[]) {
  return index
    .query((q) => {
      for (const c of clauses)
        q.term(c.term, {
          boost: c.boost,
          usePipeline: false,
          fields: [...c.fields],
          wildcard: lunr.Query.wildcard.NONE,
          presence: lunr.Query.presence.OPTIONAL,
        });
    })
    .map((r) => ({ ref: r.ref, score: r.score, matched: new Set(Object.keys(r.matchData.metadata)) }));
}

function expectSame(index: lunr.Index, postings: Postings, clauses: readonly Clause[], label: string) {
  const want = lunrQuery(index, clauses);
  const got = postings.query(clauses, want.length + 5);
  expect(got.length, label).toBe(want.length);
  const byRef = new Map(want.map((w) => [w.ref, w]));
  got.forEach((g, i) => {
    const w = byRef.get(g.ref);
    expect(w, `${label}: ${g.ref}`).toBeDefined();
    expect(g.score, `${label}: ${g.ref}`).toBeCloseTo(w?.score ?? Number.NaN, 9);
    expect([...g.matched].sort(), `${label}: ${g.ref}`).toEqual([...(w?.matched ?? [])].sort());
    // Same order as lunr's, up to ties.
    expect(g.score, `${label}: order`).toBeCloseTo(want[i]?.score ?? Number.NaN, 9);
  });
}

const engine = realEngine();
const ranker = engine.ranker;
const postings = new Postings(ranker.index);

describe('postings: lunr scores computed term at a time', () => {
  it('scores every evaluation question exactly as idx.query() does over the real knowledge', () => {
    const items = loadEval();
    expect(items.length).toBeGreaterThan(100);
    let nonEmpty = 0;
    for (const it of items) {
      const clauses = ranker.clauses(engine.analyzer.query(it.question));
      if (lunrQuery(ranker.index, clauses).length > 0) nonEmpty++;
      expectSame(ranker.index, postings, clauses, it.question);
    }
    expect(nonEmpty).toBeGreaterThan(100);
  });

  it('agrees with idx.query() on random clause lists: repeated terms, unknown terms, field lists, boosts', () => {
    const terms = [...new Set(Object.keys((ranker.index as unknown as { invertedIndex: object }).invertedIndex))];
    const clause = fc.record({
      term: fc.oneof(fc.constantFrom(...terms), fc.constantFrom('finnsinte', 'constructor', '__proto__')),
      boost: fc.double({ min: 0.05, max: 3, noNaN: true }),
      fields: fc.constantFrom(['q'], ['text'], ['q', 'text', 'title'], ['title', 'q']),
    });
    fc.assert(
      fc.property(fc.array(clause, { minLength: 1, maxLength: 12 }), (clauses) => {
        expectSame(ranker.index, postings, clauses, JSON.stringify(clauses));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the best `limit` in order, ties in document order', () => {
    const docs = Array.from({ length: 50 }, (_, i) => ({
      id: `d${i}`,
      fields: { text: i % 5 === 0 ? 'option option iva' : 'option iva' },
    }));
    const r = new Ranker(analyzerOver(docs.map((d) => d.fields.text)), docs);
    const p = new Postings(r.index);
    const clauses: Clause[] = [{ term: 'option', boost: 1, fields: ['text'] }];
    const all = p.query(clauses, 100);
    expect(all).toHaveLength(50);
    const top = p.query(clauses, 7);
    expect(top.map((t) => t.ref)).toEqual(all.slice(0, 7).map((t) => t.ref));
    // The ten documents with "option" twice come first, in document order.
    expect(top.map((t) => t.ref)).toEqual(['d0', 'd5', 'd10', 'd15', 'd20', 'd25', 'd30']);
    expect(p.query(clauses, 0)).toEqual([]);
    expect(p.query([{ term: 'finnsinte', boost: 1, fields: ['text'] }], 10)).toEqual([]);
  });
});

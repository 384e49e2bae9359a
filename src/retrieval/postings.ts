/**
 * lunr's own scores, computed term at a time.
 *
 * `idx.query()` scores every matching document by building a MatchData object per document and field and a vector
 * dot product per document; with 10,000 passages a question touches thousands of documents and that allocation is
 * almost all of the time (npm run bench shows it). This class reads the index lunr built (its inverted index and
 * its BM25 field vectors, with the same k1, b, boosts and rounding) once into flat posting arrays, then adds up
 * the same products per document into one typed array and keeps only the best `limit`.
 *
 * The scores are lunr's: score(doc) = Σ over fields of (query vector · field vector) / |query vector|, where a
 * query vector holds the summed boosts of the clause terms the index knows. test/retrieval/postings.test.ts checks it
 * against `idx.query()` on random questions. Only what the ranker uses is supported: optional clauses, exact terms,
 * a field list and a boost.
 */
import type lunr = require('lunr');

export interface Clause {
  term: string;
  boost: number;
  fields: readonly string[];
  /** Report the term in `matched` (default true). Character n-grams are scored but never reported. */
  track?: boolean;
}

export interface Scored {
  ref: string;
  score: number;
  /** Clause terms found in this document, in a field the clause searched (lunr's matchData.metadata keys). */
  matched: Set<string>;
}

interface Posting {
  docs: Int32Array;
  weights: Float64Array;
}

export class Postings {
  private readonly refs: string[] = [];
  /** field -> term -> documents that have the term in that field, with lunr's BM25 weight. */
  private readonly byField = new Map<string, Map<string, Posting>>();
  private readonly known: Set<string>;
  private readonly docNo = new Map<string, number>();
  /**
   * Fields that only add to the score of documents another field matched: character n-grams re-rank the documents
   * that share a word with the question but bring in none of their own (every document shares some grams, and
   * scoring them all cost a tenth of a millisecond per question in allocations alone).
   */
  private readonly supporting = new Set<string>();
  private readonly acc: Float64Array;
  private readonly stamp: Int32Array;
  private generation = 0;

  constructor(index: lunr.Index) {
    // Neither is in lunr's type definitions, but both are public fields of lunr.Index (and of its JSON form).
    const internals = index as unknown as {
      invertedIndex: Record<string, { _index: number }>;
      fieldVectors: Record<string, { elements: number[] }>;
    };
    const inverted = internals.invertedIndex;
    const termOf: string[] = [];
    for (const term of Object.keys(inverted)) termOf[(inverted[term] as { _index: number })._index] = term;
    this.known = new Set(Object.keys(inverted));
    const docNo = this.docNo;
    const lists = new Map<string, Map<string, { docs: number[]; weights: number[] }>>();
    const vectors = internals.fieldVectors;
    for (const fieldRef of Object.keys(vectors)) {
      const cut = fieldRef.indexOf('/');
      const field = fieldRef.slice(0, cut);
      const ref = fieldRef.slice(cut + 1);
      let no = docNo.get(ref);
      if (no === undefined) {
        no = this.refs.length;
        docNo.set(ref, no);
        this.refs.push(ref);
      }
      let terms = lists.get(field);
      if (!terms) {
        terms = new Map();
        lists.set(field, terms);
      }
      const el = (vectors[fieldRef] as { elements: number[] }).elements;
      for (let i = 0; i < el.length; i += 2) {
        const term = termOf[el[i] as number] as string;
        let list = terms.get(term);
        if (!list) {
          list = { docs: [], weights: [] };
          terms.set(term, list);
        }
        list.docs.push(no);
        list.weights.push(el[i + 1] as number);
      }
    }
    for (const [field, terms] of lists) {
      const packed = new Map<string, Posting>();
      for (const [term, l] of terms) packed.set(term, { docs: Int32Array.from(l.docs), weights: Float64Array.from(l.weights) });
      this.byField.set(field, packed);
    }
    this.acc = new Float64Array(this.refs.length);
    this.stamp = new Int32Array(this.refs.length);
  }

  /**
   * Adds a field that lunr did not index, scored the way lunr scores its own fields (BM25 with k1 and b, idf as
   * lunr computes it, the field boost, weights rounded to 3 decimals). Used for character n-grams: through lunr's
   * builder they cost 1.1 GB and 37 s at 10,000 passages; as flat arrays here a fraction of that.
   * `terms` gives each document's terms in the field (each once).
   */
  addField(
    field: string,
    terms: ReadonlyMap<string, readonly string[]>,
    options: { k1: number; b: number; boost: number; supporting?: boolean },
  ): void {
    if (options.supporting) this.supporting.add(field);
    const lists = new Map<string, number[]>();
    let totalLength = 0;
    let docs = 0;
    for (const [ref, ts] of terms) {
      const no = this.docNo.get(ref);
      if (no === undefined || ts.length === 0) continue;
      docs++;
      totalLength += ts.length;
      for (const t of ts) {
        let list = lists.get(t);
        if (!list) {
          list = [];
          lists.set(t, list);
        }
        list.push(no);
      }
    }
    const n = this.refs.length;
    const avg = docs ? totalLength / docs : 1;
    const lengthOf = new Float64Array(n);
    for (const [ref, ts] of terms) {
      const no = this.docNo.get(ref);
      if (no !== undefined) lengthOf[no] = ts.length;
    }
    const packed = new Map<string, Posting>();
    for (const [term, list] of lists) {
      list.sort((a, b) => a - b);
      const idf = Math.log(1 + Math.abs((n - list.length + 0.5) / (list.length + 0.5)));
      const weights = new Float64Array(list.length);
      list.forEach((d, i) => {
        // tf is 1: each term once per document.
        const score = (idf * (options.k1 + 1)) / (options.k1 * (1 - options.b + options.b * ((lengthOf[d] as number) / avg)) + 1);
        weights[i] = Math.round(score * options.boost * 1000) / 1000;
      });
      packed.set(term, { docs: Int32Array.from(list), weights });
      this.known.add(term);
    }
    this.byField.set(field, packed);
  }

  /** The best `limit` documents for the clauses, best first; ties in document order. */
  query(clauses: readonly Clause[], limit: number): Scored[] {
    // The query vector per field: summed boosts of the terms the index knows (what lunr's upsert does).
    const vectors = new Map<string, Map<string, number>>();
    for (const c of clauses) {
      if (!this.known.has(c.term)) continue;
      for (const f of c.fields) {
        let v = vectors.get(f);
        if (!v) {
          v = new Map();
          vectors.set(f, v);
        }
        v.set(c.term, (v.get(c.term) ?? 0) + c.boost);
      }
    }
    this.generation++;
    if (this.generation === 0x7fffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    const gen = this.generation;
    const acc = this.acc;
    const stamp = this.stamp;
    const touched: number[] = [];
    // Supporting fields last: they only add to documents the other fields touched.
    for (const pass of [false, true])
      for (const [field, vector] of vectors) {
        const supporting = this.supporting.has(field);
        if (supporting !== pass) continue;
        let norm = 0;
        for (const b of vector.values()) norm += b * b;
        norm = Math.sqrt(norm);
        const postings = this.byField.get(field);
        if (!postings || norm === 0) continue;
        for (const [term, boost] of vector) {
          const p = postings.get(term);
          if (!p) continue;
          const scale = boost / norm;
          const { docs, weights } = p;
          for (let i = 0; i < docs.length; i++) {
            const d = docs[i] as number;
            if (supporting && stamp[d] !== gen) continue;
            if (stamp[d] !== gen) {
              stamp[d] = gen;
              acc[d] = 0;
              touched.push(d);
            }
            acc[d] = (acc[d] as number) + scale * (weights[i] as number);
          }
        }
      }
    const top = selectTop(touched, acc, limit);
    return top.map((d) => ({ ref: this.refs[d] as string, score: acc[d] as number, matched: this.matchedIn(d, clauses) }));
  }

  private matchedIn(doc: number, clauses: readonly Clause[]): Set<string> {
    const out = new Set<string>();
    for (const c of clauses) {
      if (c.track === false || out.has(c.term)) continue;
      for (const f of c.fields) {
        const p = this.byField.get(f)?.get(c.term);
        if (p && binaryHas(p.docs, doc)) {
          out.add(c.term);
          break;
        }
      }
    }
    return out;
  }
}

/** Posting lists are in document order, so membership is a binary search. */
function binaryHas(docs: Int32Array, doc: number): boolean {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = docs[mid] as number;
    if (v === doc) return true;
    if (v < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

const better = (acc: Float64Array, a: number, b: number) => (acc[a] as number) > (acc[b] as number) || (acc[a] === acc[b] && a < b);

/** The best `limit` documents, best first: a bounded min-heap, so cost grows with the matches, not their sort. */
function selectTop(docs: readonly number[], acc: Float64Array, limit: number): number[] {
  if (limit <= 0) return [];
  if (docs.length <= limit) return [...docs].sort((a, b) => (better(acc, a, b) ? -1 : 1));
  const heap: number[] = [];
  const worse = (i: number, j: number) => better(acc, heap[j] as number, heap[i] as number);
  const swap = (i: number, j: number) => {
    const t = heap[i] as number;
    heap[i] = heap[j] as number;
    heap[j] = t;
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(l, m)) m = l;
      if (r < heap.length && worse(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (const d of docs) {
    if (heap.length < limit) {
      heap.push(d);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >>> 1;
        if (!worse(i, p)) break;
        swap(i, p);
        i = p;
      }
    } else if (better(acc, d, heap[0] as number)) {
      heap[0] = d;
      down(0);
    }
  }
  return heap.sort((a, b) => (better(acc, a, b) ? -1 : 1));
}

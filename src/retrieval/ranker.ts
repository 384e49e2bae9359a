/**
 * The lunr index over pre-analysed terms.
 *
 * Documents and questions go through our own analysis (src/analysis); lunr gets the resulting terms with an empty
 * pipeline, so its Latin-only trimmer and English stemmer never touch Swedish text. A question becomes a list of
 * term clauses, never a query string (the query-string parser, `idx.search()`, throws on ":" and friends). The
 * clauses are scored by Postings, which computes lunr's own scores over this index term at a time; `idx.query()`
 * with the same clauses gives the same ranking (test/retrieval/postings.test.ts) and was 10 times slower at 10,000
 * passages.
 */
import lunr = require('lunr');

import type { Analyzer, QueryAnalysis } from '../analysis/analyzer';
import { isQuestionWord } from '../analysis/stopwords';
import { type Clause, Postings } from './postings';

export type Field = 'q' | 'text' | 'title' | 'ng';
const ALL_FIELDS: readonly Field[] = ['q', 'text', 'title'];
const NGRAM_FIELDS: readonly Field[] = ['ng'];
/** Question words and question types are matched against FAQ questions only. */
const QUESTION_FIELDS: readonly Field[] = ['q'];

export interface IndexDoc {
  id: string;
  /** What the document stands for (an FAQ entry for each of its phrasings); defaults to the id. */
  target?: string;
  /** Raw text per field; analysed here. FAQ questions go in "q", where question words are kept. */
  fields: Partial<Record<Field, string>>;
}

export interface RankerOptions {
  /** BM25 term-frequency saturation. */
  k1: number;
  /** BM25 length normalisation. */
  b: number;
  /** Field boosts; `ng`, the character n-gram field, is left out of the index when its boost is 0. */
  boosts: Record<Field, number>;
}

// A staff question reads like an FAQ phrasing more than like answer text, so phrasings count twice; lunr's default k1
// and b. Character n-grams only re-rank documents another field matched, at a small weight (CHANGELOG.md keeps the
// boosts tried); lunr normalises each field's query vector, so only the field boost matters.
export const DEFAULT_RANKER: RankerOptions = { k1: 1.2, b: 0.75, boosts: { q: 2, text: 1, title: 1, ng: 0.25 } };

export interface Hit {
  /** The lunr document. */
  id: string;
  /** What the document stands for (IndexDoc.target). */
  target: string;
  /** lunr's BM25 score with our boosts. */
  score: number;
  /** Index terms that matched in this document. */
  matched: Set<string>;
  /** Share (0..1) of the question's content words, weighted by rarity, that the document matched. */
  coverage: number;
  /** Share (0..1) of the document's own words, weighted by rarity, that the question matched. */
  docCoverage: number;
  /** For an FAQ entry: the lunr document (phrasing) that scored best. */
  phrasing?: string;
  /** For an FAQ entry: the classifier's probability (classifier.ts) that the question is one of its phrasings. */
  classifier?: number;
}

export class Ranker {
  readonly index: lunr.Index;
  /** lunr's scores over this index, computed term at a time (see postings.ts). */
  private readonly postings: Postings;
  private readonly df = new Map<string, number>();
  private readonly dfGroups = new Map<string, string>();
  /** Each document's content terms (no question words or type tokens), for docCoverage. */
  private readonly docTerms = new Map<string, string[]>();
  private readonly targetOf = new Map<string, string>();
  private readonly docCount: number;
  private readonly idfCache = new Map<string, number>();
  /** Each document's content terms with their rarity, and the sum of those: docCoverage's denominator. */
  private readonly docWeights = new Map<string, { terms: string[]; weights: Float64Array; total: number }>();

  constructor(
    readonly analyzer: Analyzer,
    docs: readonly IndexDoc[],
    readonly options: RankerOptions = DEFAULT_RANKER,
  ) {
    const builder = new lunr.Builder();
    builder.pipeline.reset();
    builder.searchPipeline.reset();
    builder.k1(options.k1);
    builder.b(options.b);
    builder.ref('id');
    const groups = new Set<string>();
    const ngrams = options.boosts.ng > 0;
    const ngramTerms = new Map<string, string[]>();
    for (const f of ['q', 'text', 'title'] as const) builder.field(f, { boost: options.boosts[f] });
    for (const doc of docs) {
      const analysed: Record<Field, string[]> = {
        q: doc.fields.q ? analyzer.documentTerms(doc.fields.q, true) : [],
        text: doc.fields.text ? analyzer.documentTerms(doc.fields.text) : [],
        title: doc.fields.title ? analyzer.documentTerms(doc.fields.title) : [],
        ng: ngrams ? analyzer.documentNgrams([doc.fields.q, doc.fields.title, doc.fields.text].filter(Boolean).join('\n')) : [],
      };
      // Rarity is counted per target, not per document: the phrasings of one FAQ entry count once. (Word terms only:
      // the n-gram field has its own idf, and counting its grams here cost 1.3 s at 10,000 passages.)
      const group = doc.target ?? doc.id;
      this.targetOf.set(doc.id, group);
      for (const t of new Set([...analysed.q, ...analysed.text, ...analysed.title])) {
        const seen = this.dfGroups.get(t);
        if (seen === group) continue;
        this.dfGroups.set(t, group);
        this.df.set(t, (this.df.get(t) ?? 0) + 1);
      }
      groups.add(group);
      // lunr's tokenizer maps array elements to tokens as they are; with the empty pipeline nothing else runs.
      builder.add({ id: doc.id, q: analysed.q, text: analysed.text, title: analysed.title });
      if (ngrams) ngramTerms.set(doc.id, analysed.ng);
      const content = doc.fields.q
        ? analysed.q.filter((t) => !t.startsWith('qt:') && !isQuestionWord(t))
        : [...analysed.text, ...analysed.title];
      this.docTerms.set(doc.id, [...new Set(content)]);
    }
    this.docCount = groups.size;
    this.index = builder.build();
    this.postings = new Postings(this.index);
    for (const [id, terms] of this.docTerms) {
      const weights = Float64Array.from(terms, (t) => this.idf(t));
      this.docWeights.set(id, { terms, weights, total: weights.reduce((a, b) => a + b, 0) });
    }
    // The n-gram field is scored like lunr's fields but kept out of lunr's builder (see Postings.addField).
    if (ngrams) this.postings.addField('ng', ngramTerms, { k1: options.k1, b: options.b, boost: options.boosts.ng, supporting: true });
  }

  /** Inverse document frequency of an index term; unknown terms get the highest. Cached: it runs per question. */
  idf(term: string): number {
    let v = this.idfCache.get(term);
    if (v === undefined) {
      const df = this.df.get(term) ?? 0;
      v = Math.log(1 + (this.docCount - df + 0.5) / (df + 0.5));
      if (this.idfCache.size < 100_000) this.idfCache.set(term, v);
    }
    return v;
  }

  /** The term clauses of an analysed question: each term once, with its highest boost. */
  clauses(query: QueryAnalysis): Clause[] {
    const clauses = new Map<string, { boost: number; question: boolean }>();
    for (const w of query.words) {
      for (const t of w.terms) {
        const prev = clauses.get(t.term);
        if (!prev || prev.boost < t.boost) clauses.set(t.term, { boost: t.boost, question: w.question });
      }
    }
    const out: Clause[] = [...clauses].map(([term, { boost, question }]) => ({
      term,
      boost,
      fields: question ? QUESTION_FIELDS : ALL_FIELDS,
    }));
    if (this.options.boosts.ng > 0) for (const term of query.ngrams) out.push({ term, boost: 1, fields: NGRAM_FIELDS, track: false });
    return out;
  }

  /** Ranks documents for an analysed question. */
  rank(query: QueryAnalysis, limit = 10): Hit[] {
    const clauses = this.clauses(query);
    if (clauses.length === 0) return [];
    const results = this.postings.query(clauses, limit);
    // Coverage is of the question itself: words from the message around it (context) only add to the score.
    const content = query.words.filter((w) => !w.question && !w.context);
    const hasContext = query.words.some((w) => w.context);
    const focusTerms = hasContext ? new Set(content.flatMap((w) => w.terms.map((t) => t.term))) : undefined;
    const weights = content.map((w) => Math.max(...w.terms.map((t) => this.idf(t.term))));
    const total = weights.reduce((a, b) => a + b, 0);
    return results.map((r) => {
      const matched = r.matched;
      let covered = 0;
      for (let i = 0; i < content.length; i++) {
        const terms = (content[i] as (typeof content)[number]).terms;
        for (let k = 0; k < terms.length; k++)
          if (matched.has((terms[k] as (typeof terms)[number]).term)) {
            covered += weights[i] as number;
            break;
          }
      }
      const own = this.docWeights.get(r.ref);
      const ownTotal = own?.total ?? 0;
      let ownMatched = 0;
      if (own)
        for (let i = 0; i < own.terms.length; i++) {
          const t = own.terms[i] as string;
          if (matched.has(t) && (!focusTerms || focusTerms.has(t))) ownMatched += own.weights[i] as number;
        }
      return {
        id: r.ref,
        target: this.targetOf.get(r.ref) ?? r.ref,
        score: r.score,
        matched,
        coverage: total > 0 ? covered / total : 0,
        docCoverage: ownTotal > 0 ? ownMatched / ownTotal : 0,
      };
    });
  }
}

/**
 * Stage 2 of the engine, rank: the prepared question against every FAQ phrasing, page section and passage.
 *
 * lunr's BM25 over our own analysis (retrieval/ranker.ts) is blended with how much of the question a document covers,
 * scaled down for phrasings that ask another kind of question, summed per FAQ entry (its best phrasing decides, its
 * second-best supports) and raised by the entry classifier's probability. The result is the ranking the decision
 * reads, with the confidence features of its best candidate by name.
 */
import type { Analyzer, QueryAnalysis } from '../analysis/analyzer';
import { normalize } from '../analysis/normalize';
import { asksNow } from '../analysis/questiontype';
import type { EntryClassifier } from '../retrieval/classifier';
import type { Hit, Ranker } from '../retrieval/ranker';
import { type Calibration, confidence, type Features, features, foreignShare, unknownCount, unknownShare } from './confidence';
import type { Targets } from './targets';

export interface RankOptions {
  /** How much a candidate's score depends on covering the question's words (0 = plain BM25). */
  coverageWeight: number;
  /** Score factor for an FAQ phrasing that asks another kind of question than the user ("när" against "varför"). */
  typeMismatch: number;
  /** How much an FAQ entry's second-best phrasing adds to its score (a share of that phrasing's score). */
  phrasingSupport: number;
  /** How much the classifier's probability raises an FAQ entry's score: score × (1 + classifierBoost × p). */
  classifierBoost: number;
  /** Boost factor for the words of a message around its question: weak support, never part of the question. */
  contextWeight: number;
}

export const DEFAULT_RANK: RankOptions = {
  coverageWeight: 0.8,
  typeMismatch: 0.6,
  phrasingSupport: 0.5,
  classifierBoost: 1,
  contextWeight: 0.2,
};

/** The classifier reads 4-letter grams only ("ng:" and four letters): as good on dev as 4 and 5, at half the cost. */
export const isFourGram = (t: string) => t.length === 7;

/** A ranked question: the analysed query, the hits best first, and what the decision reads of the best. */
export interface Ranking {
  query: QueryAnalysis;
  hits: Hit[];
  /** The question types the question asks (qt:time …), read from its own words. */
  types: string[];
  /** The question asks about today ("gäller det fortfarande?"), which the page answers only as of its date. */
  asksNow: boolean;
  features: Features;
  /** Calibrated probability that the best candidate answers the question. */
  confidence: number;
}

export class EntryRanking {
  constructor(
    private readonly analyzer: Analyzer,
    private readonly ranker: Ranker,
    private readonly classifier: EntryClassifier,
    private readonly targets: Targets,
    private readonly options: RankOptions,
  ) {}

  /**
   * The analysed question: the focus, with the words of the message around it added at `contextWeight` of their
   * boost and marked as context (left out of coverage and unknown words).
   */
  focusQuery(focus: string, context: string): QueryAnalysis {
    const q = this.analyzer.query(focus);
    if (!context || this.options.contextWeight <= 0) return q;
    const own = new Set(q.words.flatMap((w) => w.terms.map((t) => t.term)));
    for (const w of this.analyzer.query(context).words) {
      if (w.question) continue;
      const terms = w.terms.filter((t) => !own.has(t.term)).map((t) => ({ term: t.term, boost: t.boost * this.options.contextWeight }));
      for (const t of terms) own.add(t.term);
      if (terms.length) q.words.push({ surface: w.surface, question: false, context: true, terms });
    }
    return q;
  }

  /** Ranks every kind of document for a question; the scores blend BM25 with how much of the question is covered. */
  rank(query: QueryAnalysis, limit = 10): Hit[] {
    const { coverageWeight, typeMismatch, phrasingSupport, classifierBoost } = this.options;
    const best = new Map<string, Hit>();
    const second = new Map<string, number>();
    const asked = askedTypes(query);
    for (const h of this.ranker.rank(query, Math.max(limit * 6, 60))) {
      h.score *= 1 - coverageWeight + coverageWeight * h.coverage;
      // A phrasing that asks "när" does not answer "varför", however many words they share.
      const types = this.targets.typesOfPhrasing(h.id);
      if (asked.length && types && !asked.some((t) => types.has(t))) h.score *= typeMismatch;
      // Phrasings of one FAQ entry count as the entry; its best phrasing decides, its second-best supports.
      const id = h.target;
      const prev = best.get(id);
      if (!prev) best.set(id, { ...h, id, phrasing: h.id });
      else {
        prev.coverage = Math.max(prev.coverage, h.coverage);
        prev.docCoverage = Math.max(prev.docCoverage, h.docCoverage);
        if (h.score > prev.score) {
          second.set(id, prev.score);
          prev.score = h.score;
          prev.phrasing = h.id;
        } else second.set(id, Math.max(second.get(id) ?? 0, h.score));
        for (const m of h.matched) prev.matched.add(m);
      }
    }
    // A paraphrase usually shares words with more than one phrasing of the entry it belongs to.
    if (phrasingSupport) for (const [id, hit] of best) hit.score += phrasingSupport * (second.get(id) ?? 0);
    // The classifier's probability that the question is one of an entry's phrasings raises that entry's score.
    this.lastBest = undefined;
    if (classifierBoost && best.size) {
      const p = this.classify(query);
      let most = 0;
      for (const [id, prob] of p)
        if (prob > most) {
          most = prob;
          this.lastBest = id;
        }
      // A page section gets the probability that the question is one of the FAQ entries it backs: a confidence
      // feature only, its score stays as ranked.
      const bySection = new Map<string, number>();
      for (const [id, prob] of p) {
        const section = this.targets.faqEntry(id)?.section;
        if (section) bySection.set(section, (bySection.get(section) ?? 0) + prob);
      }
      for (const [id, hit] of best) {
        if (this.targets.get(id)?.kind !== 'faq') {
          hit.classifier = bySection.get(id) ?? 0;
          continue;
        }
        hit.classifier = p.get(id) ?? 0;
        hit.score *= 1 + classifierBoost * hit.classifier;
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
  }

  /** The classifier's likeliest entry in the last ranking (rank() sets it; rankUncached reads it right after). */
  private lastBest: string | undefined;

  /** Rankings by question, while an evaluation asks the same questions under many calibrations (`remember`). */
  private memo: Map<string, Omit<Ranking, 'confidence'>> | undefined;

  /** Keep every ranking from now on: for evaluations that ask the same questions again and again. */
  remember(): void {
    this.memo ??= new Map();
  }

  /** The question ranked, with the confidence features and confidence of its best candidate. */
  rankQuestion(focus: string, context: string, calibration: Calibration, limit = 10, exclude?: string): Ranking {
    const key = `${limit}\u0000${focus}\u0000${context}\u0000${exclude ?? ''}`;
    const known = this.memo?.get(key);
    if (known) return { ...known, confidence: roundedConfidence(known.features, calibration) };
    const ranked = this.rankUncached(focus, context, limit, exclude);
    this.memo?.set(key, ranked);
    return { ...ranked, confidence: roundedConfidence(ranked.features, calibration) };
  }

  /** `exclude`: a target that must not answer (a follow-up asking for something else than what was answered). */
  private rankUncached(focus: string, context: string, limit: number, exclude?: string): Omit<Ranking, 'confidence'> {
    const query = this.focusQuery(focus, context);
    const hits = exclude
      ? this.rank(query, limit + 1)
          .filter((h) => h.id !== exclude)
          .slice(0, limit)
      : this.rank(query, limit);
    const top = hits[0];
    const f = features({
      top,
      second: hits[1],
      isFaq: !!top && this.targets.get(top.id)?.kind === 'faq',
      unknownShare: unknownShare(query.words),
      agreement: this.typeAgreement(query, top),
      classifier: top?.classifier ?? 0,
      unknown: unknownCount(query.words),
      classifierAgrees: !!top && !!this.lastBest && (this.lastBest === top.id || this.targets.faqEntry(this.lastBest)?.section === top.id),
      foreignShare: foreignShare(query.words),
      backed: !!top && (this.targets.get(top.id)?.kind === 'faq' || this.targets.backs(top.id)),
    });
    return { query, hits, types: questionTypesOf(query), asksNow: asksNow(normalize(focus)), features: f };
  }

  /** The classifier's probability per FAQ entry for an analysed question (its own words, not the context). */
  classify(query: QueryAnalysis): Map<string, number> {
    const features = query.ngrams.filter(isFourGram);
    for (const w of query.words) if (!w.context) for (const t of w.terms) features.push(t.term);
    return this.classifier.probabilities(features);
  }

  /** The agreement feature (confidence.ts): does the best entry's own phrasing ask what the question asks? */
  typeAgreement(query: QueryAnalysis, top: Hit | undefined): number {
    const asked = askedTypes(query);
    if (!top || asked.length === 0) return 0.5;
    return asked.some((t) => this.targets.entryAsks(top.id, t)) ? 1 : 0;
  }
}

/** Confidence rounded as the Answer reports it. */
export function roundedConfidence(f: Features, calibration: Calibration): number {
  return Number(confidence(f, calibration).toFixed(4));
}

/** Every question-type token of a query (qt:time …), in order, as its terms carry them. */
function askedTypes(query: QueryAnalysis): string[] {
  return query.words.flatMap((w) => w.terms.filter((t) => t.term.startsWith('qt:')).map((t) => t.term));
}

/** The question types of the question's own words, once each (also typed without å/ä/ö: "nar", "hur manga"). */
function questionTypesOf(query: QueryAnalysis): string[] {
  return [...new Set(query.words.flatMap((w) => (w.question ? w.terms.filter((t) => t.term.startsWith('qt:')) : [])).map((t) => t.term))];
}

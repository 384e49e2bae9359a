/**
 * The answer engine: question -> guard -> analysis -> ranking -> one Answer.
 *
 * FAQ entries, fact-page sections and imported passages are ranked together in one lunr index. The best candidate
 * answers when the calibrated confidence reaches the threshold; otherwise the engine says it does not know and
 * offers the closest FAQ questions ("Menade du…?").
 */
import { Analyzer, type QueryAnalysis } from '../analysis/analyzer';
import { normalize } from '../analysis/normalize';
import { questionTypes } from '../analysis/questiontype';
import { DEFAULT_RANKER, type Hit, type IndexDoc, Ranker, type RankerOptions } from '../index/ranker';
import type { FaqEntry, KnowledgeBase, Page, Passage, Section } from '../knowledge/types';
import { type Asked, askedContent, hasPolarity, NOT_STATED, statesAsked, TYPE_CONTENT, withoutPolarity } from './agreement';
import { type Answer, type Candidate, notice, type Source } from './answer';
import { type Calibration, confidence, DEFAULT_CALIBRATION, features, unknownShare } from './confidence';
import { Guard } from './guard';
import { MESSAGES } from './messages';
import { quote } from './quote';

export interface EngineOptions {
  ranker?: RankerOptions;
  calibration?: Calibration;
  /** How much a candidate's score depends on covering the question's words (0 = plain BM25). */
  coverageWeight?: number;
  /** Index each FAQ phrasing as its own document (the best phrasing counts) instead of one per entry. Default on. */
  perPhrasing?: boolean;
  /** A runner-up that states what is asked may answer when its score is at least this share of the best (0.8). */
  runnerUp?: number;
  /**
   * How much an FAQ entry's second-best phrasing adds to its score (a share of that phrasing's score). 0.5 was chosen
   * on dev among 0, 0.2, 0.3, 0.5 and 0.7 (confidence refitted each time): the same dev questions answered and
   * declined, wrong answers 0.036 -> 0.012; hold-out right entry first 0.756 -> 0.778.
   */
  phrasingSupport?: number;
  /**
   * A close race: another FAQ entry scoring at least this share of the best makes the engine decline, offering both
   * as "Menade du…?", instead of picking one (answering a different question is worse than declining). 0.9 was
   * chosen on dev among 0.85, 0.9, 0.95 and 0.98, counting a wrong answer twice a decline.
   */
  closeRace?: number;
  /** Share of words both ways a yes/no question must share with the entry's yes/no phrasing to keep "Ja."/"Nej.". */
  polarCoverage?: number;
  /**
   * Score factor for an FAQ phrasing that asks another kind of question than the user ("när" against "varför",
   * yes/no against "hur många"). Chosen on the dev half of the evaluation set (0.4 to 0.6 ranked the same).
   */
  typeMismatch?: number;
}

type Target =
  | { kind: 'faq'; entry: FaqEntry; section: Section | undefined; page: Page | undefined }
  | { kind: 'section'; section: Section; page: Page }
  | { kind: 'passage'; passage: Passage };

const EXAMPLE_IDS = ['nytt-system-istallet', 'varfor-optioner', 'journal-i-millennium'];
/** Longer questions get a polite request to shorten them instead of an answer. */
export const MAX_QUESTION_LENGTH = 500;

export class Engine {
  readonly analyzer: Analyzer;
  readonly ranker: Ranker;
  readonly guard: Guard;
  readonly calibration: Calibration;
  readonly stats: { faq: number; sections: number; passages: number; buildMs: number };
  private readonly targets = new Map<string, Target>();
  private readonly coverageWeight: number;
  private readonly typeMismatch: number;
  private readonly runnerUp: number;
  private readonly closeRace: number;
  private readonly phrasingSupport: number;
  private readonly polarCoverage: number;
  /** The question types (qt:why, qt:time …) each FAQ phrasing asks, by index document id. */
  private readonly phrasingTypes = new Map<string, Set<string>>();
  /** The question types any phrasing of each FAQ entry asks: its author wrote it to answer those. */
  private readonly entryTypes = new Map<string, Set<string>>();
  private readonly examples: string[];
  /** Content keys of the questions communicators marked "Ska inte besvaras" (knowledge/utanfor.yaml). */
  private readonly outOfScope: Set<string>;

  constructor(
    readonly kb: KnowledgeBase,
    options: EngineOptions = {},
  ) {
    const started = performance.now();
    this.calibration = options.calibration ?? DEFAULT_CALIBRATION;
    this.coverageWeight = options.coverageWeight ?? 0.8;
    this.typeMismatch = options.typeMismatch ?? 0.6;
    this.runnerUp = options.runnerUp ?? 0.8;
    this.closeRace = options.closeRace ?? 0.9;
    this.phrasingSupport = options.phrasingSupport ?? 0.5;
    this.polarCoverage = options.polarCoverage ?? 0.6;
    const sections = new Map<string, { section: Section; page: Page }>();
    for (const page of kb.pages) for (const section of page.sections) sections.set(section.id, { section, page });

    const docs: IndexDoc[] = [];
    const texts: string[] = [];
    for (const entry of kb.faq) {
      const s = sections.get(entry.section);
      this.targets.set(entry.id, { kind: 'faq', entry, section: s?.section, page: s?.page });
      const phrasings = [entry.question, ...entry.alternates];
      if (options.perPhrasing ?? true) {
        phrasings.forEach((q, k) => {
          const types = questionTypes(normalize(q));
          if (types.length) this.phrasingTypes.set(`${entry.id}#${k}`, new Set(types));
          for (const t of types) this.entryTypes.set(entry.id, (this.entryTypes.get(entry.id) ?? new Set()).add(t));
          docs.push({ id: `${entry.id}#${k}`, target: entry.id, fields: k === 0 ? { q, text: entry.answer } : { q } });
        });
      } else {
        docs.push({ id: entry.id, fields: { q: phrasings.join('\n'), text: entry.answer } });
      }
      texts.push(...phrasings, entry.answer);
    }
    for (const { section, page } of sections.values()) {
      if (!section.text) continue;
      this.targets.set(section.id, { kind: 'section', section, page });
      docs.push({ id: section.id, fields: { title: section.heading, text: section.text } });
      texts.push(section.heading, section.text);
    }
    for (const passage of kb.passages) {
      this.targets.set(passage.id, { kind: 'passage', passage });
      docs.push({ id: passage.id, fields: { title: passage.title, text: passage.text } });
      texts.push(passage.title, passage.text);
    }
    this.analyzer = Analyzer.fromTexts(texts, kb.synonyms);
    this.ranker = new Ranker(this.analyzer, docs, options.ranker ?? DEFAULT_RANKER);
    this.guard = new Guard(kb.guard);
    const byId = new Map(kb.faq.map((e) => [e.id, e.question]));
    const examples = EXAMPLE_IDS.map((id) => byId.get(id)).filter((q): q is string => !!q);
    this.examples = examples.length ? examples : kb.faq.slice(0, 3).map((e) => e.question);
    this.outOfScope = new Set((kb.outOfScope ?? []).map((o) => this.contentKey(o.question)).filter(Boolean));
    this.stats = { faq: kb.faq.length, sections: sections.size, passages: kb.passages.length, buildMs: performance.now() - started };
  }

  /**
   * What a question is about, as a key: per content word its synonym group if it has one ("narkos" and "anestesi"
   * share one), else its stem without a definite ending (Snowball keeps "lösenordet"); sorted, question words left
   * out. Questions with the same key are grouped for review, and match a "Ska inte besvaras" example.
   */
  contentKey(question: string, analysed?: QueryAnalysis): string {
    const keys = new Set<string>();
    for (const w of (analysed ?? this.analyzer.query(question)).words) {
      if (w.question) continue;
      const group = w.terms.find((t) => t.term.startsWith('syn:'))?.term;
      const main = w.terms[0]?.term;
      if (group && main !== group) keys.add(group);
      else if (main && !main.startsWith('syn:')) keys.add(main.length >= 6 ? main.replace(/(et|en|na|erna|arna)$/, '') : main);
    }
    return [...keys].sort().join(' ').slice(0, 200);
  }

  /** The same engine (sharing its index) with another calibration: for choosing a threshold on dev. */
  withCalibration(calibration: Calibration): Engine {
    return Object.assign(Object.create(Engine.prototype) as Engine, this, { calibration });
  }

  /** Ranks every kind of document for a question; the scores blend BM25 with how much of the question is covered. */
  rank(query: QueryAnalysis, limit = 10): Hit[] {
    const best = new Map<string, Hit>();
    const second = new Map<string, number>();
    const asked = query.words.flatMap((w) => w.terms.filter((t) => t.term.startsWith('qt:')).map((t) => t.term));
    for (const h of this.ranker.rank(query, Math.max(limit * 6, 60))) {
      h.score *= 1 - this.coverageWeight + this.coverageWeight * h.coverage;
      // A phrasing that asks "när" does not answer "varför", however many words they share.
      const types = this.phrasingTypes.get(h.id);
      if (asked.length && types && !asked.some((t) => types.has(t))) h.score *= this.typeMismatch;
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
    // A paraphrase usually shares words with more than one phrasing of the entry it belongs to: the second-best
    // phrasing adds a share of its score (phrasingSupport).
    if (this.phrasingSupport) for (const [id, hit] of best) hit.score += this.phrasingSupport * (second.get(id) ?? 0);
    return [...best.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
  }

  /** Answers one question. Never throws for any input text. */
  ask(rawQuestion: string): Answer {
    const full = String(rawQuestion ?? '');
    if (full.trim().length > MAX_QUESTION_LENGTH) {
      // A long paste is the likeliest to be a patient's notes: the clinical guard reads all of it (it is linear in
      // the text), so a long clinical question is refused as clinical and its text is never stored.
      const kind = this.guard.check(full)?.kind === 'clinical' ? 'clinical' : 'too_long';
      return notice(`${full.slice(0, MAX_QUESTION_LENGTH)}…`, kind, kind === 'clinical' ? MESSAGES.clinical : MESSAGES.tooLong);
    }
    const question = full;
    const verdict = this.guard.check(question);
    const query = this.analyzer.query(question);
    const hits = verdict?.kind === 'empty' ? [] : this.rank(query, 10);
    const candidates = hits.slice(0, 5).map((h) => this.candidate(h));
    const top = hits[0];
    const topTarget = top ? this.targets.get(top.id) : undefined;
    const confWith = (agreement: number) =>
      Number(
        confidence(features(top, hits[1], topTarget?.kind === 'faq', unknownShare(query.words), agreement), this.calibration).toFixed(4),
      );
    const conf = confWith(this.typeAgreement(query, top));
    // On topic whatever the question type: decides between "the page does not say when" and "I do not know".
    const onTopic = conf >= this.calibration.threshold || confWith(0.5) >= this.calibration.threshold;
    const base = {
      question,
      confidence: conf,
      candidates,
      sources: [] as Source[],
      suggestions: [] as string[],
      related: [] as string[],
      matchedWords: top ? this.matchedWords(query, top) : [],
    };
    const faqQuestions = (exclude?: string) =>
      hits
        .filter((h) => h.id !== exclude && this.targets.get(h.id)?.kind === 'faq' && h.coverage > 0)
        .slice(0, 3)
        .map((h) => (this.targets.get(h.id) as Extract<Target, { kind: 'faq' }>).entry.question);

    if (verdict) {
      if (verdict.kind === 'clinical') return { ...base, answered: false, kind: 'clinical', answer: MESSAGES.clinical, confidence: 0 };
      const text = verdict.kind === 'empty' ? MESSAGES.empty : MESSAGES[verdict.kind];
      const withExamples = verdict.kind === 'thanks' ? text : `${text} ${MESSAGES.examplesIntro}`;
      return {
        ...base,
        answered: false,
        kind: verdict.kind === 'empty' ? 'empty' : 'smalltalk',
        answer: withExamples,
        confidence: 0,
        suggestions: verdict.kind === 'thanks' ? [] : [...this.examples],
      };
    }
    // A question a communicator marked "Ska inte besvaras", asked again with the same content words in any order or
    // inflection: declined as off topic, whatever the ranking says.
    if (this.outOfScope.size && this.outOfScope.has(this.contentKey(question, query))) {
      return {
        ...base,
        answered: false,
        kind: 'abstain',
        answer: `${MESSAGES.abstain} ${MESSAGES.abstainHint} ${MESSAGES.examplesIntro}`,
        suggestions: [...this.examples],
      };
    }
    // Answer-type agreement (agreement.ts): the answer must state what is asked. A close runner-up that states it
    // answers instead; else the page does not say, and the on-topic entry is offered as a related question.
    const types = questionTypes(normalize(question));
    const asked = askedContent(types);
    const agrees = (hit: Hit, target: Target) =>
      types.every((t) => !asked.includes(TYPE_CONTENT[t] as Asked) || this.entryTypes.get(hit.id)?.has(t)) ||
      statesAsked(this.answerText(target, query), asked);
    let chosen: { hit: Hit; target: Target } | undefined = top && topTarget ? { hit: top, target: topTarget } : undefined;
    if (top && topTarget && onTopic && asked.length && !agrees(top, topTarget)) {
      chosen = hits
        .slice(1, 3)
        .map((h) => ({ hit: h, target: this.targets.get(h.id) }))
        .find((c): c is { hit: Hit; target: Target } => !!c.target && c.hit.score >= this.runnerUp * top.score && agrees(c.hit, c.target));
      if (!chosen) {
        const related = topTarget.kind === 'faq' ? [topTarget.entry.question] : faqQuestions().slice(0, 1);
        return {
          ...base,
          answered: false,
          kind: 'abstain',
          answer: `${MESSAGES.notStated(NOT_STATED[asked[0] as Asked])}${related.length ? ` ${MESSAGES.notStatedRelated}` : ''}`,
          related,
        };
      }
    } else if (conf < this.calibration.threshold) chosen = undefined;
    else if (top && hits[1] && this.targets.get(hits[1].id)?.kind === 'faq' && hits[1].score >= this.closeRace * top.score)
      chosen = undefined;
    if (!chosen) {
      const suggestions = faqQuestions();
      const answer = suggestions.length
        ? MESSAGES.abstainWithSuggestions
        : `${MESSAGES.abstain} ${MESSAGES.abstainHint} ${MESSAGES.examplesIntro}`;
      return { ...base, answered: false, kind: 'abstain', answer, suggestions: suggestions.length ? suggestions : [...this.examples] };
    }
    let text = this.answerText(chosen.target, query);
    // A leading "Ja."/"Nej." only when the user asks yes or no and asks what the entry's own yes/no phrasing asks.
    if (hasPolarity(text) && !this.samePolarQuestion(types, chosen.hit)) text = withoutPolarity(text);
    const target = chosen.target;
    const related = faqQuestions(chosen.hit.id).filter((q) => target.kind !== 'faq' || q !== target.entry.question);
    return {
      ...base,
      answered: true,
      kind: 'answer',
      answerId: chosen.hit.id,
      answer: text,
      sources: [this.source(chosen.target)],
      related,
    };
  }

  /** The agreement feature (confidence.ts): does the best entry's own phrasing ask what the question asks? */
  typeAgreement(query: QueryAnalysis, top: Hit | undefined): number {
    const asked = query.words.flatMap((w) => w.terms.filter((t) => t.term.startsWith('qt:')).map((t) => t.term));
    if (!top || asked.length === 0) return 0.5;
    const own = this.entryTypes.get(top.id);
    return own && asked.some((t) => own.has(t)) ? 1 : 0;
  }

  /** The user's yes/no question is the one the best phrasing of the entry asks: both yes/no, and close in words. */
  private samePolarQuestion(userTypes: readonly string[], hit: Hit): boolean {
    if (!userTypes.includes('qt:yesno')) return false;
    const phrasingTypes = hit.phrasing ? this.phrasingTypes.get(hit.phrasing) : undefined;
    return !!phrasingTypes?.has('qt:yesno') && hit.coverage >= this.polarCoverage && hit.docCoverage >= this.polarCoverage;
  }

  private answerText(t: Target, query: QueryAnalysis): string {
    const idf = (term: string) => this.ranker.idf(term);
    if (t.kind === 'faq') return t.entry.answer;
    if (t.kind === 'section') return quote(this.analyzer, query, t.section.text, idf);
    return quote(this.analyzer, query, t.passage.text, idf);
  }

  private source(t: Target): Source {
    if (t.kind === 'passage')
      return { id: t.passage.id, title: t.passage.title, url: t.passage.url, section: t.passage.title, published: '' };
    const section = t.section;
    const page = t.page;
    return {
      id: section?.id ?? (t.kind === 'faq' ? t.entry.section : ''),
      title: page?.title ?? '',
      url: page?.url ?? '',
      section: section?.heading ?? '',
      published: page?.published ?? '',
    };
  }

  private candidate(h: Hit): Candidate {
    const t = this.targets.get(h.id);
    const score = Number(h.score.toFixed(4));
    if (!t) return { id: h.id, score, kind: 'passage', title: h.id };
    if (t.kind === 'faq') return { id: h.id, score, kind: 'faq', title: t.entry.question };
    if (t.kind === 'section') return { id: h.id, score, kind: 'section', title: t.section.heading };
    return { id: h.id, score, kind: 'passage', title: t.passage.title };
  }

  private matchedWords(query: QueryAnalysis, hit: Hit): string[] {
    return query.words
      .filter((w) => w.terms.some((t) => hit.matched.has(t.term)))
      .map((w) => (w.corrected ? `${w.surface}→${w.corrected}` : w.surface));
  }

  /** The source (page section, link, date) behind an FAQ entry, section or passage id. */
  sourceOf(id: string): Source | undefined {
    const t = this.targets.get(id);
    return t ? this.source(t) : undefined;
  }

  /** FAQ entries matching a few search words, best first (for search boxes such as the Teams messaging extension). */
  searchFaq(words: string, limit = 10): FaqEntry[] {
    return this.rank(this.analyzer.query(words), limit * 3)
      .map((h) => this.faqEntry(h.id))
      .filter((e): e is FaqEntry => !!e)
      .slice(0, limit);
  }

  /** FAQ entry by id, for renderers and the console. */
  faqEntry(id: string): FaqEntry | undefined {
    const t = this.targets.get(id);
    return t?.kind === 'faq' ? t.entry : undefined;
  }
}

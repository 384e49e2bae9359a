/**
 * The answer engine: question -> guard -> analysis -> ranking -> one Answer.
 *
 * FAQ entries, fact-page sections and imported passages are ranked together in one lunr index. The best candidate
 * answers when the calibrated confidence reaches the threshold; otherwise the engine says it does not know and
 * offers the closest FAQ questions ("Menade du…?").
 */
import { Analyzer, type QueryAnalysis } from '../analysis/analyzer';
import { EnglishLexicon } from '../analysis/english';
import { MessageFocus, type MessageParts, namesIn } from '../analysis/focus';
import { normalize } from '../analysis/normalize';
import { questionTypes } from '../analysis/questiontype';
import { stem } from '../analysis/stem';
import { isQuestionWord, isStopword } from '../analysis/stopwords';
import type { FaqEntry, KnowledgeBase, Page, Passage, Section } from '../knowledge/types';
import { EntryClassifier } from '../retrieval/classifier';
import { DEFAULT_RANKER, type Hit, type IndexDoc, Ranker, type RankerOptions } from '../retrieval/ranker';
import { cleanText } from '../text/clean';
import { redactContacts } from '../text/redact';
import {
  type Asked,
  askedContent,
  hasPolarity,
  NOT_STATED,
  statesAsked,
  TYPE_CONTENT,
  type Which,
  whichOf,
  withoutPolarity,
} from './agreement';
import { type Answer, type Candidate, notice, type Source } from './answer';
import { type Calibration, confidence, DEFAULT_CALIBRATION, features, unknownCount, unknownShare } from './confidence';
import { GUARD_READS, Guard, type GuardVerdict } from './guard';
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
   * as "Menade du…?", instead of picking one (answering a different question is worse than declining). 0.8 was
   * chosen on dev and chat-dev among 0.8, 0.85 and 0.9 with the classifier boost at 1 and confidence refitted each
   * time: the same answered right, wrong answers on chat-dev 0.058 -> 0.029 and on dev 0.012 -> 0.
   */
  closeRace?: number;
  /**
   * How much the classifier's probability raises an FAQ entry's score: score × (1 + classifierBoost × p). 1 was
   * chosen on dev and chat-dev among 0, 0.5, 1 and 2 (right entry first: dev 80 -> 82 of 84, chat-dev 55 -> 57 of 69;
   * with confidence refitted, answered right on chat-dev 0.754 -> 0.812).
   */
  classifierBoost?: number;
  /**
   * Boost factor for the words of a message around its question (greetings and sign-offs are removed; sentences
   * about the writer stay as weak support). 0.1, 0.2 and 0.35 measured the same on dev and chat-dev; 0.2 kept.
   */
  contextWeight?: number;
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

/**
 * Two answers state the same fact when a sentence of one holds at least 80 % of the content words of a sentence of
 * the other (four or more; small words do not count) and both lead alike ("Ja."/"Nej."): a close race between them is
 * no choice between facts ("Optionerna ligger utanför huvudavtalet" is in both
 * the entry on options and the one on the main agreement), so the better one answers.
 */
function sameFact(a: string, b: string): boolean {
  // "Ja." and "Nej." answer opposite questions, whatever the words after them.
  const lead = (t: string) => /^\s*(ja|nej)\b/iu.exec(t)?.[1]?.toLowerCase();
  if (lead(a) !== lead(b)) return false;
  const sentences = (t: string) =>
    t
      .split(/(?<=[.!?])\s+/u)
      .map((s) => new Set((normalize(s).match(/[\p{L}\p{N}]{3,}/gu) ?? []).filter((w) => !isStopword(w))))
      .filter((s) => s.size >= 4);
  const bs = sentences(b);
  return sentences(a).some((x) =>
    bs.some((y) => {
      let shared = 0;
      for (const w of x) if (y.has(w)) shared++;
      return shared / Math.min(x.size, y.size) >= 0.8;
    }),
  );
}

/** The classifier reads 4-letter grams only ("ng:" and four letters): as good on dev as 4 and 5, at half the cost. */
const isFourGram = (t: string) => t.length === 7;

/**
 * A name as the reply may repeat it: only one written like a system or an abbreviation ("SurgiNet", "NÄL"). An
 * ordinary capitalised word may be a person's name ("Karlsson"), which the reply must not echo.
 */
function systemName(written: string): string | undefined {
  return /^\p{L}[\p{L}\p{N}-]*$/u.test(written) && /\p{Lu}/u.test(written.slice(1)) ? written : undefined;
}

/** A message is read as wholly English when at least this share of its words are English. */
const ENGLISH_SHARE = 0.6;

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
  private readonly contextWeight: number;
  private readonly classifierBoost: number;
  private readonly focus: MessageFocus;
  private readonly english: EnglishLexicon | undefined;
  /** One class per FAQ entry, trained on its phrasings (classifier.ts). */
  readonly classifier: EntryClassifier;
  /** The question types (qt:why, qt:time …) each FAQ phrasing asks, by index document id. */
  private readonly phrasingTypes = new Map<string, Set<string>>();
  /** The question types any phrasing of each FAQ entry asks: its author wrote it to answer those. */
  private readonly entryTypes = new Map<string, Set<string>>();
  /** The "vilka X" each FAQ entry's phrasings ask for, as keys (whichKey): its author wrote it to name those. */
  private readonly entryHeads = new Map<string, Set<string>>();
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
    this.closeRace = options.closeRace ?? 0.8;
    this.phrasingSupport = options.phrasingSupport ?? 0.5;
    this.polarCoverage = options.polarCoverage ?? 0.6;
    this.contextWeight = options.contextWeight ?? 0.2;
    this.classifierBoost = options.classifierBoost ?? 1;
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
    this.analyzer.remember();
    this.ranker = new Ranker(this.analyzer, docs, options.ranker ?? DEFAULT_RANKER);
    this.guard = new Guard(kb.guard);
    this.classifier = new EntryClassifier(
      kb.faq.flatMap((e) => [e.question, ...e.alternates].map((q) => ({ label: e.id, features: this.classifierFeatures(q) }))),
    );
    this.analyzer.forget();
    for (const entry of kb.faq)
      for (const q of [entry.question, ...entry.alternates]) {
        const which = this.which(normalize(q));
        if (which) this.entryHeads.set(entry.id, (this.entryHeads.get(entry.id) ?? new Set()).add(which));
      }
    this.focus = new MessageFocus(kb.chat ?? { greetings: kb.guard.smalltalk.greeting, closings: kb.guard.smalltalk.thanks, openers: [] });
    // Only words the knowledge writes as they are count as Swedish here ("options" is not "option" + s).
    this.english = kb.english ? new EnglishLexicon(kb.english, (w) => this.analyzer.vocabulary.has(w)) : undefined;
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
    // The classifier's probability that the question is one of an entry's phrasings raises that entry's score.
    if (this.classifierBoost && best.size) {
      const p = this.classify(query);
      for (const [id, hit] of best) {
        hit.classifier = p.get(id) ?? 0;
        hit.score *= 1 + this.classifierBoost * hit.classifier;
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
  }

  /** Answers one question. Never throws for any input text. */
  ask(rawQuestion: string): Answer {
    // The cleaning path (clean.ts) first; the service refuses NUL before it gets here, the engine reads it as a space.
    const raw = String(rawQuestion ?? '');
    // Past its first GUARD_READS characters nothing of a long text is read: one many times that long is too long
    // whatever it holds, and only its start is cleaned, so that any message costs a bounded time.
    const huge = raw.length > 4 * GUARD_READS;
    const full = cleanText((huge ? raw.slice(0, 4 * GUARD_READS) : raw).replaceAll('\u0000', ' '));
    if (huge || full.trim().length > MAX_QUESTION_LENGTH) {
      // A long paste is the likeliest to be a patient's notes: the clinical guard reads it (its first GUARD_READS
      // characters, which a pasted note fits in), so a long clinical question is refused as clinical and its text is
      // never stored.
      const kind = this.guard.check(full)?.kind === 'clinical' ? 'clinical' : 'too_long';
      return notice(`${full.slice(0, MAX_QUESTION_LENGTH)}…`, kind, kind === 'clinical' ? MESSAGES.clinical : MESSAGES.tooLong);
    }
    const question = full;
    // Numbers, e-mail and addresses redacted once: the guard's patient rule and the names the reply may repeat both
    // read it. Names stay in it: the patient rule looks for them.
    const redacted = redactContacts(question);
    let verdict = this.guard.check(question, redacted);
    const parts = this.parts(question, redacted);
    // English words are mapped after the guard read the message: the question, mapped, is read again for clinical
    // words ("dosing" is "dosering").
    if (!verdict) {
      const mapped = this.guard.check(parts.focus);
      if (mapped?.kind === 'clinical') verdict = mapped;
    }
    // "Hej! Tack på förhand! /Lena": nothing but framing is small talk, like "hej" alone.
    if (!verdict && parts.onlyFraming) verdict = { kind: /^\s*(hej|hallå|god|tj)/iu.test(question) ? 'greeting' : 'thanks' };
    const main = this.decide(question, parts.focus, parts.context, verdict, parts.names);
    let answer = main;
    if (!verdict && parts.questions.length > 1) {
      // Two questions in one message: answer the one the engine is surest of, and offer the other. At most three are
      // weighed, so that a message of many short questions costs what a few do.
      const each = parts.questions
        .slice(0, 3)
        .map((q, i) =>
          this.decide(question, q, [parts.context, ...parts.questions.filter((_, k) => k !== i)].join(' '), null, parts.names),
        );
      const best = [main, ...each].filter((a) => a.answered).sort((a, b) => b.confidence - a.confidence)[0];
      if (best) {
        const others = each
          .filter((a) => a !== best)
          .map((a) => (a.answered ? a.answerId : a.candidates.find((c) => c.kind === 'faq')?.id))
          .map((id) => (id && id !== best.answerId ? this.faqEntry(id)?.question : undefined))
          .filter((q): q is string => !!q);
        answer = { ...best, related: [...new Set([...others, ...best.related])].slice(0, 3) };
      }
    }
    if (parts.english && answer.kind !== 'clinical') answer = { ...answer, answer: `${MESSAGES.englishNote}\n${answer.answer}` };
    return answer;
  }

  /** The question in a message (focus.ts), with English words mapped to the knowledge's Swedish (english.ts). */
  parts(message: string, redacted = redactContacts(message)): MessageParts & { english: boolean } {
    const p = this.focus.parts(message);
    // Names are read after redaction: an e-mail address or a number is never repeated back as a "name".
    const names = namesIn(redacted);
    if (!this.english) return { ...p, names, english: false };
    const whole = this.english.translate(message);
    const t = (x: string) => (x ? (this.english?.translate(x).text ?? x) : x);
    // The focus is its questions joined (focus.ts): each is mapped once.
    const questions = p.questions.map(t);
    return {
      focus: questions.join(' '),
      context: t(p.context),
      questions,
      onlyFraming: p.onlyFraming,
      names,
      // Wholly in English: most words read as English. Then one English line says the answer is in Swedish.
      english: whole.words >= 4 && whole.english / whole.words >= ENGLISH_SHARE,
    };
  }

  /**
   * The analysed question: the focus, with the words of the message around it added at CONTEXT_WEIGHT of their
   * boost and marked as context (left out of coverage and unknown words).
   */
  focusQuery(focus: string, context: string): QueryAnalysis {
    const q = this.analyzer.query(focus);
    if (!context || this.contextWeight <= 0) return q;
    const own = new Set(q.words.flatMap((w) => w.terms.map((t) => t.term)));
    for (const w of this.analyzer.query(context).words) {
      if (w.question) continue;
      const terms = w.terms.filter((t) => !own.has(t.term)).map((t) => ({ term: t.term, boost: t.boost * this.contextWeight }));
      for (const t of terms) own.add(t.term);
      if (terms.length) q.words.push({ surface: w.surface, question: false, context: true, terms });
    }
    return q;
  }

  /**
   * The ranking the engine decides on for a message (its focus with context as weak support), with the answer text
   * each hit would give: what `npm run calibrate` fits confidence on.
   */
  rankMessage(message: string, limit = 2): { query: QueryAnalysis; hits: Hit[]; answerText: (id: string) => string } {
    const parts = this.parts(message);
    const query = this.focusQuery(parts.focus, parts.context);
    const hits = this.rank(query, limit);
    return {
      query,
      hits,
      answerText: (id) => {
        const t = this.targets.get(id);
        return t ? this.answerText(t, query) : '';
      },
    };
  }

  /** The classifier's probability per FAQ entry for an analysed question (its own words, not the context). */
  classify(query: QueryAnalysis): Map<string, number> {
    const features = query.ngrams.filter(isFourGram);
    for (const w of query.words) if (!w.context) for (const t of w.terms) features.push(t.term);
    return this.classifier.probabilities(features);
  }

  /** What the classifier reads of a text: the engine's index terms and character n-grams. */
  classifierFeatures(text: string): string[] {
    return [...this.analyzer.documentTerms(text, true), ...this.analyzer.documentNgrams(text).filter(isFourGram)];
  }

  /** The key of a question's "vilka X": X's synonym group, or its stem; "andra " in front when it asks for others. */
  private which(normalized: string): string | undefined {
    const w = this.whichOf(normalized);
    return w ? this.whichKey(w) : undefined;
  }

  private whichOf(normalized: string): Which | undefined {
    return whichOf(normalized, (x) => isStopword(x) || isQuestionWord(x));
  }

  private whichKey(w: Which): string {
    const s = stem(w.head);
    const group = this.analyzer.synonyms.forStem(s)[0];
    return `${w.others ? 'andra ' : ''}${group ?? s}`;
  }

  private decide(question: string, focus: string, context: string, verdict: GuardVerdict, names: ReadonlyMap<string, string>): Answer {
    const query = this.focusQuery(focus, context);
    const hits = verdict?.kind === 'empty' ? [] : this.rank(query, 10);
    const candidates = hits.slice(0, 5).map((h) => this.candidate(h));
    const top = hits[0];
    const topTarget = top ? this.targets.get(top.id) : undefined;
    const confWith = (agreement: number) =>
      Number(
        confidence(
          features(
            top,
            hits[1],
            topTarget?.kind === 'faq',
            unknownShare(query.words),
            agreement,
            top?.classifier ?? 0,
            unknownCount(query.words),
          ),
          this.calibration,
        ).toFixed(4),
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
    // The focus is keyed from its own words in the query already analysed; the whole message too, as marked.
    const focusOnly = { ...query, words: query.words.filter((w) => !w.context) };
    if (
      this.outOfScope.size &&
      (this.outOfScope.has(this.contentKey(focus, focusOnly)) || this.outOfScope.has(this.contentKey(question)))
    ) {
      return {
        ...base,
        answered: false,
        kind: 'abstain',
        answer: `${MESSAGES.abstain} ${MESSAGES.abstainHint} ${MESSAGES.examplesIntro}`,
        suggestions: [...this.examples],
      };
    }
    // The question types of the focus, as the analyser read them (also typed without å/ä/ö: "nar", "hur manga").
    const types = [
      ...new Set(query.words.flatMap((w) => (w.question ? w.terms.filter((t) => t.term.startsWith('qt:')) : [])).map((t) => t.term)),
    ];
    // A name the knowledge never uses (a system, a hospital, a person) is what the question is about: the page does
    // not mention it, so a general answer about the rest of the words would answer another question. A yes/no
    // question ("Gäller beslutet även Sahlgrenska?") can still be answered by what the page says in general.
    const name = query.words.find((w) => w.unknown && !w.question && !w.context && names.has(w.surface));
    if (name && top && !types.includes('qt:yesno')) {
      const related = faqQuestions().slice(0, 1);
      return {
        ...base,
        answered: false,
        kind: 'abstain',
        answer: `${MESSAGES.notMentioned(systemName(names.get(name.surface) ?? ''))}${related.length ? ` ${MESSAGES.notStatedRelated}` : ''}`,
        related,
      };
    }
    // Answer-type agreement (agreement.ts): the answer must state what is asked. A close runner-up that states it
    // answers instead; else the page does not say, and the on-topic entry is offered as a related question.
    const asked = askedContent(types);
    // "vilka risker", "vilket datum": only an entry written to name those answers (its phrasings ask for them).
    // A time question needs no "vilka X" beyond its time, except for a date or a day: a season does not answer it.
    const asksWhich = this.whichOf(normalize(focus));
    const which = asksWhich && (!asked.includes('time') || /^(datum|datumet|dag|dagen)$/u.test(asksWhich.head)) ? asksWhich : undefined;
    const whichKey = which ? this.whichKey(which) : undefined;
    const agrees = (hit: Hit, target: Target) =>
      (types.every((t) => !asked.includes(TYPE_CONTENT[t] as Asked) || this.entryTypes.get(hit.id)?.has(t)) ||
        statesAsked(this.answerText(target, query), asked)) &&
      (!whichKey || !!this.entryHeads.get(hit.id)?.has(whichKey));
    let chosen: { hit: Hit; target: Target } | undefined = top && topTarget ? { hit: top, target: topTarget } : undefined;
    let closeRace: [string, string] | undefined;
    // Cost, names, findings and step-by-step instructions are never in an answer's words: a question that covers
    // most of an entry's words otherwise is on topic, and gets the honest "the page does not say".
    const unanswerable = asked.some((a) => a === 'cost' || a === 'person' || a === 'result' || a === 'howto');
    const onTopicHere = onTopic || (unanswerable && !!top && top.coverage >= 0.5);
    if (top && topTarget && onTopicHere && (asked.length || whichKey) && !agrees(top, topTarget)) {
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
          answer: `${MESSAGES.notStated(this.notStatedWhat(types, asked, which, top))}${related.length ? ` ${MESSAGES.notStatedRelated}` : ''}`,
          related,
        };
      }
    } else if (conf < this.calibration.threshold) chosen = undefined;
    else if (
      top &&
      topTarget &&
      hits[1] &&
      this.targets.get(hits[1].id)?.kind === 'faq' &&
      hits[1].score >= this.closeRace * top.score &&
      !sameFact(this.answerText(topTarget, query), this.answerText(this.targets.get(hits[1].id) as Target, query))
    ) {
      chosen = undefined;
      closeRace = [top.id, hits[1].id];
    }
    if (!chosen) {
      const suggestions = faqQuestions();
      const answer = suggestions.length
        ? MESSAGES.abstainWithSuggestions
        : `${MESSAGES.abstain} ${MESSAGES.abstainHint} ${MESSAGES.examplesIntro}`;
      return {
        ...base,
        answered: false,
        kind: 'abstain',
        answer,
        suggestions: suggestions.length ? suggestions : [...this.examples],
        ...(closeRace ? { closeRace } : {}),
      };
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

  /** What the honest reply says the page does not state: the first asked type the entry misses, else the "vilka X". */
  private notStatedWhat(types: readonly string[], asked: readonly Asked[], which: Which | undefined, top: Hit): string {
    const missing = asked.find((a) => {
      const type = types.find((t) => TYPE_CONTENT[t] === a);
      return !type || !this.entryTypes.get(top.id)?.has(type);
    });
    if (missing) return NOT_STATED[missing];
    return which ? which.phrase : NOT_STATED[asked[0] as Asked];
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

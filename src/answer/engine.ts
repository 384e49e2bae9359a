/**
 * The answer engine: prepare -> rank -> decide -> one Answer.
 *
 * FAQ entries, fact-page sections and imported passages are ranked together in one lunr index. The stages live in
 * files of their own: prepare.ts (cleaning, redaction, the guard, the question in the message, English words),
 * rank.ts (the ranking and its confidence features), decide.ts (an ordered list of named rules) and compose.ts (the
 * Answer). This file builds the index once and runs the stages for each question.
 */
import { Analyzer, type QueryAnalysis, type QueryWord } from '../analysis/analyzer';
import { EnglishLexicon } from '../analysis/english';
import { firstNamesOf, knowledgeWord, MessageFocus, type MessageParts, namesIn, ordinaryName } from '../analysis/focus';
import { swedishLexicon } from '../analysis/lexicon';
import { normalize, questionKey } from '../analysis/normalize';
import { asksNow } from '../analysis/questiontype';
import { stem } from '../analysis/stem';
import { isQuestionWord, isStopword } from '../analysis/stopwords';
import type { FaqEntry, KnowledgeBase } from '../knowledge/types';
import { EntryClassifier } from '../retrieval/classifier';
import { DEFAULT_RANKER, type Hit, type IndexDoc, Ranker, type RankerOptions } from '../retrieval/ranker';
import { DEFINITE_ENDINGS, type NameVocabulary, useNameVocabulary } from '../text/redact';
import { actorPattern, askedContent, NOT_STATED } from './agreement';
import type { Answer, Source } from './answer';
import { type ComposeTools, composeAnswer, interpretedAs } from './compose';
import { type Calibration, DEFAULT_CALIBRATION } from './confidence';
import {
  DEFAULT_DECIDE,
  type DecideOptions,
  type Decision,
  type DecisionContext,
  decide,
  RULES,
  type Rule,
  typeAgreementRule,
} from './decide';
import {
  asksForOther,
  asksMoreOf,
  asksNothingOwn,
  type ConversationContext,
  changesTopic,
  hasForeignTopic,
  isFollowUp,
  NOTHING_ASKED,
  NOTHING_MORE,
  ownWords,
  topicWords,
  withTopic,
} from './followup';
import { followUpsFor } from './followups';
import { Guard, type GuardVerdict } from './guard';
import { MESSAGES } from './messages';
import { isFinished, type Prepared, Preparer } from './prepare';
import { DEFAULT_RANK, EntryRanking, isFourGram, type Ranking, type RankOptions, roundedConfidence } from './rank';
import { type Target, Targets, whichKey } from './targets';

export { MAX_QUESTION_LENGTH } from '../limits';

/** A question with at most this many topic words of its own, that nothing answers alone, is tried with the conversation's topic. */
const SHORT_QUESTION_TOPIC = 2;

export interface EngineOptions {
  ranker?: RankerOptions;
  calibration?: Calibration;
  /** Index each FAQ phrasing as its own document (the best phrasing counts) instead of one per entry. Default on. */
  perPhrasing?: boolean;
  rank?: Partial<RankOptions>;
  decide?: Partial<DecideOptions>;
  /** Share of words both ways a yes/no question must share with the entry's yes/no phrasing to keep "Ja."/"Nej.". */
  polarCoverage?: number;
  /** The decision's rules, in order (decide.ts RULES by default). */
  rules?: readonly Rule[];
}

export class Engine {
  readonly analyzer: Analyzer;
  readonly ranker: Ranker;
  readonly guard: Guard;
  /**
   * Words the curated knowledge (pages, answers) writes as names inside a sentence ("Millennium", "Cerner") and its listed proper nouns
   * ("Melior", "Sahlgrenska"), normalised: never a person's name.
   */
  readonly properNouns: ReadonlySet<string>;
  /** What the knowledge says of names (its listed first names, its own words), for redaction and the phrasing check. */
  readonly names: NameVocabulary;
  /** The words the curated knowledge (pages, passages, FAQ answers) writes, as the analyzer normalises them. */
  private readonly curatedWords: { has(word: string): boolean };
  /** Words FAQ phrasings write as names (capitalised inside a sentence), as the analyzer and as typed in lower case. */
  private readonly phrasingNames: ReadonlySet<string>;
  readonly calibration: Calibration;
  readonly stats: { faq: number; sections: number; passages: number; buildMs: number };
  /** One class per FAQ entry, trained on its phrasings (classifier.ts). */
  readonly classifier: EntryClassifier;
  readonly targets: Targets;
  readonly ranking: EntryRanking;
  private readonly preparer: Preparer;
  private readonly decideOptions: DecideOptions;
  private readonly polarCoverage: number;
  private readonly rules: readonly Rule[];
  /** Example questions, for small talk, "I don't know" and the chat adapters' welcome and home views. */
  readonly examples: readonly string[];
  /** The companies and bodies the knowledge names (pages' `actors`), for answer-type agreement. */
  private readonly actors: RegExp | undefined;
  /** Content keys of the questions communicators marked "Ska inte besvaras" (knowledge/utanfor.yaml). */
  private readonly outOfScope: Set<string>;
  /** questionKey of each FAQ question and phrasing → its entry (null where two entries share it). */
  private readonly phrasings = new Map<string, string | null>();

  constructor(
    readonly kb: KnowledgeBase,
    options: EngineOptions = {},
  ) {
    const started = performance.now();
    this.calibration = options.calibration ?? DEFAULT_CALIBRATION;
    this.decideOptions = { ...DEFAULT_DECIDE, ...options.decide };
    this.polarCoverage = options.polarCoverage ?? 0.6;
    this.rules = options.rules ?? RULES;
    this.targets = new Targets(kb);

    const docs: IndexDoc[] = [];
    const texts: string[] = [];
    // The texts a person wrote and reviewed as the knowledge: never a phrasing, which the console's editor saves from
    // questions staff asked, so that no saved question can make a surname "the knowledge's own word".
    const curated: string[] = [];
    const phrasingNames: string[] = [];
    for (const entry of kb.faq) {
      const phrasings = [entry.question, ...entry.alternates];
      if (options.perPhrasing ?? true) {
        phrasings.forEach((q, k) => {
          docs.push({ id: `${entry.id}#${k}`, target: entry.id, fields: k === 0 ? { q, text: entry.answer } : { q } });
        });
      } else {
        docs.push({ id: entry.id, fields: { q: phrasings.join('\n'), text: entry.answer } });
      }
      texts.push(...phrasings, entry.answer);
      curated.push(entry.answer);
      for (const q of phrasings) for (const [norm, written] of namesIn(q)) phrasingNames.push(norm, written.toLocaleLowerCase('sv-SE'));
    }
    let sections = 0;
    for (const page of kb.pages)
      for (const section of page.sections) {
        sections++;
        if (!section.text) continue;
        docs.push({ id: section.id, fields: { title: section.heading, text: section.text } });
        texts.push(section.heading, section.text);
        curated.push(section.heading, section.text);
      }
    for (const passage of kb.passages) {
      docs.push({ id: passage.id, fields: { title: passage.title, text: passage.text } });
      texts.push(passage.title, passage.text);
      curated.push(passage.title, passage.text);
    }
    this.analyzer = Analyzer.fromTexts(texts, kb.synonyms, kb.lexicon ? swedishLexicon(kb.lexicon) : undefined);
    this.analyzer.remember();
    this.ranker = new Ranker(this.analyzer, docs, options.ranker ?? DEFAULT_RANKER);
    this.guard = new Guard(kb.guard);
    this.properNouns = new Set([...curated.flatMap((text) => [...namesIn(text).keys()]), ...(kb.guard.properNouns ?? [])]);
    // Redaction and the guard keep the curated knowledge's own words out of their name rules and find the listed first
    // names anywhere.
    const own = Analyzer.fromTexts(curated, []).vocabulary;
    // Words any text of the knowledge writes in small letters: never a name, wherever else they stand capitalised.
    const writtenSmall = new Set(texts.flatMap((t) => [...t.matchAll(/(?<![\p{L}\p{N}])\p{Ll}\p{L}*/gu)].map((m) => normalize(m[0]))));
    // The stems of the words the knowledge writes (curated, or anywhere in small letters): "systemet" for "system".
    // Built on first use: only stored text about someone's health reads it, and start-up should not wait for it.
    let stems: Set<string> | undefined;
    const writtenStems = () => {
      stems ??= new Set(
        [...new Set([...writtenSmall, ...curated.flatMap((t) => [...t.matchAll(/\p{L}+/gu)].map((m) => normalize(m[0])))])].map(stem),
      );
      return stems;
    };
    this.curatedWords = own;
    this.phrasingNames = new Set(phrasingNames);
    this.names = {
      firstNames: firstNamesOf(kb.guard),
      known: knowledgeWord({ has: (w) => own.has(w) || this.properNouns.has(w) || isStopword(w) }),
      ordinary: ordinaryName(this.analyzer.swedish),
      swedish: (word) => this.analyzer.swedish?.isWord(word) === true,
      // The word classes are read on first use, as the rest of the lexicon.
      ...(kb.lexicon?.classes ? { notNoun: (word: string) => this.analyzer.swedish?.notNoun(word) === true } : {}),
      diagnoses: new Set((kb.guard.patient.diagnoses ?? []).filter((d) => !d.includes(' '))),
      healthPhrases: (kb.guard.patient.diagnoses ?? []).filter((d) => d.includes(' ')),
      healthStems: kb.guard.patient.stems ?? [],
      compound: (word) => (this.analyzer.swedish?.split(word)?.length ?? 0) > 1,
      written: (word) => own.has(word) || writtenSmall.has(word),
      patientWords: new Set(kb.guard.patient.words),
      wordSurnames: new Set((kb.guard.patient.wordSurnames ?? []).map(normalize)),
      clinicalWords: new Set(kb.guard.clinical.filter((c) => !c.includes(' ')).map(normalize)),
      small: (word) => isStopword(word) || isQuestionWord(word),
      // Stemmed, or without a definite ending the stemmer leaves to another stem ("riskanalysen": "riskanalys"); a
      // stem of five letters or more, so that a surname is no form of a short word ("Hansen" of "hans").
      writtenForm: (word) =>
        [word, ...DEFINITE_ENDINGS.filter((end) => word.endsWith(end)).map((end) => word.slice(0, -end.length))].some((w) => {
          const s = stem(w);
          return s.length >= 5 && writtenStems().has(s);
        }),
    };
    useNameVocabulary(this.names);
    this.classifier = new EntryClassifier(
      kb.faq.flatMap((e) => [e.question, ...e.alternates].map((q) => ({ label: e.id, features: this.classifierFeatures(q) }))),
    );
    this.analyzer.forget();
    this.targets.learnHeads(kb.faq, this.analyzer);
    this.ranking = new EntryRanking(this.analyzer, this.ranker, this.classifier, this.targets, { ...DEFAULT_RANK, ...options.rank });
    const focus = new MessageFocus(kb.chat ?? { greetings: kb.guard.smalltalk.greeting, closings: kb.guard.smalltalk.thanks, openers: [] });
    // Only words the knowledge writes as they are count as Swedish here ("options" is not "option" + s).
    const english = kb.english ? new EnglishLexicon(kb.english, (w) => this.analyzer.vocabulary.has(w)) : undefined;
    this.preparer = new Preparer(this.guard, focus, english, (text) =>
      this.analyzer.query(text).words.some((w) => !w.question && !w.unknown),
    );
    // The knowledge marks its example questions (`example: true`); without any, the first three entries serve.
    const examples = kb.faq.filter((e) => e.example).map((e) => e.question);
    this.examples = examples.length ? examples : kb.faq.slice(0, 3).map((e) => e.question);
    this.actors = actorPattern(kb.pages.flatMap((p) => p.actors ?? []));
    this.outOfScope = new Set((kb.outOfScope ?? []).map((o) => this.contentKey(o.question)).filter(Boolean));
    // Word for word, each FAQ question and phrasing and its entry; a wording two entries share answers neither.
    for (const e of kb.faq)
      for (const q of [e.question, ...e.alternates]) {
        const key = questionKey(q);
        if (key) this.phrasings.set(key, this.phrasings.has(key) && this.phrasings.get(key) !== e.id ? null : e.id);
      }
    this.stats = { faq: kb.faq.length, sections, passages: kb.passages.length, buildMs: performance.now() - started };
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

  /** The same engine (sharing its index) with another calibration: for choosing thresholds on dev. */
  withCalibration(calibration: Calibration): Engine {
    return Object.assign(Object.create(Engine.prototype) as Engine, this, { calibration });
  }

  /** The same engine (sharing its index) with other rules: for measuring what each rule costs and catches. */
  withRules(rules: readonly Rule[]): Engine {
    return Object.assign(Object.create(Engine.prototype) as Engine, this, { rules });
  }

  /**
   * Keep every prepared message and ranking from now on, so that asking the same questions under other calibrations
   * or rules costs only the decision: for evaluations, never for the service (the memory grows with every question).
   */
  remember(): void {
    this.preparer.remember();
    this.ranking.remember();
  }

  /** Ranks every kind of document for an analysed question (rank.ts). */
  rank(query: QueryAnalysis, limit = 10): Hit[] {
    return this.ranking.rank(query, limit);
  }

  /** Answers one question. Never throws for any input text. */
  ask(question: string): Answer {
    return this.answerPrepared(this.preparer.prepare(question));
  }

  /**
   * Answers a question its caller has cleaned already (clean.ts), as the service does where text comes in; `cut`:
   * the text was longer than cleaning reads (CLEAN_READS), so it is too long whatever its cleaned start holds.
   */
  askCleaned(question: string, cut = false): Answer {
    return this.answerPrepared(this.preparer.prepare(question, true, cut));
  }

  /**
   * Answers one message of a conversation (followup.ts): a follow-up ("och när då?") is read together with the
   * conversation's context and answered as an interpretation that names the question it was read as; any other
   * message is answered on its own. Returns the answer and the conversation's new context: the entry answered or
   * interpreted and the topic words of its question; after a declined follow-up the old context stays (the topic has
   * not changed); after "Faktasidan säger inte …" the question's topic words stay without an entry; after any other
   * decline there is none (the conversation has left the topic for one the page does not answer). Clinical and
   * patient messages are never read with the context, and end it. `cleaned` and `cut`: as for `askCleaned`.
   */
  askInConversation(
    question: string,
    context: ConversationContext | undefined,
    cleaned = false,
    cut = false,
  ): { answer: Answer; context: ConversationContext | undefined } {
    const prepared = this.preparer.prepare(question, cleaned, cut);
    if (isFinished(prepared)) return { answer: prepared, context };
    if (prepared.verdict) {
      const kept = prepared.verdict.kind === 'clinical' ? undefined : context;
      return { answer: this.answerPrepared(prepared), context: kept };
    }
    const words = this.analyzer.query(prepared.focus).words;
    const own = topicWords(words, this.knowsTopic);
    const alone = () => {
      const answer = this.answerPrepared(prepared);
      return { answer, context: this.contextOf(answer, own) };
    };
    if (!context && ownWords(words).length < SHORT_QUESTION_TOPIC && isFollowUp(prepared.focus, words)) {
      // It names at most one thing and points back to something the conversation has not settled (nothing yet, or a
      // question declined): only a plain answer is given; an interpretation would guess what "det" or "då" stands
      // for. One that names its topic is complete, however it ends ("vad blir det för system på iva nu då").
      const single = alone();
      const target =
        single.answer.outcome === 'interpreted' && single.answer.answerId ? this.targets.get(single.answer.answerId) : undefined;
      return target ? { answer: this.unclear(single.answer, target), context: undefined } : single;
    }
    if (!context || prepared.questions.length > 1 || changesTopic(prepared.focus)) return alone();
    if (!isFollowUp(prepared.focus, words)) {
      // A short question that names little ("hur många system blir det totalt?") and that nothing answers alone may
      // still be about the conversation's topic.
      const single = alone();
      if (single.answer.answered || own.length > SHORT_QUESTION_TOPIC || hasForeignTopic(words)) return single;
      const read = this.readInContext(prepared, context, words);
      return read.answer.answered ? read : single;
    }
    const read = this.readInContext(prepared, context, words);
    if (read.answer.answered) return read;
    // Read with the topic, nothing answers: a follow-up with words of its own may still be answered by them, unless
    // it asks for something other than the answer they give. Where the topic gave only the answer just given, the
    // page has nothing more on it, and those few words are answered only when they are a complete question.
    const single = own.length ? alone() : undefined;
    const enough = read.answer.rule === NOTHING_MORE ? single?.answer.outcome === 'answered' : single?.answer.answered;
    return single && enough && single.answer.answerId !== read.excluded ? single : { answer: read.answer, context };
  }

  /**
   * Words that may be a conversation's topic: words the knowledge uses, never a first name the guard lists, and never
   * a word that only FAQ phrasings write as a name ("Vad tycker Bergström …"): communicators add phrasings from what
   * staff asked, and a surname in one must not reach the stored context.
   */
  private readonly knowsTopic = (w: string): boolean =>
    this.analyzer.vocabulary.has(w) && !this.names.firstNames.has(w) && (this.curatedWords.has(w) || !this.phrasingNames.has(w));

  /**
   * A question read with the conversation's topic words after its own; an answer is shown as an interpretation that
   * names the question it answers. "Vad mer …?", "och de andra?" ask for something other than what was just answered,
   * which is left out.
   */
  private readInContext(
    prepared: Prepared,
    context: ConversationContext,
    words: readonly QueryWord[],
  ): { answer: Answer; context: ConversationContext | undefined; excluded?: string } {
    const excluded = asksForOther(prepared.focus) ? context.entryId : undefined;
    const read = withTopic(prepared.focus, context);
    const { answer, types } = this.answerFocus(
      prepared.question,
      read,
      prepared.context,
      { verdict: null, names: prepared.names },
      excluded,
    );
    const target = answer.answered && answer.answerId ? this.targets.get(answer.answerId) : undefined;
    if (!target) return { answer: { ...answer, followUps: followUpsFor(answer, this.kb.faq) }, context, excluded };
    if (answer.answerId === context.entryId && !this.asksMore(prepared.focus, words, context, answer, types))
      return { answer: this.nothingMore(answer), context, excluded };
    // "har de gjort det nu?": no word of its own and no kind of question, so only the topic chose this other entry.
    if (answer.answerId !== context.entryId && !excluded && asksNothingOwn(prepared.focus, words))
      return { answer: this.unclear(answer, target), context, excluded };
    const resolved: Answer = {
      ...answer,
      outcome: 'interpreted',
      interpretedAs: interpretedAs(target),
      suggestions: answer.outcome === 'interpreted' ? answer.suggestions : answer.related,
      related: answer.outcome === 'interpreted' ? answer.related : [],
      ...(prepared.english ? { answer: `${MESSAGES.englishNote}\n${answer.answer}` } : {}),
    };
    const interpreted: Answer = { ...resolved, followUps: followUpsFor(resolved, this.kb.faq) };
    return { answer: interpreted, context: this.contextOf(interpreted, topicWords(words, this.knowsTopic, context.topic)) };
  }

  /** Whether a follow-up read back to the entry just answered asks something of it the earlier question did not (followup.ts). */
  private asksMore(
    focus: string,
    words: readonly QueryWord[],
    context: ConversationContext,
    answer: Answer,
    types: readonly string[],
  ): boolean {
    const topicStems = new Set(this.analyzer.query(context.topic.join(' ')).words.flatMap((w) => w.terms.map((t) => t.term)));
    return asksMoreOf(focus, ownWords(words), topicStems, {
      text: answer.answer,
      matchedWords: answer.matchedWords,
      statesKind: askedContent(types).length > 0,
      yesNo: types.includes('qt:yesno'),
      asksNow: asksNow(normalize(focus)),
    });
  }

  /**
   * The reply to a follow-up that would only get the answer just given again: the page says nothing more on it. The
   * questions that usually come next are offered, so the conversation can go on from there.
   */
  private nothingMore(again: Answer): Answer {
    const { interpretedAs: _, answerId: __, closeRace: ___, ...rest } = again;
    return {
      ...rest,
      answered: false,
      outcome: 'declined',
      rule: NOTHING_MORE,
      kind: 'abstain',
      answer: MESSAGES.nothingMore,
      sources: [],
      suggestions: [],
      related: followUpsFor(again, this.kb.faq).map((f) => f.question),
      followUps: [],
    };
  }

  /**
   * The reply to a follow-up whose answer would be a guess: one that names nothing and asks no kind of thing, which
   * the topic alone read as another entry than the one just answered, or one that points back in a conversation with
   * no topic. The entry found is not a reading of it, so the bot asks whether that entry was meant.
   */
  private unclear(read: Answer, target: Target): Answer {
    const { interpretedAs: _, answerId: __, closeRace: ___, ...rest } = read;
    return {
      ...rest,
      answered: false,
      outcome: 'declined',
      rule: NOTHING_ASKED,
      kind: 'abstain',
      answer: MESSAGES.abstainWithSuggestions,
      sources: [],
      suggestions: [interpretedAs(target)],
      related: [],
      followUps: [],
    };
  }

  /**
   * A name in a question that only FAQ phrasings write, never the curated knowledge: no Swedish word and no compound
   * or genitive of a curated word ("Lindqvist", "Nowak"; not "Millenniumavtalet"). Such a phrasing was saved from a
   * question staff asked or written by hand; it does not make the name one the knowledge uses.
   */
  private phrasingOnlyName(word: string): boolean {
    if (!this.analyzer.vocabulary.has(word) || this.curatedWords.has(word) || this.analyzer.swedish?.isWord(word)) return false;
    for (let n = 5; n < word.length; n++) if (this.curatedWords.has(word.slice(0, n))) return false;
    return true;
  }

  /**
   * The context an answer leaves: its entry, the section behind it and the topic words of the question; after a
   * decline none, except the topic words alone after one on the page's topic.
   */
  private contextOf(answer: Answer, topic: string[]): ConversationContext | undefined {
    // "Faktasidan säger inte när." is declined on topic: the conversation stays on those words, with no entry answered.
    if (!answer.answered && answer.rule === typeAgreementRule.name && topic.length) return { topic };
    if (!answer.answered || !answer.answerId) return undefined;
    const section = this.sourceOf(answer.answerId)?.id;
    return { entryId: answer.answerId, ...(section ? { section } : {}), topic };
  }

  private answerPrepared(prepared: Prepared | Answer): Answer {
    if (isFinished(prepared)) return prepared;
    // The Answer repeats the question as prepare cleaned it.
    const cleaned = prepared.question;
    let answer = this.answerFocus(cleaned, prepared.focus, prepared.context, prepared).answer;
    if (!prepared.verdict && prepared.questions.length > 1) answer = this.answerParts(cleaned, prepared, answer);
    if (prepared.english && answer.kind !== 'clinical') answer = { ...answer, answer: `${MESSAGES.englishNote}\n${answer.answer}` };
    return { ...answer, followUps: followUpsFor(answer, this.kb.faq) };
  }

  /**
   * Two or three questions in one message: each is decided on its own (the others as context). The reply answers the
   * part the engine is surest of (a plain answer before an interpretation), and a second part too when both are plain
   * answers from different entries, each with its source; it says plainly what the page does not state of the other
   * parts, and offers the other answerable parts as related questions. At most three parts are weighed, so that a
   * message of many short questions costs what a few do.
   */
  private answerParts(question: string, prepared: Prepared, whole: Answer): Answer {
    const parts = prepared.questions.slice(0, 3).map((q, i) =>
      this.answerFocus(question, q, [prepared.context, ...prepared.questions.filter((_, k) => k !== i)].join(' '), {
        ...prepared,
        verdict: null,
      }),
    );
    const answered = parts
      .filter((p) => p.answer.answered)
      .sort((a, b) => outcomeRank(b.answer) - outcomeRank(a.answer) || b.answer.confidence - a.answer.confidence);
    const best = answered[0];
    if (!best) return whole.answered ? whole : this.declineParts(parts, whole);
    // Two parts the engine answers plainly from different entries: both answers, in the order they were asked.
    const pair = answered.filter((p) => p.answer.outcome === 'answered');
    const second = pair.find((p) => p !== best && p.answer.answerId !== best.answer.answerId);
    const shown = best.answer.outcome === 'answered' && second ? parts.filter((p) => p === best || p === second) : [best];
    const others = parts.filter((p) => !shown.includes(p));
    const notes = [
      ...new Set(
        others
          .filter((p) => !p.answer.answered)
          .map((p) => (p.decision.do === 'decline' && p.decision.decline.statement) || unstated(p.types) || MESSAGES.otherPartUnknown),
      ),
    ];
    const relatedOthers = others
      .filter((p) => p.answer.answered && !shown.some((s) => s.answer.answerId === p.answer.answerId))
      .map((p) => (p.answer.answerId ? this.faqEntry(p.answer.answerId)?.question : undefined))
      .filter((q): q is string => !!q);
    const sources = shown.flatMap((p) => p.answer.sources).filter((s, i, all) => all.findIndex((x) => x.id === s.id) === i);
    return {
      ...best.answer,
      answer: [shown.map((p) => p.answer.answer).join('\n\n'), ...notes].join(' '),
      sources,
      related: [...new Set([...relatedOthers, ...best.answer.related])]
        .filter((q) => !shown.some((p) => p.answer.answerId && this.faqEntry(p.answer.answerId)?.question === q))
        .slice(0, 3),
    };
  }

  /**
   * No part of the message can be answered: when some part is on the page's topic but asks what the page does not
   * state, the reply says so for each part, with one related question; else the decline of the whole message.
   */
  private declineParts(parts: readonly { answer: Answer; decision: Decision; types: readonly string[] }[], whole: Answer): Answer {
    const statements = parts.map((p) => (p.decision.do === 'decline' && p.decision.decline.statement) || unstated(p.types));
    const first = parts.find((p, i) => statements[i] && p.decision.do === 'decline' && p.decision.decline.statement);
    if (!first) return whole;
    const said = [...new Set(statements.map((x) => x ?? MESSAGES.otherPartUnknown))];
    const related = first.answer.related.slice(0, 1);
    return { ...first.answer, answer: `${said.join(' ')}${related.length ? ` ${MESSAGES.notStatedRelated}` : ''}`, related };
  }

  /** Ranks one question of a message, decides and composes the Answer. */
  private answerFocus(
    question: string,
    focus: string,
    context: string,
    prepared: { verdict: GuardVerdict; names: ReadonlyMap<string, string> },
    exclude?: string,
  ): { answer: Answer; decision: Decision; types: readonly string[] } {
    const ranking =
      prepared.verdict?.kind === 'empty'
        ? this.emptyRanking(focus)
        : this.ranking.rankQuestion(focus, context, this.calibration, 10, exclude);
    const ctx = this.context(question, focus, prepared.verdict, prepared.names, ranking);
    const decision = decide(ctx, this.rules);
    return { answer: composeAnswer(ctx, decision, this.composeTools(ranking.query)), decision, types: ranking.types };
  }

  private emptyRanking(focus: string): Ranking {
    const r = this.ranking.rankQuestion(focus, '', this.calibration, 0);
    return { ...r, hits: [] };
  }

  /** What the rules read for one ranked question. */
  context(
    question: string,
    focus: string,
    verdict: DecisionContext['verdict'],
    names: ReadonlyMap<string, string>,
    ranking: Ranking,
  ): DecisionContext {
    const { query, hits } = ranking;
    const topHit = hits[0];
    const topTarget = topHit ? this.targets.get(topHit.id) : undefined;
    // On topic whatever the question type (plausible enough to interpret): decides between "the page does not say
    // when" and "I do not know".
    const plausible = this.calibration.interpretThreshold ?? this.calibration.threshold;
    const onTopic =
      ranking.confidence >= plausible || roundedConfidence({ ...ranking.features, agreement: 0.5 }, this.calibration) >= plausible;
    return {
      question,
      focus,
      verdict,
      names,
      phrasingName: (w) => this.phrasingOnlyName(w),
      ranking,
      query,
      hits,
      top: topHit && topTarget ? { hit: topHit, target: topTarget } : undefined,
      confidence: ranking.confidence,
      onTopic,
      calibration: this.calibration,
      options: this.decideOptions,
      targets: this.targets,
      answerText: (t: Target) => this.answerText(t, query),
      actors: this.actors,
      whichKey: (w) => whichKey(w, this.analyzer),
      markedOutOfScope: () => {
        if (!this.outOfScope.size) return false;
        // The focus is keyed from its own words in the query already analysed; the whole message too, as marked.
        const focusOnly = { ...query, words: query.words.filter((w) => !w.context) };
        return this.outOfScope.has(this.contentKey(focus, focusOnly)) || this.outOfScope.has(this.contentKey(question));
      },
      knownPhrasing: () => this.phrasings.get(questionKey(focus)) ?? this.phrasings.get(questionKey(question)) ?? undefined,
      faqQuestions: (exclude) =>
        hits
          .filter((h) => h.id !== exclude && this.targets.get(h.id)?.kind === 'faq' && h.coverage > 0)
          .slice(0, 3)
          .map((h) => this.faqEntry(h.id)?.question as string),
      examples: this.examples,
    };
  }

  private composeTools(query: QueryAnalysis): ComposeTools {
    return {
      targets: this.targets,
      answerText: (t) => this.answerText(t, query),
      polarCoverage: this.polarCoverage,
      matchedWords: (hit) => matchedWords(query, hit),
    };
  }

  /**
   * The ranking the engine decides on for a message (its focus with context as weak support), with the answer text
   * each hit would give: what `npm run calibrate` fits confidence on.
   */
  rankMessage(message: string, limit = 2): Ranking & { answerText: (id: string) => string } {
    const parts = this.preparer.parts(message);
    const ranking = this.ranking.rankQuestion(parts.focus, parts.context, this.calibration, limit);
    return {
      ...ranking,
      answerText: (id) => {
        const t = this.targets.get(id);
        return t ? this.answerText(t, ranking.query) : '';
      },
    };
  }

  /** The question in a message (focus.ts), with English words mapped to the knowledge's Swedish (english.ts). */
  parts(message: string): MessageParts & { english: boolean } {
    return this.preparer.parts(message);
  }

  /** The classifier's probability per FAQ entry for an analysed question (its own words, not the context). */
  classify(query: QueryAnalysis): Map<string, number> {
    return this.ranking.classify(query);
  }

  /** What the classifier reads of a text: the engine's index terms and character n-grams. */
  classifierFeatures(text: string): string[] {
    return [...this.analyzer.documentTerms(text, true), ...this.analyzer.documentNgrams(text).filter(isFourGram)];
  }

  private answerText(t: Target, query: QueryAnalysis): string {
    return this.targets.answerText(t, query, this.analyzer, (term) => this.ranker.idf(term));
  }

  /** The source (page section, link, date) behind an FAQ entry, section or passage id. */
  sourceOf(id: string): Source | undefined {
    const t = this.targets.get(id);
    return t ? this.targets.source(t) : undefined;
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
    return this.targets.faqEntry(id);
  }
}

/** Query words that matched a hit (after correction), so an editor sees why. */
function matchedWords(query: QueryAnalysis, hit: Hit): string[] {
  return query.words
    .filter((w) => w.terms.some((t) => hit.matched.has(t.term)))
    .map((w) => (w.corrected ? `${w.surface}→${w.corrected}` : w.surface));
}

/** Plain answers before interpretations. */
function outcomeRank(a: Answer): number {
  return a.outcome === 'answered' ? 2 : a.outcome === 'interpreted' ? 1 : 0;
}

/**
 * What the page never states, whatever the topic: costs, people's names, what an analysis found, step-by-step
 * instructions. A part of a message that asks one of these gets that sentence.
 */
function unstated(types: readonly string[]): string | undefined {
  const asked = askedContent(types).find((a) => a === 'cost' || a === 'person' || a === 'result' || a === 'howto');
  return asked ? MESSAGES.notStated(NOT_STATED[asked]) : undefined;
}

/**
 * Stage 3 of the engine, decide: whether to answer, and from which candidate, as an ordered list of small named
 * rules. Each rule reads the prepared message and the ranking and either passes, declines (and says how), or settles
 * the answer. The first rule that settles wins. `npm run bench` measures each rule's cost and value on every
 * development set by leaving it out (src/cli/rules.ts); docs/evaluation.md keeps the figures.
 */
import type { QueryAnalysis } from '../analysis/analyzer';
import { normalize } from '../analysis/normalize';
import { isStopword } from '../analysis/stopwords';
import type { Hit } from '../retrieval/ranker';
import { type Asked, askedContent, NOT_STATED, statesAsked, TYPE_CONTENT, type Which } from './agreement';
import type { AnswerKind } from './answer';
import type { Calibration } from './confidence';
import type { GuardVerdict } from './guard';
import { MESSAGES } from './messages';
import type { Ranking } from './rank';
import { type Target, type Targets, whichIn } from './targets';

export interface DecideOptions {
  /** A runner-up that states what is asked may answer when its score is at least this share of the best. */
  runnerUp: number;
  /** Another FAQ entry scoring at least this share of the best is a close race (close-race rule). */
  closeRace: number;
}

export const DEFAULT_DECIDE: DecideOptions = { runnerUp: 0.8, closeRace: 0.8 };

/** A candidate the engine may answer from. */
export interface Choice {
  hit: Hit;
  target: Target;
}

/** How the engine declines: the reply's kind and text, and what it offers instead. */
export interface Decline {
  kind: Extract<AnswerKind, 'abstain' | 'clinical' | 'smalltalk' | 'empty'>;
  text: string;
  /** "Menade du…?" */
  suggestions?: string[];
  /** "Den här närliggande frågan kan jag svara på:" */
  related?: string[];
  /** Set by the close-race rule: the two entries, best first. */
  closeRace?: readonly [string, string];
  /**
   * What the page does not state or mention, as a sentence that can stand after an answer to another part of the
   * message ("Faktasidan säger inte vad det kostar.").
   */
  statement?: string;
  /** Small talk and clinical refusals carry no confidence. */
  noConfidence?: boolean;
}

/**
 * What a rule does: decline (the decision ends), answer (ends, from `choice` when given), or interpret: the answer is
 * demoted to an interpretation that first says which question it answered, from `choice` when given, and the
 * following rules still run.
 */
export type Action =
  | { do: 'decline'; decline: Decline }
  | { do: 'answer'; choice?: Choice }
  | { do: 'interpret'; choice?: Choice; closeRace?: readonly [string, string] };

/** The candidate the rules so far would answer from, and whether they demoted it to an interpretation. */
export interface DecisionState {
  choice: Choice | undefined;
  interpret: boolean;
}

/** Everything a rule may read. */
export interface DecisionContext {
  question: string;
  focus: string;
  verdict: GuardVerdict;
  names: ReadonlyMap<string, string>;
  /**
   * Whether a word is written as a name only in FAQ phrasings, which the console saves from questions staff asked: it
   * stays a name the knowledge never uses, so a saved question cannot make a patient's surname answerable.
   */
  phrasingName?: (word: string) => boolean;
  ranking: Ranking;
  query: QueryAnalysis;
  hits: Hit[];
  top: Choice | undefined;
  /** Confidence with the question-type agreement as measured, and as if the question asked no type. */
  confidence: number;
  onTopic: boolean;
  calibration: Calibration;
  options: DecideOptions;
  targets: Targets;
  /** The text a target would answer this question with. */
  answerText: (t: Target) => string;
  /** The companies and bodies the knowledge names (agreement.ts `actorPattern`). */
  actors?: RegExp;
  /** The "vilka X" key of a question (targets.ts). */
  whichKey: (w: Which) => string;
  /** Whether the question matches one communicators marked "Ska inte besvaras". */
  markedOutOfScope: () => boolean;
  /** The FAQ entry whose question or phrasing the question is word for word (questionKey), if exactly one is. */
  knownPhrasing: () => string | undefined;
  /** Up to three FAQ questions among the hits (that share a word with the question), other than `exclude`. */
  faqQuestions: (exclude?: string) => string[];
  /** Example questions for small talk and "I don't know". */
  examples: readonly string[];
}

export interface Rule {
  /** Kebab-case, as the bench and the question log name it. */
  name: string;
  /** What the rule does, in one line, for the bench's table. */
  description: string;
  apply(ctx: DecisionContext, state: DecisionState): Action | undefined;
}

/**
 * The outcome of the rules: the candidate to answer from (plainly, or as an interpretation), or how to decline; and
 * the rule that decided (for an interpretation, the rule that demoted it).
 */
export type Decision = (
  | { do: 'answer'; choice: Choice; interpret: boolean; closeRace?: readonly [string, string] }
  | { do: 'decline'; decline: Decline }
) & { rule: string };

const declined = (decline: Decline): Action => ({ do: 'decline', decline });

/** The reply when nothing fits: "Menade du…?" with the nearest FAQ questions, or example questions. */
function dontKnow(ctx: DecisionContext, closeRace?: readonly [string, string]): Decline {
  const suggestions = ctx.faqQuestions();
  return {
    kind: 'abstain',
    text: suggestions.length ? MESSAGES.abstainWithSuggestions : `${MESSAGES.abstain} ${MESSAGES.abstainHint} ${MESSAGES.examplesIntro}`,
    suggestions: suggestions.length ? suggestions : [...ctx.examples],
    ...(closeRace ? { closeRace } : {}),
  };
}

/** Clinical and patient questions are refused; greetings, thanks, "hjälp" and empty messages get a short reply. */
export const guardRule: Rule = {
  name: 'guard',
  description: 'clinical or patient question, small talk or an empty message: never ranked',
  apply(ctx) {
    const v = ctx.verdict;
    if (!v) return undefined;
    if (v.kind === 'clinical') return declined({ kind: 'clinical', text: MESSAGES.clinical, noConfidence: true });
    const text = v.kind === 'empty' ? MESSAGES.empty : MESSAGES[v.kind];
    return declined({
      kind: v.kind === 'empty' ? 'empty' : 'smalltalk',
      text: v.kind === 'thanks' ? text : `${text} ${MESSAGES.examplesIntro}`,
      suggestions: v.kind === 'thanks' ? [] : [...ctx.examples],
      noConfidence: true,
    });
  },
};

/** A question a communicator marked "Ska inte besvaras", asked again in any word order or inflection. */
export const markedOutOfScopeRule: Rule = {
  name: 'marked-out-of-scope',
  description: 'a question communicators marked "Ska inte besvaras"',
  apply(ctx) {
    if (!ctx.markedOutOfScope()) return undefined;
    return declined({
      kind: 'abstain',
      text: `${MESSAGES.abstain} ${MESSAGES.abstainHint} ${MESSAGES.examplesIntro}`,
      suggestions: [...ctx.examples],
    });
  },
};

/**
 * The question is, word for word, a question or phrasing of one FAQ entry: communicators wrote or confirmed it for
 * that entry, so it is answered from it plainly, whatever the calibrated confidence.
 */
export const knownPhrasingRule: Rule = {
  name: 'known-phrasing',
  description: "the question is word for word one FAQ entry's question or phrasing: answer it plainly",
  apply(ctx) {
    const id = ctx.knownPhrasing();
    const hit = id === undefined ? undefined : ctx.hits.find((h) => h.id === id);
    const target = id === undefined ? undefined : ctx.targets.get(id);
    return hit && target ? { do: 'answer', choice: { hit, target } } : undefined;
  },
};

/**
 * A name the knowledge never uses (a system, a hospital, a person) is what the question is about: the page does not
 * mention it, so a general answer about the rest of the words would answer another question. A yes/no question
 * ("Gäller beslutet även Sahlgrenska?") can still be answered by what the page says in general.
 */
export const unknownNameRule: Rule = {
  name: 'unknown-name',
  description: 'the question is about a name the knowledge never uses',
  apply(ctx) {
    const name = ctx.query.words.find(
      (w) => (w.unknown || ctx.phrasingName?.(w.surface) === true) && !w.question && !w.context && ctx.names.has(w.surface),
    );
    if (!name || !ctx.top || ctx.ranking.types.includes('qt:yesno')) return undefined;
    const related = ctx.faqQuestions().slice(0, 1);
    const written = systemName(ctx.names.get(name.surface) ?? '');
    return declined({
      kind: 'abstain',
      text: `${MESSAGES.notMentioned(written)}${related.length ? ` ${MESSAGES.notStatedRelated}` : ''}`,
      related,
      statement: written ? MESSAGES.notMentioned(written) : MESSAGES.otherPartNotMentioned,
    });
  },
};

/**
 * Answer-type agreement (agreement.ts): the answer must state what is asked (a time for "när", a number for "hur
 * många", a body for "vem" …), and "vilka X" is answered only by an entry written to name X. A close runner-up that
 * states it answers instead; else the page does not say, and the on-topic entry is offered as a related question.
 */
export const typeAgreementRule: Rule = {
  name: 'type-agreement',
  description: 'the best entry does not state what is asked (när, hur många, vem, vilka X …)',
  apply(ctx) {
    const { top, ranking } = ctx;
    if (!top) return undefined;
    const types = ranking.types;
    const asked = askedContent(types);
    // A time question needs no "vilka X" beyond its time, except for a date or a day: a season does not answer it.
    const asksWhich = whichIn(normalize(ctx.focus));
    const which = asksWhich && (!asked.includes('time') || /^(datum|datumet|dag|dagen)$/u.test(asksWhich.head)) ? asksWhich : undefined;
    const whichKey = which ? ctx.whichKey(which) : undefined;
    if (!asked.length && !whichKey) return undefined;
    // Cost, names, findings and step-by-step instructions are never in an answer's words: a question that covers
    // most of an entry's words otherwise is on topic, and gets the honest "the page does not say".
    const unanswerable = asked.some((a) => a === 'cost' || a === 'person' || a === 'result' || a === 'howto');
    if (!ctx.onTopic && !(unanswerable && top.hit.coverage >= 0.5)) return undefined;
    const agrees = (c: Choice) =>
      (types.every((t) => !asked.includes(TYPE_CONTENT[t] as Asked) || ctx.targets.entryAsks(c.hit.id, t)) ||
        statesAsked(ctx.answerText(c.target), asked, ctx.actors)) &&
      (!whichKey || ctx.targets.entryNames(c.hit.id, whichKey));
    if (agrees(top)) return undefined;
    const agreeing = ctx.hits
      .slice(1, 5)
      .map((h) => ({ hit: h, target: ctx.targets.get(h.id) }))
      .filter((c): c is Choice => !!c.target && agrees(c as Choice));
    const runner = agreeing.find((c) => c.hit.score >= ctx.options.runnerUp * top.hit.score);
    if (runner) return { do: 'answer', choice: runner };
    // "The page does not say" must be true: another candidate on the same words that states what is asked answers
    // instead, as an interpretation.
    const further = agreeing.find((c) => c.hit.coverage >= 0.75 * top.hit.coverage && c.hit.coverage > 0);
    if (further) return { do: 'interpret', choice: further };
    const related = top.target.kind === 'faq' ? [top.target.entry.question] : ctx.faqQuestions().slice(0, 1);
    const statement = MESSAGES.notStated(notStatedWhat(ctx, types, asked, which));
    return declined({
      kind: 'abstain',
      text: `${statement}${related.length ? ` ${MESSAGES.notStatedRelated}` : ''}`,
      related,
      statement,
    });
  },
};

/**
 * Below the threshold the engine is not sure enough to answer plainly: from the interpretation threshold up it answers
 * and first says which question it answered; below that it declines with "Menade du…?".
 */
export const thresholdRule: Rule = {
  name: 'threshold',
  description: 'confidence below the threshold: interpret, or below the interpretation threshold decline',
  apply(ctx) {
    const interpretAt = ctx.calibration.interpretThreshold ?? ctx.calibration.threshold;
    if (ctx.confidence < interpretAt) return declined(dontKnow(ctx));
    return ctx.confidence < ctx.calibration.threshold ? { do: 'interpret' } : undefined;
  },
};

/**
 * A close race: another FAQ entry with a different answer scores nearly as high. The best one answers as an
 * interpretation, with the other offered under "Menade du något annat?": a wrong pick is then visible and one click
 * from the right entry.
 */
export const closeRaceRule: Rule = {
  name: 'close-race',
  description: 'another FAQ entry with a different answer scores nearly as high: interpret',
  apply(ctx, state) {
    const top = state.choice;
    const second = ctx.hits.find((h) => h.id !== top?.hit.id);
    const secondTarget = second ? ctx.targets.get(second.id) : undefined;
    if (!top || !second || secondTarget?.kind !== 'faq' || second.score < ctx.options.closeRace * top.hit.score) return undefined;
    if (sameFact(ctx.answerText(top.target), ctx.answerText(secondTarget))) return undefined;
    return { do: 'interpret', closeRace: [top.hit.id, second.id] };
  },
};

/** The rules in the order they run. */
export const RULES: readonly Rule[] = [
  guardRule,
  markedOutOfScopeRule,
  knownPhrasingRule,
  unknownNameRule,
  typeAgreementRule,
  thresholdRule,
  closeRaceRule,
];

/** Runs the rules in order (leaving out those named in `skip`, for measuring them); the first that settles wins. */
export function decide(ctx: DecisionContext, rules: readonly Rule[] = RULES, skip?: ReadonlySet<string>): Decision {
  const state: DecisionState = { choice: ctx.top, interpret: false };
  let demotedBy: string | undefined;
  let closeRace: readonly [string, string] | undefined;
  for (const rule of rules) {
    if (skip?.has(rule.name)) continue;
    const action = rule.apply(ctx, state);
    if (!action) continue;
    if (action.do === 'decline') return { do: 'decline', decline: action.decline, rule: rule.name };
    if (action.choice) state.choice = action.choice;
    const race = closeRace ? { closeRace } : {};
    if (action.do === 'answer' && state.choice)
      return { do: 'answer', choice: state.choice, interpret: state.interpret, rule: demotedBy ?? rule.name, ...race };
    if (action.do === 'interpret') {
      state.interpret = true;
      demotedBy ??= rule.name;
      closeRace ??= action.closeRace;
    }
  }
  if (state.choice)
    return {
      do: 'answer',
      choice: state.choice,
      interpret: state.interpret,
      rule: demotedBy ?? 'best-candidate',
      ...(closeRace ? { closeRace } : {}),
    };
  return { do: 'decline', decline: dontKnow(ctx), rule: 'no-candidate' };
}

/** What the honest reply says the page does not state: the first asked type the entry misses, else the "vilka X". */
function notStatedWhat(ctx: DecisionContext, types: readonly string[], asked: readonly Asked[], which: Which | undefined): string {
  const id = ctx.top?.hit.id ?? '';
  const missing = asked.find((a) => {
    const type = types.find((t) => TYPE_CONTENT[t] === a);
    return !type || !ctx.targets.entryAsks(id, type);
  });
  if (missing) return NOT_STATED[missing];
  return which ? which.phrase : NOT_STATED[asked[0] as Asked];
}

/**
 * A name as the reply may repeat it: only one written like a system or an abbreviation ("SurgiNet", "NÄL"). An
 * ordinary capitalised word may be a person's name ("Karlsson"), which the reply must not echo.
 */
function systemName(written: string): string | undefined {
  return /^\p{L}[\p{L}\p{N}-]*$/u.test(written) && /\p{Lu}/u.test(written.slice(1)) ? written : undefined;
}

/**
 * Two answers state the same fact when a sentence of one holds at least 80 % of the content words of a sentence of
 * the other (four or more; small words do not count) and both lead alike ("Ja."/"Nej."): a close race between them is
 * no choice between facts, so the better one answers.
 */
export function sameFact(a: string, b: string): boolean {
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

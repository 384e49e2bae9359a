/**
 * `faq eval` and `faq calibrate`: our golden table of questions (test/eval/questions.jsonl), scored per category.
 *
 * An in-scope question is answered right when the bot answers from the expected FAQ entry (or the page section
 * that backs it) and the answer contains the expected fact. An out-of-scope or clinical question is right when the
 * bot does not answer. Calibration is fitted on the dev half only; the test half is for reporting.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from '../analysis/normalize';
import { createEngine } from '../answer/create';
import type { Engine } from '../answer/engine';
import { UsageError } from '../errors';
import type { KnowledgeBase } from '../knowledge/types';
import { repoRoot } from '../paths';
import { knowledgeDir, parseArgs } from './args';
import { type ChatDevReport, chatDevDir, loadChatDev, scoreChatDev } from './chatdev';
import { DEV_SETS, type DevSetName, type ItemOutcome, loadDevSets, outcomeOf, scoreSet } from './devsets';
import { count, decimal, percent } from './format';
import { formatHoldout, paraphraseHoldout } from './holdout';

export interface EvalItem {
  question: string;
  category: string;
  /** Acceptable FAQ ids or passage ids; empty for questions the bot must not answer. */
  expect: string[];
  /** Text the answer must contain. */
  fact?: string;
  split: 'dev' | 'test';
  /**
   * Test rounds, reported separately: round 1 (the original test half) and round 2 (60 questions written the way
   * staff write in chat, without looking at faq.yaml, half of them out of scope). Missing means 1.
   */
  round?: number;
}

/** The splits `faq eval` reports: dev, all test rounds, each test round, everything. */
export const SPLITS = ['dev', 'test', 'test-r1', 'test-r2', 'all'] as const;

/** What a system under evaluation returns for one question. */
export interface EvalAnswer {
  answered: boolean;
  answerId?: string;
  answer: string;
  confidence?: number;
}

export type Outcome = 'right' | 'wrong' | 'missed' | 'abstained' | 'answered-out-of-scope';

export interface CategoryScore {
  category: string;
  n: number;
  right: number;
  wrong: number;
  missed: number;
}

export interface EvalReport {
  split: string;
  n: number;
  /** In-scope questions answered right (from the right entry, containing the fact). */
  answeredRight: number;
  /** Out-of-scope and clinical questions the bot declined. */
  abstainedRight: number;
  /** In-scope questions answered from another entry or without the fact: a wrong fact given as an answer. */
  answeredWrong: number;
  categories: CategoryScore[];
  details: { question: string; category: string; expect: string[]; got?: string; confidence?: number; outcome: Outcome }[];
}

export function defaultEvalFile(): string {
  return join(repoRoot(), 'test', 'eval', 'questions.jsonl');
}

export function loadEval(file = defaultEvalFile()): EvalItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalItem);
}

/**
 * The questions communicators marked "Ska inte besvaras" (knowledge/utanfor.yaml), as evaluation items the bot must
 * decline. They are real staff questions chosen by people who looked at them: tuning data, so they join the dev half.
 */
export function outOfScopeItems(kb: Pick<KnowledgeBase, 'outOfScope'>): EvalItem[] {
  return kb.outOfScope.map((o) => ({ question: o.question, category: 'utanfor', expect: [], split: 'dev' }));
}

/** Scores any system on the evaluation items. `sectionOf` maps an FAQ id to the section that backs it. */
export function evaluate(
  items: readonly EvalItem[],
  ask: (q: string) => EvalAnswer,
  sectionOf: (id: string) => string | undefined,
  split = 'all',
): EvalReport {
  const details: EvalReport['details'] = [];
  const cats = new Map<string, CategoryScore>();
  let inScope = 0;
  let inRight = 0;
  let inWrong = 0;
  let outScope = 0;
  let outRight = 0;
  for (const item of items) {
    const a = ask(item.question);
    const cat = cats.get(item.category) ?? { category: item.category, n: 0, right: 0, wrong: 0, missed: 0 };
    cats.set(item.category, cat);
    cat.n++;
    let outcome: Outcome;
    if (item.expect.length > 0) {
      inScope++;
      const okIds = new Set([...item.expect, ...item.expect.map(sectionOf).filter((s): s is string => !!s)]);
      const hasFact = !item.fact || normalize(a.answer).includes(normalize(item.fact));
      if (!a.answered) outcome = 'missed';
      else if (a.answerId && okIds.has(a.answerId) && hasFact) outcome = 'right';
      else outcome = 'wrong';
      if (outcome === 'right') inRight++;
      if (outcome === 'wrong') inWrong++;
    } else {
      outScope++;
      outcome = a.answered ? 'answered-out-of-scope' : 'abstained';
      if (!a.answered) outRight++;
    }
    if (outcome === 'right' || outcome === 'abstained') cat.right++;
    else if (outcome === 'missed') cat.missed++;
    else cat.wrong++;
    details.push({
      question: item.question,
      category: item.category,
      expect: item.expect,
      got: a.answered ? a.answerId : undefined,
      confidence: a.confidence,
      outcome,
    });
  }
  return {
    split,
    n: items.length,
    answeredRight: inScope ? inRight / inScope : 0,
    abstainedRight: outScope ? outRight / outScope : 0,
    answeredWrong: inScope ? inWrong / inScope : 0,
    categories: [...cats.values()],
    details,
  };
}

/** The outcomes of the evaluation set in the report for people (the JSON keeps the English codes). */
const EVAL_OUTCOME_SV: Record<Outcome, string> = {
  right: 'rätt',
  wrong: 'fel svar',
  missed: 'avböjde fel',
  abstained: 'avböjde rätt',
  'answered-out-of-scope': 'svarade, skulle avböja',
};

export function formatReport(r: EvalReport): string {
  const lines = [
    `delmängd ${r.split}: ${count(r.n, 'fråga', 'frågor')}; besvarade rätt ${percent(r.answeredRight)}, avböjde rätt ${percent(r.abstainedRight)}, fel fakta ${percent(r.answeredWrong)}`,
  ];
  lines.push('  kategori          antal   rätt   fel svar   avböjde fel');
  for (const c of r.categories) {
    lines.push(
      `  ${c.category.padEnd(16)} ${String(c.n).padStart(5)}  ${String(c.right).padStart(5)}  ${String(c.wrong).padStart(9)}  ${String(c.missed).padStart(12)}`,
    );
  }
  const misses = r.details.filter((d) => d.outcome !== 'right' && d.outcome !== 'abstained');
  if (misses.length) {
    lines.push('  missar:');
    for (const d of misses)
      lines.push(
        `    [${EVAL_OUTCOME_SV[d.outcome]}] ${d.question} -> ${d.got ?? '(inget svar)'} (väntat ${d.expect.join('|') || 'avböj'}, säkerhet ${d.confidence === undefined ? '–' : decimal(d.confidence, 2)})`,
      );
  }
  return lines.join('\n');
}

/** The items of one split: dev, test (every round), test-r1 / test-r2 (one test round), or all. */
export function splitItems(items: readonly EvalItem[], split: string): EvalItem[] {
  if (!(SPLITS as readonly string[]).includes(split)) throw new UsageError(`--split ska vara ${SPLITS.join(', ')}`);
  if (split === 'all') return [...items];
  const round = /^test-r(\d)$/.exec(split)?.[1];
  if (round) return items.filter((i) => i.split === 'test' && (i.round ?? 1) === Number(round));
  return items.filter((i) => i.split === split);
}

export function engineEvalAnswer(engine: Engine): (q: string) => EvalAnswer {
  return (q) => {
    const a = engine.ask(q);
    return { answered: a.answered, answerId: a.answerId, answer: a.answer, confidence: a.confidence };
  };
}

/** The chat-dev report for people: the three shares, then per kind, then what was missed or wrong. */
export function formatChatDev(r: ChatDevReport): string {
  const lines = [
    `chat-dev: ${count(r.n, 'meddelande', 'meddelanden')} (${r.answerable} att besvara, ${r.toDecline} att avböja); besvarade rätt ${percent(r.answeredRight)}, fel fakta ${percent(r.answeredWrong)}, avböjde rätt ${percent(r.declinedRight)}`,
    '  slag                   antal   rätt   fel svar   avböjde fel',
  ];
  for (const k of r.kinds)
    lines.push(
      `  ${k.kind.padEnd(21)} ${String(k.n).padStart(5)}  ${String(k.right).padStart(5)}  ${String(k.wrong).padStart(9)}  ${String(k.missed).padStart(12)}`,
    );
  const misses = r.details.filter((d) => d.outcome !== 'right' && d.outcome !== 'declined');
  if (misses.length) {
    lines.push('  missar:');
    for (const d of misses) lines.push(`    [${OUTCOME_SV[d.outcome]}] ${d.id} ${d.q.slice(0, 120)}`);
  }
  return lines.join('\n');
}

/** What an item's outcome is called in the report for people. */
const ITEM_OUTCOME_SV: Record<ItemOutcome, string> = {
  right: 'rätt',
  'right-interpreted': 'rätt tolkat',
  wrong: 'fel svar',
  'wrong-interpreted': 'fel tolkat',
  missed: 'avböjde',
  declined: 'avböjde rätt',
  answered: 'svarade, skulle avböja',
  interpreted: 'tolkade, skulle avböja',
};

/** `faq eval --set NAME`: one development set scored as the bench scores it, under the shipped calibration. */
function runSet(engine: Engine, name: string, json: boolean, out: NodeJS.WritableStream): number {
  const items = loadDevSets(engine.kb, engine.calibration).get(name as DevSetName);
  if (!(DEV_SETS as readonly string[]).includes(name)) throw new UsageError(`--set ska vara ${DEV_SETS.join(', ')}`);
  if (!items) throw new UsageError(`${name} finns inte (../shared, CHAT_DEV_DIR eller CHAT_DEV_2_DIR)`);
  const outcomes = items.map((i) => outcomeOf(i, (i.engine?.() ?? engine).ask(i.question)));
  const s = scoreSet(name, items, outcomes);
  if (json) {
    out.write(`${JSON.stringify({ ...s, details: items.map((i, k) => ({ id: i.id, kind: i.kind, outcome: outcomes[k] })) })}\n`);
    return 0;
  }
  const lines = [
    `${name}: ${count(s.n, 'fråga', 'frågor')} (${s.answerable} att besvara, ${s.toDecline} att avböja); besvarade rätt ${percent(s.answeredRight)} (tolkat ${percent(s.interpretedRight)}), fel svar ${percent(s.plainWrong)}, fel tolkat ${percent(s.interpretedWrong)}, avböjde rätt ${percent(s.declinedRight)}`,
    ...s.kinds.map((k) => `  ${k.kind.padEnd(21)} ${String(k.n).padStart(5)}  rätt ${String(k.right).padStart(4)}`),
  ];
  const misses = items
    .map((i, k) => ({ i, o: outcomes[k] as ItemOutcome }))
    .filter(({ o }) => !['right', 'right-interpreted', 'declined'].includes(o));
  if (misses.length)
    lines.push(
      '  missar:',
      ...misses.map(({ i, o }) => `    [${ITEM_OUTCOME_SV[o]}] ${i.id} ${i.question.replace(/\s+/g, ' ').slice(0, 120)}`),
    );
  out.write(`${lines.join('\n')}\n`);
  return 0;
}

const OUTCOME_SV: Record<string, string> = {
  missed: 'avböjde',
  wrong: 'fel svar',
  leaked: 'upprepade personuppgifter',
  'answered-decline': 'svarade',
};

export function runEval(argv: string[], out: NodeJS.WritableStream): number {
  const { flags } = parseArgs(argv, ['knowledge', 'split', 'eval', 'set'], ['json', 'holdout', 'chat']);
  const { engine } = createEngine(knowledgeDir(flags.get('knowledge')));
  const set = flags.get('set');
  if (typeof set === 'string') return runSet(engine, set, flags.has('json'), out);
  if (flags.has('chat')) {
    const chat = loadChatDev();
    if (!chat) throw new UsageError(`chat-dev finns inte i ${chatDevDir()} (ange CHAT_DEV_DIR)`);
    const report = scoreChatDev(chat, (q) => engine.ask(q));
    out.write(flags.has('json') ? `${JSON.stringify(report)}\n` : `${formatChatDev(report)}\n`);
    return 0;
  }
  if (flags.has('holdout')) {
    const report = paraphraseHoldout(engine.kb, engine.calibration);
    out.write(flags.has('json') ? `${JSON.stringify(report)}\n` : `${formatHoldout(report)}\n`);
    return 0;
  }
  const items = [
    ...loadEval(typeof flags.get('eval') === 'string' ? (flags.get('eval') as string) : undefined),
    ...outOfScopeItems(engine.kb),
  ];
  const sectionOf = (id: string) => engine.faqEntry(id)?.section;
  const wanted = (flags.get('split') as string | undefined) ?? 'all';
  const splits = wanted === 'all' ? [...SPLITS] : [wanted];
  const reports = splits.map((s) => evaluate(splitItems(items, s), engineEvalAnswer(engine), sectionOf, s));
  if (flags.has('json')) out.write(`${JSON.stringify(wanted === 'all' ? reports : reports[0])}\n`);
  else out.write(`${reports.map(formatReport).join('\n\n')}\n`);
  return 0;
}

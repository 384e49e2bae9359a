/**
 * What each decision rule (src/answer/decide.ts) costs and what it is worth, measured by leaving it out:
 * - cost: answerable questions whose first candidate states the fact that the rule declined or demoted to an
 *   interpretation (with the rule the outcome is worse than without it);
 * - value: questions to decline that the rule declined and that no other rule would have (without it they are
 *   answered);
 * - wrong prevented: answerable questions that without the rule get a wrong answer and with it do better.
 * A rule whose cost exceeds its value and the wrong answers it prevents should go, or be softened to interpret.
 */
import type { Calibration } from '../answer/confidence';
import { RULES } from '../answer/decide';
import type { Engine } from '../answer/engine';
import type { DevItem, ItemOutcome } from './devsets';
import { outcomeOf } from './devsets';

export interface RuleCost {
  set: string;
  rule: string;
  description: string;
  /** How many questions the rule settled (declined, demoted or answered). */
  fired: number;
  cost: number;
  value: number;
  wrongPrevented: number;
}

/** Better outcomes rank higher: a plain answer, then an interpretation, then nothing. */
const RANK: Record<ItemOutcome, number> = {
  right: 2,
  wrong: 2,
  answered: 2,
  'right-interpreted': 1,
  'wrong-interpreted': 1,
  interpreted: 1,
  missed: 0,
  declined: 0,
};

/** Each rule's cost and value on one set under one calibration. */
export function ruleCosts(set: string, items: readonly DevItem[], engine: Engine, calibration: Calibration): RuleCost[] {
  const engines = items.map((item) => {
    const e = item.engine?.() ?? engine;
    e.remember();
    return e.withCalibration(calibration);
  });
  const answers = items.map((item, i) => (engines[i] as Engine).ask(item.question));
  const full = items.map((item, i) => outcomeOf(item, answers[i] as Parameters<typeof outcomeOf>[1]));
  const firstRight = items.map((item, i) => {
    if (!item.answerable) return false;
    const ranked = (engines[i] as Engine).rankMessage(item.question, 1);
    const top = ranked.hits[0];
    return !!top && item.states(top.id, ranked.answerText(top.id));
  });
  return RULES.map((rule) => {
    const without = items.map((item, i) =>
      outcomeOf(item, (engines[i] as Engine).withRules(RULES.filter((r) => r !== rule)).ask(item.question)),
    );
    let cost = 0;
    let value = 0;
    let wrongPrevented = 0;
    items.forEach((item, i) => {
      const f = full[i] as ItemOutcome;
      const w = without[i] as ItemOutcome;
      if (item.answerable && firstRight[i] && RANK[f] < RANK[w]) cost++;
      if (!item.answerable && f === 'declined' && w !== 'declined') value++;
      if (item.answerable && (w === 'wrong' || w === 'wrong-interpreted') && f !== w && (RANK[f] < RANK[w] || f.startsWith('right')))
        wrongPrevented++;
    });
    const fired = answers.filter((a) => a.rule === rule.name).length;
    return { set, rule: rule.name, description: rule.description, fired, cost, value, wrongPrevented };
  });
}

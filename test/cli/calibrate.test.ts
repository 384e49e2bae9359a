/**
 * Scoring the development sets one way (src/cli/devsets.ts), fitting with a set left out (src/cli/calibrate.ts) and
 * measuring each decision rule by leaving it out (src/cli/rules.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer';
import { calibrateOn, GOALS, leaveOneOut, UTILITY, utility } from '../../src/cli/calibrate';
import { type DevItem, type DevSetName, outcomeOf, scoreSet } from '../../src/cli/devsets';
import { ruleCosts } from '../../src/cli/rules';
import { realEngine } from '../helpers';

const engine = realEngine();
engine.remember();

const answerable = (id: string, question: string, fact: RegExp, kind = 'k'): DevItem => ({
  set: 'dev',
  id,
  kind,
  question,
  answerable: true,
  states: (_id, text) => fact.test(text),
  pii: [],
});
const toDecline = (id: string, question: string, pii: string[] = []): DevItem => ({
  set: 'dev',
  id,
  kind: 'decline',
  question,
  answerable: false,
  states: () => false,
  pii,
});
const answer = (a: Partial<Answer>) => ({ answered: true, answer: '', outcome: 'answered' as const, ...a });

describe('scoring', () => {
  const item = answerable('a', 'När?', /2021/);

  it('counts plain and interpreted answers with the fact as right, and without it as wrong', () => {
    expect(outcomeOf(item, answer({ answer: 'Hösten 2021.' }))).toBe('right');
    expect(outcomeOf(item, answer({ answer: 'Hösten 2021.', outcome: 'interpreted' }))).toBe('right-interpreted');
    expect(outcomeOf(item, answer({ answer: 'Hösten 2022.' }))).toBe('wrong');
    expect(outcomeOf(item, answer({ answer: 'Hösten 2022.', outcome: 'interpreted' }))).toBe('wrong-interpreted');
    expect(outcomeOf(item, { answered: false, answer: 'Jag hittar inget säkert svar.', outcome: 'declined' })).toBe('missed');
  });

  it('counts a plain "the page does not say" as a decline, and an answer repeating personal data as wrong', () => {
    const d = toDecline('d', 'Vad kostar det? /Lena Lind', ['Lena Lind']);
    expect(outcomeOf(d, answer({ answer: 'Faktasidan säger inte vad det kostar.' }))).toBe('declined');
    expect(outcomeOf(d, answer({ answer: 'Hej Lena Lind, faktasidan säger inte vad det kostar.' }))).toBe('answered');
    const p = { ...item, pii: ['070-1234567'] };
    expect(outcomeOf(p, answer({ answer: 'Hösten 2021, 070-1234567.' }))).toBe('wrong');
  });

  it('gives shares of the answerable and of those to decline, per kind', () => {
    const items = [item, answerable('b', 'x', /x/, 'other'), toDecline('d', 'y')];
    const s = scoreSet('dev', items, ['right-interpreted', 'wrong', 'declined']);
    expect(s).toMatchObject({ answerable: 2, toDecline: 1, answeredRight: 0.5, interpretedRight: 0.5, plainWrong: 0.5, declinedRight: 1 });
    expect(s.kinds).toContainEqual({ kind: 'other', n: 1, right: 0 });
    expect(scoreSet('holdout', [item], ['missed']).declinedRight).toBe(1);
  });

  it('weighs a wrong plain answer more than a wrong interpretation, and declines below target most', () => {
    const base = {
      set: 'x',
      n: 10,
      answerable: 10,
      toDecline: 10,
      kinds: [],
      answeredRight: 0.8,
      interpretedRight: 0,
      plainWrong: 0,
      interpretedWrong: 0,
      declinedRight: 1,
    };
    expect(utility({ ...base, plainWrong: 0.1 })).toBeLessThan(utility({ ...base, interpretedWrong: 0.1 }));
    expect(utility({ ...base, interpretedRight: 0.8 })).toBeLessThan(utility(base));
    expect(utility({ ...base, declinedRight: GOALS.declinedRight - 0.05 })).toBeCloseTo(utility(base) + UTILITY.declineShortfall * 0.05, 9);
  });
});

describe('fitting with a set left out', () => {
  const sets = new Map<DevSetName, DevItem[]>([
    [
      'dev',
      [
        answerable('d1', 'Varför blev IVA-modulerna optioner?', /anbudsgivar/),
        answerable('d2', 'När blev huvudavtalet klart?', /2018/),
        answerable('d3', 'Vem gjorde riskanalysen?', /chefläkar/i),
        toDecline('d4', 'Hur ansöker jag om semester?'),
        toDecline('d5', 'Vad blir det till lunch?'),
      ],
    ],
    [
      'chat-dev',
      [
        answerable('c1', 'vad rekommenderade cheferna på iva', /avstå/),
        answerable('c2', 'hur många system ersätter millennium', /35/),
        toDecline('c3', 'var parkerar man vid sahlgrenska'),
        toDecline('c4', 'hur byter jag lösenord'),
      ],
    ],
  ]);

  it('never reads the set it leaves out, and says which sets it fitted on', () => {
    const watched = new Map([...sets].map(([name, items]) => [name, items.map((i) => ({ ...i, states: i.states }))]));
    const read: string[] = [];
    for (const [name, items] of watched)
      for (const i of items) {
        const states = i.states;
        i.states = (id, text) => {
          read.push(name);
          return states(id, text);
        };
      }
    const cal = calibrateOn(watched, engine, ['dev']);
    expect(read.length).toBeGreaterThan(0);
    expect(new Set(read)).toEqual(new Set(['dev']));
    expect(cal.fittedOn).toBe('dev');
    expect(cal.interpretThreshold).toBeLessThanOrEqual(cal.threshold);
    expect(cal.unbacked?.weights).toHaveProperty('margin');
  });

  it('reports each set under the calibration fitted without it', () => {
    const loo = leaveOneOut(sets, engine);
    expect([...loo.keys()]).toEqual(['dev', 'chat-dev']);
    expect(loo.get('dev')?.calibration.fittedOn).toBe('chat-dev');
    expect(loo.get('chat-dev')?.calibration.fittedOn).toBe('dev');
    expect(loo.get('dev')?.score.n).toBe(5);
  });
});

describe('what each rule costs and catches', () => {
  it('finds the value of the rule that says the page does not state a cost, and the cost of a threshold set too high', () => {
    const items = [toDecline('x', 'Vad kostar Millennium?'), answerable('y', 'När blev huvudavtalet om Millennium klart?', /2018/)];
    const strict = { ...engine.calibration, threshold: 0.999, interpretThreshold: 0.999 };
    const low = { ...engine.calibration, threshold: 0.01, interpretThreshold: 0.01 };
    const byRule = (cal: typeof low) => new Map(ruleCosts('dev', items, engine, cal).map((r) => [r.rule, r]));
    expect(byRule(low).get('type-agreement')).toMatchObject({ value: 1, fired: 1 });
    expect(byRule(strict).get('threshold')).toMatchObject({ cost: 1 });
    expect(byRule(low).get('threshold')).toMatchObject({ cost: 0 });
  });
});

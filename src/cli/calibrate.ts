/**
 * `faq calibrate`: fits the confidence model and chooses the two thresholds on the development sets (devsets.ts).
 *
 * Our sets differ in style more than questions within a set differ, so a figure measured on a set the fit has seen
 * flatters the fit. `leaveOneOut` therefore fits and chooses once per set with that set left out, and the figure that
 * counts for a set is the one measured there; the calibration the product ships is fitted on all of them.
 *
 * The thresholds are chosen by the product's trade-off (`utility`), measured with the whole engine (guard and decision
 * rules included) on every set fitted on.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Calibration, type FeatureName, type Features, fitCalibration } from '../answer/confidence';
import { createEngine } from '../answer/create';
import type { Engine } from '../answer/engine';
import { repoRoot } from '../paths';
import { knowledgeDir, parseArgs } from './args';
import { DEV_SETS, type DevItem, type DevSetName, type ItemOutcome, loadDevSets, outcomeOf, type SetScore, scoreSet } from './devsets';

/** The product's goals on every set: declines, wrong plain answers, wrong interpretations. */
export const GOALS = { declinedRight: 0.95, plainWrong: 0.01, interpretedWrong: 0.04 } as const;

/**
 * The features the shipped model uses: of the subsets compared leaving one set out at a time (docs/evaluation.md), the
 * smallest with the best summed utility. Coverage, margin, whether the best is an FAQ entry and the unknown-word
 * shares measured the same or worse: they differ between sets in style more than between right and wrong.
 */
export const MODEL_FEATURES: readonly FeatureName[] = [
  'logScore',
  'docCoverage',
  'classifier',
  'classifierAgrees',
  'foreignShare',
  'agreement',
];

/**
 * The features of the model for a best candidate no FAQ entry backs (imported passages): the same questions, without
 * the classifier's features, with the retrieval's own evidence (coverage and margin) instead.
 */
export const UNBACKED_FEATURES: readonly FeatureName[] = ['coverage', 'margin', 'logScore', 'docCoverage', 'foreignShare', 'agreement'];

/** The engine that answers an item (the hold-out's own engine, or the shared one), remembering its rankings. */
function engineFor(item: DevItem, engine: Engine): Engine {
  const e = item.engine?.() ?? engine;
  e.remember();
  return e;
}

/** Fitting samples: the features of each item's ranking, and whether its best candidate states the item's fact. */
export function samples(items: readonly DevItem[], engine: Engine): { f: Features; y: 0 | 1 }[] {
  const out: { f: Features; y: 0 | 1 }[] = [];
  for (const item of items) {
    const e = engineFor(item, engine);
    // Clinical questions and small talk never reach the thresholds.
    if (e.guard.check(item.question)) continue;
    const { hits, features, answerText } = e.rankMessage(item.question);
    const top = hits[0];
    out.push({ f: features, y: item.answerable && top && item.states(top.id, answerText(top.id)) ? 1 : 0 });
  }
  return out;
}

/** Every item of a set asked under a calibration, scored. */
export function outcomes(items: readonly DevItem[], engine: Engine, calibration: Calibration): ItemOutcome[] {
  return items.map((item) => outcomeOf(item, engineFor(item, engine).withCalibration(calibration).ask(item.question)));
}

/**
 * The product's trade-off as one number per set, for choosing thresholds: each answerable question answered right
 * plainly counts 1, right as an interpretation 0.8 (the reader checks the line that says how it was read), a wrong
 * plain answer −5 and a wrong interpretation −2 (it is visible, and one click from the right entry), as shares of the
 * set's answerable questions; every point of declines below the 0.95 goal costs 10.
 */
export const UTILITY = { right: 1, interpretedRight: 0.8, plainWrong: -5, interpretedWrong: -2, declineShortfall: -10 } as const;

export function utility(s: SetScore): number {
  return (
    UTILITY.right * (s.answeredRight - s.interpretedRight) +
    UTILITY.interpretedRight * s.interpretedRight +
    UTILITY.plainWrong * s.plainWrong +
    UTILITY.interpretedWrong * s.interpretedWrong +
    UTILITY.declineShortfall * Math.max(0, GOALS.declinedRight - s.declinedRight)
  );
}

/**
 * Chooses the plain-answer and interpretation thresholds on `sets`: the pair with the highest utility summed over the
 * sets (each set counts alike, whatever its size), preferring at a tie more plain answers and the higher thresholds.
 */
export function chooseThresholds(
  sets: ReadonlyMap<string, readonly DevItem[]>,
  engine: Engine,
  fitted: Pick<Calibration, 'weights' | 'bias' | 'unbacked'>,
): { threshold: number; interpretThreshold: number } {
  const grid = Array.from({ length: 19 }, (_, i) => Number((0.95 - i * 0.05).toFixed(2)));
  let best: { threshold: number; interpretThreshold: number; key: number[] } | undefined;
  for (const threshold of grid)
    for (const interpretThreshold of grid.filter((t) => t <= threshold)) {
      const cal = { ...fitted, threshold, interpretThreshold };
      let total = 0;
      let plain = 0;
      for (const [name, items] of sets) {
        const s = scoreSet(name, items, outcomes(items, engine, cal));
        total += utility(s);
        plain += s.answeredRight - s.interpretedRight;
      }
      const key = [Number(total.toFixed(6)), Number(plain.toFixed(6)), threshold, interpretThreshold];
      if (!best || greater(key, best.key)) best = { threshold, interpretThreshold, key };
    }
  return { threshold: best?.threshold ?? 0.95, interpretThreshold: best?.interpretThreshold ?? 0.95 };
}

function greater(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i] as number) !== (b[i] as number)) return (a[i] as number) > (b[i] as number);
  return false;
}

/** Fits the model and chooses the thresholds on the named sets. */
export function calibrateOn(
  sets: ReadonlyMap<DevSetName, readonly DevItem[]>,
  engine: Engine,
  names: readonly DevSetName[],
  featureNames: readonly FeatureName[] = MODEL_FEATURES,
): Calibration {
  const train = new Map([...sets].filter(([name]) => names.includes(name)));
  // Each set weighs alike in the fit, whatever its size: they differ in style more than in size.
  const weighted = [...train.values()].flatMap((items) => {
    const xs = samples(items, engine);
    return xs.map((x) => ({ ...x, weight: 100 / xs.length }));
  });
  const round = (m: Pick<Calibration, 'weights' | 'bias'>) => ({
    weights: Object.fromEntries(Object.entries(m.weights).map(([k, w]) => [k, Number((w as number).toFixed(4))])),
    bias: Number(m.bias.toFixed(4)),
  });
  const rounded = { ...round(fitCalibration(weighted, featureNames)), unbacked: round(fitCalibration(weighted, UNBACKED_FEATURES)) };
  return { ...rounded, ...chooseThresholds(train, engine, rounded), fittedOn: [...train.keys()].join(', ') };
}

/** For each set: the calibration fitted and chosen without it, and the set's score under that calibration. */
export function leaveOneOut(
  sets: ReadonlyMap<DevSetName, readonly DevItem[]>,
  engine: Engine,
  featureNames: readonly FeatureName[] = MODEL_FEATURES,
): Map<DevSetName, { calibration: Calibration; score: SetScore; outcomes: ItemOutcome[] }> {
  const out = new Map<DevSetName, { calibration: Calibration; score: SetScore; outcomes: ItemOutcome[] }>();
  for (const [name, items] of sets) {
    const calibration = calibrateOn(
      sets,
      engine,
      [...sets.keys()].filter((n) => n !== name),
      featureNames,
    );
    const o = outcomes(items, engine, calibration);
    out.set(name, { calibration, score: scoreSet(name, items, o), outcomes: o });
  }
  return out;
}

export function runCalibrate(argv: string[], out: NodeJS.WritableStream): number {
  const { flags } = parseArgs(argv, ['knowledge'], []);
  const { engine } = createEngine(knowledgeDir(flags.get('knowledge')));
  const sets = loadDevSets(engine.kb, engine.calibration);
  const missing = DEV_SETS.filter((s) => !sets.has(s));
  if (missing.length) out.write(`saknas (../shared eller CHAT_DEV_DIR, CHAT_DEV_2_DIR): ${missing.join(', ')}; anpassar på resten\n`);
  const cal = calibrateOn(sets, engine, [...sets.keys()]);
  const file = join(repoRoot(), 'src', 'answer', 'calibration.json');
  writeFileSync(file, `${JSON.stringify(cal, null, 2)}\n`);
  out.write(`skrev ${file}: ${JSON.stringify(cal)}\nbygg om (npm run build) för att använda den\n`);
  return 0;
}

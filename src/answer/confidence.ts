/**
 * Confidence: a logistic model over a few named features of the ranking, fitted by `npm run calibrate`
 * (src/cli/calibrate.ts, which writes calibration.json). Its output reads as the probability that the best candidate
 * is right; the decision (decide.ts) compares it with the thresholds stored beside the weights.
 */
import type { Hit } from '../retrieval/ranker';

/** The features, by name. A calibration that lacks one gives it weight 0. */
export const FEATURE_NAMES = [
  /** Share (0..1) of the question's content words, weighted by rarity, that the best candidate matched. */
  'coverage',
  /** How far the best candidate is ahead of the second: (best − second) / best. */
  'margin',
  /** log(1 + the best candidate's score). */
  'logScore',
  /** 1 when the best candidate is an FAQ entry, 0 for a page section or passage. */
  'isFaq',
  /** Share of the best candidate's own words, weighted by rarity, that the question matched. */
  'docCoverage',
  /** Share of the question's content words the knowledge never uses. */
  'unknownShare',
  /** 1 when the question asks a type (när, vem …) one of the entry's phrasings asks too, 0 when not, 0.5 with none. */
  'agreement',
  /** The entry classifier's probability for the best candidate. */
  'classifier',
  /** 1 when any content word of the question is unknown to the knowledge. */
  'anyUnknown',
  /** 1 when the entry the classifier finds likeliest is the best candidate. */
  'classifierAgrees',
  /** Share of the question's content words unknown to the knowledge that general Swedish does not link to it either. */
  'foreignShare',
  /** 1 when an FAQ entry backs the best candidate (it is one, or a section with entries): the classifier can judge it. */
  'backed',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export type Features = Record<FeatureName, number>;

export interface Calibration {
  weights: Partial<Record<FeatureName, number>>;
  bias: number;
  /** At or above: a plain answer. */
  threshold: number;
  /**
   * At or above (and below `threshold`): an interpreted answer, which first says which question it answered. Equal
   * to `threshold` when the engine never interprets.
   */
  interpretThreshold?: number;
  /**
   * The model for a best candidate no FAQ entry backs (an imported passage, a section without entries), where the
   * classifier has nothing to say: fitted on the same questions without the classifier's features.
   */
  unbacked?: { weights: Partial<Record<FeatureName, number>>; bias: number };
  /** Where the numbers came from, for docs/evaluation.md and the console. */
  fittedOn?: string;
}

export const DEFAULT_CALIBRATION: Calibration = {
  weights: { coverage: 4, margin: 1, logScore: 1, isFaq: 0, docCoverage: 2, unknownShare: -2, agreement: 0 },
  bias: -5,
  threshold: 0.5,
};

export interface FeatureInput {
  top: Hit | undefined;
  second: Hit | undefined;
  isFaq: boolean;
  unknownShare: number;
  agreement: number;
  classifier: number;
  /** How many content words of the question are unknown. */
  unknown: number;
  /** Whether the classifier's likeliest entry is the best candidate. */
  classifierAgrees: boolean;
  foreignShare: number;
  backed: boolean;
}

/** The confidence features of a ranking. */
export function features(input: FeatureInput): Features {
  const { top, second } = input;
  const anyUnknown = input.unknown > 0 ? 1 : 0;
  if (!top)
    return {
      coverage: 0,
      margin: 0,
      logScore: 0,
      isFaq: 0,
      docCoverage: 0,
      unknownShare: input.unknownShare,
      agreement: 0,
      classifier: 0,
      anyUnknown,
      classifierAgrees: 0,
      foreignShare: input.foreignShare,
      backed: 0,
    };
  return {
    coverage: top.coverage,
    margin: second ? Math.max(0, (top.score - second.score) / top.score) : 1,
    logScore: Math.log1p(top.score),
    isFaq: input.isFaq ? 1 : 0,
    docCoverage: top.docCoverage,
    unknownShare: input.unknownShare,
    agreement: input.agreement,
    classifier: input.classifier,
    anyUnknown,
    classifierAgrees: input.classifierAgrees ? 1 : 0,
    foreignShare: input.foreignShare,
    backed: input.backed ? 1 : 0,
  };
}

/** Share (0..1) of content words that are unknown and that general Swedish does not link to the knowledge either. */
export function foreignShare(words: readonly { question: boolean; unknown?: boolean; related?: boolean; context?: boolean }[]): number {
  const content = words.filter((w) => !w.question && !w.context);
  return content.length ? content.filter((w) => w.unknown && !w.related).length / content.length : 0;
}

/** How many content words of the question (not its context) the knowledge never uses. */
export function unknownCount(words: readonly { question: boolean; unknown?: boolean; context?: boolean }[]): number {
  return words.filter((w) => !w.question && !w.context && w.unknown).length;
}

/** Share (0..1) of content words in an analysed question that the knowledge never uses. */
export function unknownShare(words: readonly { question: boolean; unknown?: boolean; context?: boolean }[]): number {
  const content = words.filter((w) => !w.question && !w.context);
  return content.length ? content.filter((w) => w.unknown).length / content.length : 0;
}

/** The calibrated probability; a best candidate no FAQ entry backs is judged by the unbacked model when there is one. */
export function confidence(f: Features, c: Pick<Calibration, 'weights' | 'bias' | 'unbacked'>): number {
  const model = !f.backed && c.unbacked ? c.unbacked : c;
  let z = model.bias;
  for (const name of FEATURE_NAMES) z += f[name] * (model.weights[name] ?? 0);
  return 1 / (1 + Math.exp(-z));
}

/**
 * Fits the logistic weights of the named features by gradient descent on (features, correct) pairs, each with an
 * optional weight, with a little L2 so that a perfectly separable set does not send weights to infinity. Features left
 * out of `names` keep weight 0.
 */
export function fitCalibration(
  samples: readonly { f: Features; y: 0 | 1; weight?: number }[],
  names: readonly FeatureName[] = FEATURE_NAMES,
  iterations = 4000,
  rate = 0.5,
  l2 = 0.01,
): Pick<Calibration, 'weights' | 'bias'> {
  const n = names.length;
  const xs = samples.map((s) => names.map((name) => s.f[name]));
  const total = samples.reduce((sum, s) => sum + (s.weight ?? 1), 0) || 1;
  const w = new Array<number>(n).fill(0);
  let b = 0;
  for (let it = 0; it < iterations; it++) {
    const gw = new Array<number>(n).fill(0);
    let gb = 0;
    xs.forEach((x, k) => {
      const sample = samples[k] as { y: number; weight?: number };
      let z = b;
      for (let i = 0; i < n; i++) z += (x[i] as number) * (w[i] as number);
      const err = (1 / (1 + Math.exp(-z)) - sample.y) * (sample.weight ?? 1);
      for (let i = 0; i < n; i++) gw[i] = (gw[i] as number) + err * (x[i] as number);
      gb += err;
    });
    for (let i = 0; i < n; i++) w[i] = (w[i] as number) - rate * ((gw[i] as number) / total + l2 * (w[i] as number));
    b -= rate * (gb / total);
  }
  return { weights: Object.fromEntries(names.map((name, i) => [name, w[i] as number])), bias: b };
}

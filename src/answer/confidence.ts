/**
 * Confidence: a logistic model over a few ranking features, fitted on the dev half of our evaluation set
 * (`npm run calibrate`, which writes calibration.json). Its output reads as the probability that the best
 * candidate is right; the engine answers when it reaches the threshold stored beside the weights.
 */
import type { Hit } from '../retrieval/ranker';

export interface Calibration {
  /**
   * Weights for [coverage, margin, log score, is FAQ, document coverage, share of unknown words, type agreement,
   * classifier probability, any unknown word]. A calibration fitted before a feature existed has fewer weights; the
   * missing ones count zero.
   */
  weights: number[];
  bias: number;
  threshold: number;
  /** Where the numbers came from, for docs/evaluation.md and the console. */
  fittedOn?: string;
}

export const DEFAULT_CALIBRATION: Calibration = { weights: [4, 1, 1, 0, 2, -2, 0], bias: -5, threshold: 0.5 };

/**
 * The confidence features of a ranking. `unknownShare` is the share of the question's content words that the
 * knowledge never uses: "lönespecifikation" or "lösenord" say a question is out of scope more clearly than a known
 * word that did not match. `agreement` is 1 when the question asks a type (när, vem, hur många …) and the best
 * entry's own phrasings ask it too, 0 when they ask another type, and 0.5 when the question asks none.
 */
export function features(
  top: Hit | undefined,
  second: Hit | undefined,
  isFaq: boolean,
  unknownShare: number,
  agreement = 0.5,
  classifier = 0,
  unknown = 0,
): number[] {
  const anyUnknown = unknown > 0 ? 1 : 0;
  if (!top) return [0, 0, 0, 0, 0, unknownShare, 0, 0, anyUnknown];
  const margin = second ? Math.max(0, (top.score - second.score) / top.score) : 1;
  return [top.coverage, margin, Math.log1p(top.score), isFaq ? 1 : 0, top.docCoverage, unknownShare, agreement, classifier, anyUnknown];
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

export function confidence(f: readonly number[], c: Calibration): number {
  let z = c.bias;
  f.forEach((v, i) => {
    z += v * (c.weights[i] ?? 0);
  });
  return 1 / (1 + Math.exp(-z));
}

/**
 * Fits the logistic weights by gradient descent on (features, correct) pairs, with a little L2 so that a
 * perfectly separable dev set does not send weights to infinity.
 */
export function fitCalibration(
  samples: { f: number[]; y: 0 | 1 }[],
  iterations = 4000,
  rate = 0.5,
  l2 = 0.01,
): Omit<Calibration, 'threshold'> {
  const n = samples[0]?.f.length ?? 7;
  const w = new Array<number>(n).fill(0);
  let b = 0;
  for (let it = 0; it < iterations; it++) {
    const gw = new Array<number>(n).fill(0);
    let gb = 0;
    for (const { f, y } of samples) {
      const p = confidence(f, { weights: w, bias: b, threshold: 0 });
      const err = p - y;
      f.forEach((v, i) => {
        gw[i] = (gw[i] as number) + err * v;
      });
      gb += err;
    }
    for (let i = 0; i < n; i++) w[i] = (w[i] as number) - rate * ((gw[i] as number) / samples.length + l2 * (w[i] as number));
    b -= rate * (gb / samples.length);
  }
  return { weights: w, bias: b };
}

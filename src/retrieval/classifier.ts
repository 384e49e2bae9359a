/**
 * A second signal beside BM25: a classifier with one class per FAQ entry, trained on the entry's phrasings when the
 * index is built (the way Rasa's and Azure's FAQ bots learn intents from example questions).
 *
 * Features are the engine's own analysis of a text (stems, compound parts, synonym groups, question words and types)
 * plus its character 4-grams with diacritics folded, so that a misspelling or "a" for "å" still shares most
 * features. The model is multinomial logistic regression (softmax), fitted by stochastic gradient descent with a
 * little L2, in a fixed order so that two builds give the same weights. Its probability for the ranker's best entry
 * is one of the confidence features (confidence.ts): BM25 says which words match, the classifier says which entry's
 * phrasings the question resembles as a whole.
 */

export interface ClassifierSample {
  label: string;
  features: readonly string[];
}

export interface ClassifierOptions {
  epochs: number;
  rate: number;
  l2: number;
}

export const DEFAULT_CLASSIFIER: ClassifierOptions = { epochs: 12, rate: 0.5, l2: 1e-4 };

export class EntryClassifier {
  readonly labels: string[];
  /** Feature -> row in `weights`. */
  private readonly rows = new Map<string, number>();
  /** One row of `labels.length` weights per feature, flat. */
  private readonly weights: Float64Array;
  private readonly bias: Float64Array;

  constructor(samples: readonly ClassifierSample[], options: ClassifierOptions = DEFAULT_CLASSIFIER) {
    this.labels = [...new Set(samples.map((s) => s.label))].sort();
    const labelIndex = new Map(this.labels.map((l, i) => [l, i]));
    const k = this.labels.length;
    this.bias = new Float64Array(k);
    // Each sample as the rows of its distinct features, built once.
    const encoded = samples.map((s) => {
      const rows = new Set<number>();
      for (const f of s.features) {
        let r = this.rows.get(f);
        if (r === undefined) {
          r = this.rows.size;
          this.rows.set(f, r);
        }
        rows.add(r);
      }
      return { rows: Int32Array.from(rows), y: labelIndex.get(s.label) as number };
    });
    this.weights = new Float64Array(this.rows.size * k);
    if (k < 2) return;
    // A fixed interleaving (a stride coprime with the sample count) instead of a random shuffle: deterministic.
    const n = encoded.length;
    const stride = coprimeStride(n);
    const p = new Float64Array(k);
    const w = this.weights;
    const bias = this.bias;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const rate = options.rate / (1 + epoch * 0.1);
      const decay = 1 - rate * options.l2;
      for (let j = 0, at = epoch % n; j < n; j++, at = (at + stride) % n) {
        const { rows, y } = encoded[at] as { rows: Int32Array; y: number };
        if (rows.length === 0) continue;
        const scale = 1 / Math.sqrt(rows.length);
        // Scores, softmax and the update, written out: this loop runs a few thousand times at every build.
        for (let c = 0; c < k; c++) p[c] = bias[c] as number;
        for (let i = 0; i < rows.length; i++) {
          const base = (rows[i] as number) * k;
          for (let c = 0; c < k; c++) p[c] = (p[c] as number) + (w[base + c] as number) * scale;
        }
        softmax(p);
        p[y] = (p[y] as number) - 1; // the gradient of the loss by each class's score
        for (let c = 0; c < k; c++) {
          const g = rate * (p[c] as number);
          bias[c] = (bias[c] as number) - g;
          p[c] = g * scale;
        }
        for (let i = 0; i < rows.length; i++) {
          const base = (rows[i] as number) * k;
          for (let c = 0; c < k; c++) w[base + c] = (w[base + c] as number) * decay - (p[c] as number);
        }
      }
    }
  }

  /** The probability of each label for a text's features (empty when the model has fewer than two labels). */
  probabilities(features: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    const k = this.labels.length;
    if (k < 2) return out;
    const rows = new Set<number>();
    for (const f of features) {
      const r = this.rows.get(f);
      if (r !== undefined) rows.add(r);
    }
    const p = new Float64Array(k);
    this.scoreRows(Int32Array.from(rows), rows.size ? 1 / Math.sqrt(rows.size) : 0, p);
    softmax(p);
    for (let i = 0; i < k; i++) out.set(this.labels[i] as string, p[i] as number);
    return out;
  }

  private scoreRows(rows: Int32Array, scale: number, out: Float64Array): void {
    const k = out.length;
    out.set(this.bias);
    for (let i = 0; i < rows.length; i++) {
      const base = (rows[i] as number) * k;
      for (let c = 0; c < k; c++) out[c] = (out[c] as number) + (this.weights[base + c] as number) * scale;
    }
  }
}

function softmax(z: Float64Array): void {
  let max = -Infinity;
  for (let i = 0; i < z.length; i++) if ((z[i] as number) > max) max = z[i] as number;
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    z[i] = Math.exp((z[i] as number) - max);
    sum += z[i] as number;
  }
  for (let i = 0; i < z.length; i++) z[i] = (z[i] as number) / sum;
}

/** A step that visits every index of 0..n-1 once (coprime with n), near the golden ratio of n. */
function coprimeStride(n: number): number {
  if (n <= 2) return 1;
  let s = Math.max(1, Math.round(n * 0.618));
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  while (gcd(s, n) !== 1) s++;
  return s;
}

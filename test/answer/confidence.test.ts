import { describe, expect, it } from 'vitest';
import { confidence, DEFAULT_CALIBRATION, FEATURE_NAMES, type Features, fitCalibration } from '../../src/answer/confidence';

/** Features with every one at `v`, some set apart. */
const f = (v: number, set: Partial<Features> = {}): Features => ({
  ...(Object.fromEntries(FEATURE_NAMES.map((n) => [n, v])) as Features),
  ...set,
});

describe('confidence', () => {
  it('is a probability', () => {
    for (const x of [f(0), f(1, { logScore: 5 }), f(100)]) {
      const c = confidence(x, DEFAULT_CALIBRATION);
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
  });

  it('fits weights by name that separate right from wrong on coverage', () => {
    const samples = Array.from({ length: 40 }, (_, i) => {
      const y = (i % 2) as 0 | 1;
      return { f: f(0.5, { coverage: y ? 0.9 : 0.2, docCoverage: y ? 0.8 : 0.1 }), y };
    });
    const fitted = fitCalibration(samples, ['coverage', 'margin', 'docCoverage'], 2000);
    expect(Object.keys(fitted.weights).sort()).toEqual(['coverage', 'docCoverage', 'margin']);
    expect(confidence(f(0.5, { coverage: 0.9, docCoverage: 0.8 }), fitted)).toBeGreaterThan(0.8);
    expect(confidence(f(0.5, { coverage: 0.2, docCoverage: 0.1 }), fitted)).toBeLessThan(0.2);
  });

  it('gives a feature left out of the calibration no weight', () => {
    const cal = { weights: { coverage: 2 }, bias: -1 };
    expect(confidence(f(0, { coverage: 1, classifier: 50 }), cal)).toBeCloseTo(confidence(f(0, { coverage: 1 }), cal), 12);
  });
});

import { describe, expect, it } from 'vitest';
import { confidence, DEFAULT_CALIBRATION, fitCalibration } from '../../src/answer/confidence';

describe('confidence', () => {
  it('is a probability', () => {
    for (const f of [
      [0, 0, 0, 0, 0],
      [1, 1, 5, 1, 1],
      [100, 100, 100, 100, 100],
    ]) {
      const c = confidence(f, DEFAULT_CALIBRATION);
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
  });

  it('fits weights that separate right from wrong on coverage', () => {
    const samples = Array.from({ length: 40 }, (_, i) => {
      const y = (i % 2) as 0 | 1;
      return { f: [y ? 0.9 : 0.2, 0.5, 1, 1, y ? 0.8 : 0.1], y };
    });
    const fitted = fitCalibration(samples, 2000);
    const cal = { ...fitted, threshold: 0.5 };
    expect(confidence([0.9, 0.5, 1, 1, 0.8], cal)).toBeGreaterThan(0.8);
    expect(confidence([0.2, 0.5, 1, 1, 0.1], cal)).toBeLessThan(0.2);
  });
});

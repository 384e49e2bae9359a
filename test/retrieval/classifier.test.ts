import { describe, expect, it } from 'vitest';
import { EntryClassifier } from '../../src/retrieval/classifier';

const samples = [
  { label: 'when', features: ['när', 'beslut', 'qt:time'] },
  { label: 'when', features: ['vilket', 'år', 'beslut', 'qt:time'] },
  { label: 'why', features: ['varför', 'option', 'qt:why'] },
  { label: 'why', features: ['anledning', 'option', 'qt:why'] },
  { label: 'who', features: ['vem', 'riskanalys', 'qt:who'] },
  { label: 'who', features: ['vilka', 'gjorde', 'riskanalys'] },
];

describe('the entry classifier', () => {
  it('gives the highest probability to the entry whose phrasings a question resembles', () => {
    const c = new EntryClassifier(samples);
    const p = c.probabilities(['varför', 'option']);
    expect([...p].sort((a, b) => b[1] - a[1])[0]?.[0]).toBe('why');
    expect([...c.probabilities(['qt:time', 'beslut'])].sort((a, b) => b[1] - a[1])[0]?.[0]).toBe('when');
  });

  it('returns probabilities that sum to one, and the same ones from two trainings', () => {
    const p = new EntryClassifier(samples).probabilities(['riskanalys', 'okänt']);
    expect([...p.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(new EntryClassifier(samples).probabilities(['riskanalys', 'okänt'])).toEqual(p);
  });

  it('has nothing to say with fewer than two entries', () => {
    expect(new EntryClassifier([{ label: 'only', features: ['x'] }]).probabilities(['x']).size).toBe(0);
  });
});

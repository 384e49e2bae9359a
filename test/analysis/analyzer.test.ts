import { describe, expect, it } from 'vitest';
import { analyzerOver } from '../helpers';

describe('analyzer', () => {
  it('ignores pasted identifiers (personnummer, phone numbers) in a question, but keeps years and counts', () => {
    const analyzer = analyzerOver(['Beslutet kom 2021. Millennium ersätter 35-40 system.']);
    const surfaces = (q: string) => analyzer.query(q).words.map((w) => w.surface);
    expect(surfaces('beslut 19850312-1234 och 0701234567, 850312-1234')).toEqual(['beslut']);
    expect(surfaces('beslut 2021 35-40')).toEqual(['beslut', '2021', '35-40']);
  });

  it('still finds an identifier the knowledge itself contains', () => {
    const analyzer = analyzerOver(['Ärendenummer 20231234 gäller reservrutinen.']);
    expect(analyzer.query('20231234').words.map((w) => w.surface)).toEqual(['20231234']);
  });
});

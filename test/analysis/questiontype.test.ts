import { describe, expect, it } from 'vitest';
import { questionTypes } from '../../src/analysis/questiontype';
import { analyzerOver } from '../helpers';

describe('question types', () => {
  it('reads what kind of answer is wanted', () => {
    expect(questionTypes('hur många system ersätts')).toEqual(['qt:count']);
    expect(questionTypes('när beslutade vgr')).toEqual(['qt:time']);
    expect(questionTypes('vem gjorde riskanalysen')).toEqual(['qt:who']);
    expect(questionTypes('varför blev det optioner')).toEqual(['qt:why']);
    expect(questionTypes('vad betyder fvm')).toEqual(['qt:define']);
  });

  it('recognises question words typed without å/ä/ö', () => {
    const analyzer = analyzerOver(['beslut']);
    const terms = analyzer.query('nar kom beslutet').words.flatMap((w) => w.terms.map((t) => t.term));
    expect(terms).toContain('qt:time');
  });
});

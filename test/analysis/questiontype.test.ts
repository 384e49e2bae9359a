import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/analysis/normalize';
import { asksNow, questionTypes } from '../../src/analysis/questiontype';
import { analyzerOver } from '../helpers';

describe('question types', () => {
  it('reads what kind of answer is wanted', () => {
    expect(questionTypes('hur många system ersätts')).toEqual(['qt:count']);
    expect(questionTypes('när beslutade vgr')).toEqual(['qt:time']);
    expect(questionTypes('vem gjorde riskanalysen')).toEqual(['qt:who']);
    expect(questionTypes('varför blev det optioner')).toEqual(['qt:why']);
    expect(questionTypes('vad betyder fvm')).toEqual(['qt:define']);
  });

  it('reads a question that opens with a verb as yes/no, unless a question word says more', () => {
    expect(questionTypes('finns det flera tillval i avtalet')).toEqual(['qt:yesno']);
    expect(questionTypes('får jag jobba hemifrån')).toEqual(['qt:yesno']);
    expect(questionTypes('kan du säga när beslutet kom')).toEqual(['qt:time']);
    expect(questionTypes('millennium och iva')).toEqual([]);
  });

  it('recognises question words typed without å/ä/ö', () => {
    const analyzer = analyzerOver(['beslut']);
    const terms = analyzer.query('nar kom beslutet').words.flatMap((w) => w.terms.map((t) => t.term));
    expect(terms).toContain('qt:time');
    const yesNo = analyzer.query('far vi valja sjalva').words.flatMap((w) => w.terms.map((t) => t.term));
    expect(yesNo).toContain('qt:yesno');
    // Editors see what kind of question was read, in words, among the matched words.
    expect(analyzer.query('far vi valja sjalva').words.map((w) => w.surface)).toContain('(frågar ja eller nej)');
  });
});

describe('word boundaries around å, ä and ö', () => {
  it('reads "är … än" as a question about today, and no word inside another ending in å, ä or ö', () => {
    expect(asksNow(normalize('Är de klara än?'))).toBe(true);
    expect(asksNow(normalize('är beslutet taget än'))).toBe(true);
    expect(asksNow(normalize('Hur långt har de kommit med införandet?'))).toBe(false);
  });
});

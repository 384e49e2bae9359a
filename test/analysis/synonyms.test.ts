import { describe, expect, it } from 'vitest';
import { analyzerOver } from '../helpers';

const groups = [
  ['anestesi', 'narkos'],
  ['vgr', 'västra götalandsregionen'],
  ['avropa', 'välja till'],
];
const analyzer = analyzerOver(['anestesi och narkos i vgr', 'västra götalandsregionen', 'avropa modulerna'], groups);
const queryTerms = (q: string) => analyzer.query(q).words.flatMap((w) => w.terms.map((t) => t.term));

describe('synonyms', () => {
  it('gives every member of a group the same group token', () => {
    expect(queryTerms('narkos')).toContain('syn:anestesi');
    expect(queryTerms('anestesin')).toContain('syn:anestesi');
  });

  it('matches multi-word members by their word sequence', () => {
    expect(queryTerms('i Västra Götalandsregionen')).toContain('syn:vgr');
    expect(analyzer.documentTerms('Västra Götalandsregionen beslutade')).toContain('syn:vgr');
  });

  it('matches phrases that contain stopwords ("välja till"), but only as a sequence', () => {
    expect(queryTerms('kan vi välja till modulerna')).toContain('syn:avropa');
    expect(analyzer.documentTerms('VGR valde att välja till modulerna')).toContain('syn:avropa');
    expect(queryTerms('välja modulerna till')).not.toContain('syn:avropa');
  });
});

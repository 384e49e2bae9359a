import { describe, expect, it } from 'vitest';
import { analyzerOver } from '../helpers';

const groups = [
  ['anestesi', 'narkos'],
  ['vgr', 'västra götalandsregionen'],
];
const analyzer = analyzerOver(['anestesi och narkos i vgr', 'västra götalandsregionen'], groups);
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
});

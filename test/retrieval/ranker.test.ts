import { describe, expect, it } from 'vitest';
import { Ranker } from '../../src/retrieval/ranker';
import { analyzerOver } from '../helpers';

const docs = [
  { id: 'journal', fields: { q: 'Ska IVA dokumentera i Millennium?', text: 'IVA använder Millennium för journaldokumentation.' } },
  { id: 'option', fields: { q: 'Vad är en option?', text: 'En option är ett tillval i avtalet.' } },
  { id: 'lunch', fields: { title: 'Matsedel', text: 'Soppa serveras på torsdagar.' } },
];
// The lexicon also learns words from texts that are not indexed (synonyms.yaml does this in the real knowledge).
const analyzer = analyzerOver([...docs.flatMap((d) => Object.values(d.fields)), 'journal']);
const ranker = new Ranker(analyzer, docs);

describe('ranker', () => {
  it('finds a compound by its part: "journal" finds "journaldokumentation"', () => {
    expect(ranker.rank(analyzer.query('journal'))[0]?.id).toBe('journal');
  });

  it('never passes user text to lunr query syntax: ":", "*", "~", "^" and "+" do not throw', () => {
    for (const q of ['iva: option', 'option*', 'option~2', 'iva^10', '+option -iva', 'title:matsedel']) {
      expect(() => ranker.rank(analyzer.query(q)), q).not.toThrow();
    }
    expect(ranker.rank(analyzer.query('vad är en option:'))[0]?.id).toBe('option');
  });

  it('reports how much of the question the document covers', () => {
    const [top] = ranker.rank(analyzer.query('option lösenord'));
    expect(top?.id).toBe('option');
    expect(top?.coverage).toBeGreaterThan(0);
    expect(top?.coverage).toBeLessThan(0.6);
  });

  it('returns nothing for a question with no content', () => {
    expect(ranker.rank(analyzer.query('och det som'))).toEqual([]);
  });

  it('gives unknown terms the highest rarity', () => {
    expect(ranker.idf('finnsinte')).toBeGreaterThan(ranker.idf('iva'));
  });
});

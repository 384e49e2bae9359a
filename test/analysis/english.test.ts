import { describe, expect, it } from 'vitest';
import { EnglishLexicon } from '../../src/analysis/english';

const known = new Set([
  'iva',
  'intensivvård',
  'riskanalys',
  'rekommendation',
  'beslut',
  'option',
  'vem',
  'gjorde',
  'levde',
  'upp',
  'till',
  'krav',
  'kraven',
]);
const lexicon = new EnglishLexicon(
  {
    words: {
      icu: 'iva',
      'risk analysis': 'riskanalys',
      recommendation: 'rekommendation',
      decision: 'beslut',
      option: 'option',
      who: 'vem',
      'carried out': 'gjorde',
      requirements: 'kraven',
      meet: 'levde upp till',
      vendor: 'leverantör',
    },
    ignore: ['the', 'on', 'did', 'till'],
  },
  (w) => known.has(w),
);

describe('English words mixed into Swedish', () => {
  it('maps English words and phrases to the Swedish words the knowledge uses', () => {
    const t = lexicon.translate('Who carried out the risk analysis before the decision on the ICU options?');
    expect(t.text).toBe('vem gjorde riskanalys before beslut iva options?');
    expect(t.english).toBe(11);
    expect(t.words).toBe(13);
  });

  it('maps an English stem with a Swedish ending, and English pieces of a hyphenated word', () => {
    expect(lexicon.translate('Vem kom med recommendationen att skippa ICU-optionerna?').text).toBe(
      'vem kom med rekommendation att skippa iva-optionerna?',
    );
  });

  it('never maps onto a word the knowledge does not use', () => {
    // "leverantör" is not in this knowledge's vocabulary, so "vendor" stays as written.
    expect(lexicon.translate('Did any vendor meet the requirements?').text).toBe('any vendor levde upp till kraven?');
  });

  it('leaves words the knowledge uses as they are, even when they are English too', () => {
    expect(lexicon.translate('option till iva').text).toBe('option till iva');
  });
});

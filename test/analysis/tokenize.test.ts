import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/analysis/tokenize';

const texts = (s: string) => tokenize(s).map((w) => w.text);

describe('tokenize', () => {
  it('splits on punctuation, keeping inner hyphens', () => {
    expect(texts('vad är it-stöd? (iva), 35-40 system!')).toEqual(['vad', 'är', 'it-stöd', 'iva', '35-40', 'system']);
  });

  it('keeps the trailing hyphen of a suspended first part', () => {
    expect(texts('iva- och anestesivården')).toEqual(['iva-', 'och', 'anestesivården']);
  });

  it('separates a hyphen glued to the conjunction ("IVA-och")', () => {
    expect(texts('iva-och anestesiverksamheternas')).toEqual(['iva-', 'och', 'anestesiverksamheternas']);
  });

  it('returns nothing for punctuation only', () => {
    expect(texts('?!:;()…')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { Lexicon } from '../../src/analysis/compounds';
import { normalize } from '../../src/analysis/normalize';
import { expandSuspended } from '../../src/analysis/suspended';
import { tokenize } from '../../src/analysis/tokenize';

const lexicon = new Lexicon(['iva', 'anestesi', 'vård', 'vården', 'primär', 'specialist', 'verksamhet']);
const expand = (s: string) => expandSuspended(tokenize(normalize(s)), lexicon).map((w) => w.text);

describe('suspended compounds', () => {
  it('reads "IVA- och anestesivården" as "ivavården och anestesivården"', () => {
    expect(expand('IVA- och anestesivården')).toEqual(['ivavården', 'och', 'anestesivården']);
  });

  it('handles "primär- och specialistvård"', () => {
    expect(expand('primär- och specialistvård')).toEqual(['primärvård', 'och', 'specialistvård']);
  });

  it('keeps the first part when the head cannot be found', () => {
    expect(expand('iva- och xyz')).toEqual(['iva', 'och', 'xyz']);
  });
});

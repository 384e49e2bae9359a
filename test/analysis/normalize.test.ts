import { describe, expect, it } from 'vitest';
import { fold, normalize } from '../../src/analysis/normalize';

describe('normalize', () => {
  it('composes NFD input so "å" typed as a + ring matches the index', () => {
    const nfd = 'va\u030Ardinformationsmiljo\u0308n';
    expect(normalize(nfd)).toBe('vårdinformationsmiljön');
    expect(normalize(nfd)).not.toBe(nfd);
  });

  it('lower-cases Swedish capitals', () => {
    expect(normalize('ÅÄÖ IVA')).toBe('åäö iva');
  });

  it('unifies typographic dashes into a plain hyphen', () => {
    expect(normalize('IVA\u2013 och anestesi')).toBe('iva- och anestesi');
  });

  it('turns control characters into spaces', () => {
    expect(normalize('iva\u0000\u0007vård')).toBe('iva  vård');
  });
});

describe('fold', () => {
  it('drops å, ä and ö for matching input typed without them', () => {
    expect(fold('många ersätter förvaltning')).toBe('manga ersatter forvaltning');
  });
});

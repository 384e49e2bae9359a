import { describe, expect, it } from 'vitest';
import { Lexicon, swedishOnset } from '../../src/analysis/compounds';

const lexicon = new Lexicon(['journal', 'dokumentation', 'intensivvård', 'option', 'beslut', 'stöd', 'anestesi', 'vård', 'modul']);

describe('compound splitting', () => {
  it('splits "journaldokumentation" so that "journal" finds it', () => {
    expect(lexicon.split('journaldokumentation')).toEqual(['journal', 'dokumentation']);
  });

  it('splits across a linking -s- and an inflected head ("intensivvårdsoptionerna")', () => {
    expect(lexicon.split('intensivvårdsoptionerna')).toEqual(['intensivvård', 'optionerna']);
  });

  it('splits "beslutsstöd" at the linking s', () => {
    expect(lexicon.split('beslutsstöd')).toEqual(['beslut', 'stöd']);
  });

  it('does not split words whose parts are unknown', () => {
    expect(lexicon.split('lösenordet')).toBeNull();
  });

  it('accepts an unknown head only if a Swedish word can begin that way ("info" + "rmation" is no split)', () => {
    const lex = new Lexicon(['info', 'journal']);
    expect(lex.split('informationen')).toBeNull();
    expect(lex.split('journalskrivning')).toEqual(['journal', 'skrivning']);
    expect(lex.split('journalstrategin')).toEqual(['journal', 'strategin']);
    for (const w of ['option', 'strategi', 'skrivning', 'tjänst', 'vård', 'sjukhus']) expect(swedishOnset(w), w).toBe(true);
    for (const w of ['rmation', 'ntensiv', 'rkos', 'tsch', 'bcd']) expect(swedishOnset(w), w).toBe(false);
  });

  it('does not split short words', () => {
    expect(lexicon.split('vården')).toBeNull();
  });
});

describe('compound splitting limits', () => {
  it('does not try to split a "word" longer than any real compound (found by fuzzing: 250 ms for 5,000 letters)', () => {
    const long = 'journalvård'.repeat(500);
    const t0 = performance.now();
    expect(lexicon.split(long)).toBeNull();
    expect(performance.now() - t0).toBeLessThan(50);
  });
});

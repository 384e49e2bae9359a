import { describe, expect, it } from 'vitest';
import { editDistance, maxEdits, Vocabulary } from '../../src/analysis/fuzzy';
import { analyzerOver } from '../helpers';

describe('edit distance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('millenium', 'millennium', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
  });

  it('stops early above the limit', () => {
    expect(editDistance('abcdef', 'uvwxyz', 1)).toBe(2);
  });

  it('allows more edits for longer words and none for short ones', () => {
    expect(maxEdits(3)).toBe(0);
    expect(maxEdits(6)).toBe(1);
    expect(maxEdits(12)).toBe(2);
  });
});

describe('typo tolerance', () => {
  const vocab = new Vocabulary();
  for (const w of ['millennium', 'ersätter', 'många', 'system', 'iva']) vocab.add(w);
  vocab.seal();

  it('restores å/ä/ö in input typed without them', () => {
    expect(vocab.correct('ersatter')).toBe('ersätter');
    expect(vocab.correct('manga')).toBe('många');
  });

  it('corrects a misspelling within the allowed distance', () => {
    expect(vocab.correct('millenium')).toBe('millennium');
  });

  it('does not guess on short words or far-off words', () => {
    expect(vocab.correct('iba')).toBeNull();
    expect(vocab.correct('lösenord')).toBeNull();
  });

  it('answers "hur manga system ersatter millenium" with the knowledge terms', () => {
    const analyzer = analyzerOver(['Millennium ersätter 35-40 av de befintliga IT-systemen', 'Hur många system?']);
    const words = analyzer.query('hur manga system ersatter millenium').words;
    expect(words.find((w) => w.surface === 'ersatter')?.corrected).toBe('ersätter');
    expect(words.find((w) => w.surface === 'millenium')?.corrected).toBe('millennium');
  });
});

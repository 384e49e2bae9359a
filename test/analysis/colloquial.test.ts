import { describe, expect, it } from 'vitest';
import { standardSpellings } from '../../src/analysis/colloquial';
import { normalize } from '../../src/analysis/normalize';
import { tokenize } from '../../src/analysis/tokenize';
import { realEngine } from '../helpers';

const standard = (text: string) =>
  standardSpellings(tokenize(normalize(text)))
    .map((w) => w.text)
    .join(' ');

describe('colloquial spellings', () => {
  it('maps chat spellings to the standard forms the knowledge is written in', () => {
    expect(standard('va e FVM')).toBe('vad är fvm');
    expect(standard('blev det nåt av det, nån som vet')).toBe('blev det något av det någon som vet');
    expect(standard('ngn info pga beslutet')).toBe('någon info på grund av beslutet');
  });

  it('leaves standard Swedish as it is, and numbers the words again', () => {
    const words = standardSpellings(tokenize('pga beslutet'));
    expect(words.map((w) => w.index)).toEqual([0, 1, 2, 3]);
    expect(standard('vad är en option')).toBe('vad är en option');
  });

  it('lets a chat question meet the entry written in standard Swedish', () => {
    const engine = realEngine();
    const chat = engine.ask('va e fvm');
    const written = engine.ask('vad är fvm');
    expect(chat.candidates[0]?.id).toBe(written.candidates[0]?.id);
    expect(chat.answered).toBe(written.answered);
  });
});

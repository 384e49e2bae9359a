import { describe, expect, it } from 'vitest';
import { isQuestionWord, isStopword } from '../../src/analysis/stopwords';

describe('stopwords', () => {
  it('keeps the question words that lunr-languages sv would drop (när, vem, hur, vad, varför)', () => {
    for (const w of ['när', 'vem', 'hur', 'vad', 'varför', 'många']) {
      expect(isStopword(w), w).toBe(false);
      expect(isQuestionWord(w), w).toBe(true);
    }
  });

  it('drops plain function words and chat fillers', () => {
    for (const w of ['och', 'det', 'som', 'nån', 'alltså']) expect(isStopword(w), w).toBe(true);
  });

  it('treats intent words like "förkortningen" as question words, not topic words', () => {
    expect(isQuestionWord('förkortningen')).toBe(true);
    expect(isQuestionWord('millennium')).toBe(false);
  });
});

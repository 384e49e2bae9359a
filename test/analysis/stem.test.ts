import { describe, expect, it } from 'vitest';
import { stem } from '../../src/analysis/stem';

describe('stem (Swedish Snowball via lunr-languages sv)', () => {
  it('reduces inflected forms to one stem', () => {
    expect(stem('optionerna')).toBe(stem('option'));
    expect(stem('upphandlingen')).toBe(stem('upphandling'));
    expect(stem('intensivvården')).toBe('intensivvård');
  });

  it('leaves numbers and hyphenated tokens alone', () => {
    expect(stem('35-40')).toBe('35-40');
    expect(stem('2018')).toBe('2018');
  });
});

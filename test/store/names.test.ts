import { describe, expect, it } from 'vitest';
import { displayName } from '../../src/store/names';

describe('display names as kept and shown', () => {
  it('drops every direction control and mark, so a name cannot reorder the text around it', () => {
    for (const mark of [
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200e',
      '\u200f',
      '\u061c',
    ])
      expect(displayName(`${mark}Ada${mark} Admin`), `U+${mark.codePointAt(0)?.toString(16)}`).toBe('Ada Admin');
  });

  it('drops other invisible format characters and controls, and keeps a name one line', () => {
    expect(displayName('\ufeffA\u200bda\u00ad\u2060 \r\nAdmin\u0007\u2028x')).toBe('Ada Admin x');
    expect(displayName('  Åsa   Öberg-Ünal ')).toBe('Åsa Öberg-Ünal');
    expect(displayName('\u202e\u200f')).toBe('');
  });

  it('cuts a long name by characters, never in the middle of an emoji', () => {
    expect(displayName(`${'a'.repeat(79)}😀😀`)).toBe(`${'a'.repeat(79)}😀`);
    expect(displayName('x'.repeat(300), 200)).toHaveLength(200);
  });
});

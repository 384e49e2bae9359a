/**
 * Stage 2: punctuation and word boundaries.
 *
 * A word is a run of letters and digits, optionally joined by hyphens ("it-stöd", "35-40"). A trailing hyphen is
 * kept because it marks a suspended compound ("iva- och anestesivården"), which the next stage resolves; so is a
 * hyphen glued to the conjunction ("iva-och anestesi...").
 */
export interface RawWord {
  /** The word as written, lower case, hyphens kept. */
  text: string;
  /** Position in the word sequence. */
  index: number;
}

const WORD = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*-?/gu;

/** Splits normalised text into words; everything that is not a letter, digit or inner hyphen is a boundary. */
export function tokenize(normalized: string): RawWord[] {
  const words: RawWord[] = [];
  for (const match of normalized.matchAll(WORD)) {
    let text = match[0];
    // "iva-och" -> "iva-" "och": the hyphen belongs to the suspended first part.
    const glued = /^(.+)-(och|eller|samt)$/u.exec(text);
    if (glued?.[1] && glued[2]) {
      words.push({ text: `${glued[1]}-`, index: words.length });
      text = glued[2];
    }
    words.push({ text, index: words.length });
  }
  return words;
}

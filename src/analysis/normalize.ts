/**
 * Stage 1: Unicode and case normalisation.
 *
 * NFD input (a + combining ring) would never match the NFC text in the index, so everything is composed first.
 * Typographic dashes and quotes are unified so the tokenizer sees one kind of hyphen. Plain `toLowerCase()`: Swedish
 * has no locale-specific case rules (only Turkish, Azeri and Lithuanian do), and the locale-aware call costs a
 * fifth of building the index.
 */
export function normalize(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g, ' ');
}

/** Folds å, ä, ö (and other Latin diacritics) to ASCII: "många" -> "manga". Used to match input typed without them. */
export function fold(word: string): string {
  return word.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/**
 * The key under which two questions count as the same, word for word: normalised, punctuation and spacing gone
 * ("Vad blir det för system på IVA nu då?" is "vad blir det för system på iva nu då").
 */
export function questionKey(q: string): string {
  return normalize(q)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * A pattern whose `\b` is a boundary of Swedish words: JavaScript's `\b` counts å, ä and ö as non-word characters even
 * under the `u` flag, so that "samrådet" would hold the word "det" and "IT-stödet?" end in it.
 */
export function swedishBounds(re: RegExp): RegExp {
  // Each `\b` in these patterns stands at a word's start or end, as what stands before it in the pattern shows (a
  // letter, digit or the end of a group or quantifier before it: an end): one look-around, not two, keeps matching
  // cheap where every FAQ phrasing is read at start-up.
  const source = re.source.replace(/(^|[^\\])\\b|(\\\\)\\b/gu, (match, before: string | undefined, escaped: string | undefined) => {
    if (escaped) return match;
    const end = /[\p{L}\p{N})\]?*+}]/u.test(before ?? '');
    return `${before ?? ''}${end ? String.raw`(?![\p{L}\p{N}_])` : String.raw`(?<![\p{L}\p{N}_])`}`;
  });
  return new RegExp(source, re.flags);
}

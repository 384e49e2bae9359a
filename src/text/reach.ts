/**
 * How much of a text the service reads, in one place for the guard and for storage. The clinical guard reads a
 * text's head; what is stored of a text (redactThenCut) comes only from that head. Redaction shortens text (an
 * e-mail address of 260 characters becomes "[e-post]"), so a cut of the redacted whole could bring words from past
 * the head, which the guard never read, into the stored text.
 */

/**
 * The guard reads at most this many characters of a text. A pasted patient note (an admission or a discharge summary
 * runs 1,000 to 5,000 characters) is read whole; past it, a 64 kB message costs what 8,000 characters do.
 */
export const GUARD_READS = 8_000;

/** Up to GUARD_READS characters of a text, cut after a space when one is near the end. */
export function head(text: string): string {
  if (text.length <= GUARD_READS) return text;
  const cut = text.lastIndexOf(' ', GUARD_READS);
  return text.slice(0, cut > GUARD_READS - 100 ? cut : GUARD_READS);
}

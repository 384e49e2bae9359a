/**
 * Display names from an identity provider or a chat profile (the ID token's `name`, a Slack profile, a Teams
 * `from.name`), as the service keeps and shows them: in console sessions and the audit trail, and on support tickets
 * and their history. A name is shown beside other text, so it may not steer that text: a right-to-left override
 * before "Ada Admin" would show another name in the audit trail. Bidirectional controls (U+202A–U+202E,
 * U+2066–U+2069, U+200E/U+200F, U+061C) go, with every other invisible format character (zero-width spaces and
 * joiners, the BOM, soft hyphens) and control characters; runs of space become one space.
 */

// Format characters (\p{Cf}: every bidirectional control and mark among them) and other default-ignorable ones.
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
// Control characters and line or paragraph separators: a name is one line.
const BREAKS = /[\p{Cc}\u2028\u2029]/gu;

/** The name to keep and show: invisible and control characters out, spaces collapsed, at most `max` characters. */
export function displayName(raw: string, max = 80): string {
  const clean = raw.normalize('NFC').replace(INVISIBLE, '').replace(BREAKS, ' ').replace(/\s+/g, ' ').trim();
  // Cut by code point, so that a name is never left with half an emoji.
  return Array.from(clean).slice(0, max).join('');
}

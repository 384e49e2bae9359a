/**
 * Stage: synonyms and abbreviations.
 *
 * Each group in knowledge/synonyms.yaml gets one group token ("syn:iva"). Every member found in a text, single
 * words by stem and multi-word phrases by their word sequence, adds the group token, on the document side and on
 * the query side alike, so "narkos" finds "anestesi" and "västra götalandsregionen" finds "vgr".
 */
import { stem } from './stem';

export interface SynonymGroup {
  /** The group token, "syn:" + the first member. */
  token: string;
  members: string[];
}

export class Synonyms {
  private readonly single = new Map<string, string[]>();
  private readonly phrases: { words: string[]; token: string }[] = [];

  constructor(groups: readonly (readonly string[])[]) {
    for (const members of groups) {
      const first = members[0];
      if (!first) continue;
      const token = `syn:${first.replace(/\s+/g, '_')}`;
      for (const member of members) {
        const words = member.split(/\s+/).filter(Boolean);
        if (words.length === 1 && words[0]) {
          const key = stem(words[0]);
          const tokens = this.single.get(key) ?? [];
          if (!tokens.includes(token)) tokens.push(token);
          this.single.set(key, tokens);
        } else if (words.length > 1) {
          this.phrases.push({ words: words.map(stem), token });
        }
      }
    }
  }

  /** Group tokens for one stemmed word. */
  forStem(stemmed: string): readonly string[] {
    return this.single.get(stemmed) ?? [];
  }

  /** Group tokens for multi-word phrases found in a sequence of stemmed words. */
  forPhrases(stems: readonly string[]): string[] {
    const found: string[] = [];
    for (const { words, token } of this.phrases) {
      for (let i = 0; i + words.length <= stems.length; i++) {
        if (words.every((w, k) => stems[i + k] === w)) {
          found.push(token);
          break;
        }
      }
    }
    return found;
  }
}

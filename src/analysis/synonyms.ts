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
  /** Multi-word members by their first stemmed word, so a question only tries the phrases it could start. */
  private readonly phrases = new Map<string, { words: string[]; token: string; order: number }[]>();
  private phraseCount = 0;

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
          const stems = words.map(stem);
          const first = stems[0] as string;
          const list = this.phrases.get(first) ?? [];
          list.push({ words: stems, token, order: this.phraseCount++ });
          this.phrases.set(first, list);
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
    // Each phrase counts once however often it occurs; tokens come in the order of synonyms.yaml.
    let found: { token: string; order: number }[] | undefined;
    for (let i = 0; i < stems.length; i++) {
      const candidates = this.phrases.get(stems[i] as string);
      if (!candidates) continue;
      for (const phrase of candidates) {
        const { words } = phrase;
        if (i + words.length > stems.length || found?.includes(phrase)) continue;
        let k = 1;
        while (k < words.length && stems[i + k] === words[k]) k++;
        if (k === words.length) {
          found ??= [];
          found.push(phrase);
        }
      }
    }
    return found ? found.sort((a, b) => a.order - b.order).map((p) => p.token) : [];
  }
}

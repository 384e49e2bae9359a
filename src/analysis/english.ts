/**
 * Stage 0b, on the focus and context of a message: English words mixed into Swedish.
 *
 * Swedish staff borrow English nouns, adjectives and question words ("vem kom med recommendationen att skippa
 * ICU-optionerna?", "Did any vendor meet the requirements?"). A curated lexicon (knowledge/engelska.yaml) maps them
 * to the Swedish words the knowledge uses. A word is replaced only when the knowledge does not use it itself
 * ("option", "system" and "media" are Swedish here too), and a mapping is used only when every Swedish word it
 * yields is in the knowledge's vocabulary, so it can only lead to the knowledge's own terms. Phrases ("risk
 * analysis", "carried out") are matched before single words; an English stem with a Swedish ending
 * ("recommendationen") is mapped by its stem.
 */
import type { EnglishLists } from '../knowledge/types';
import { normalize } from './normalize';

export interface Translated {
  /** The text with English words replaced by Swedish ones (lower case). */
  text: string;
  /** Words read as English (mapped or ignored). */
  english: number;
  /** All words. */
  words: number;
}

/** Swedish endings that staff put on English nouns ("recommendationen", "decisionen", "setupen"). */
const SWEDISH_ENDINGS = /(erna|arna|orna|en|et|na|er|ar|n)$/u;
const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

export class EnglishLexicon {
  private readonly phrases = new Map<string, string>();
  private readonly ignore: Set<string>;
  private readonly longest: number;

  /** `known` says whether the knowledge uses a word; mappings onto anything else are left out. */
  constructor(
    lists: EnglishLists,
    private readonly known: (word: string) => boolean,
  ) {
    for (const [en, sv] of Object.entries(lists.words)) {
      const target = normalize(sv).trim();
      const key = (normalize(en).match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? []).join(' ');
      const targetWords = target.match(/[\p{L}\p{N}]+/gu) ?? [];
      if (key && targetWords.length && targetWords.every(known)) this.phrases.set(key, target);
    }
    this.ignore = new Set(lists.ignore.map((w) => normalize(w).trim()).filter((w) => !known(w)));
    this.longest = Math.max(1, ...[...this.phrases.keys()].map((k) => k.split(' ').length));
  }

  /** The text with English words and phrases replaced by the knowledge's Swedish words. */
  translate(text: string): Translated {
    const norm = normalize(text);
    const tokens = [...norm.matchAll(WORD)];
    if (tokens.length === 0 || this.phrases.size === 0) return { text: norm, english: 0, words: tokens.length };
    const out: string[] = [];
    let english = 0;
    let last = 0;
    for (let i = 0; i < tokens.length; ) {
      const m = tokens[i] as RegExpMatchArray;
      const start = m.index ?? 0;
      out.push(norm.slice(last, start));
      let step = 1;
      let replaced: string | undefined;
      // Phrases of two or more words first, longest first.
      for (let n = Math.min(this.longest, tokens.length - i); n >= 2 && replaced === undefined; n--) {
        const key = tokens
          .slice(i, i + n)
          .map((t) => t[0])
          .join(' ');
        const hit = this.phrases.get(key);
        if (hit !== undefined) {
          replaced = hit;
          step = n;
        }
      }
      if (replaced === undefined) replaced = this.word(m[0]);
      if (replaced === undefined) out.push(m[0]);
      else {
        out.push(replaced);
        english += step;
      }
      const end = tokens[i + step - 1] as RegExpMatchArray;
      last = (end.index ?? 0) + end[0].length;
      i += step;
    }
    out.push(norm.slice(last));
    return { text: out.join('').replace(/\s+/gu, ' ').trim(), english, words: tokens.length };
  }

  /** One word (hyphenated pieces each on their own), or undefined when it stays as written. */
  private word(word: string): string | undefined {
    if (word.includes('-')) {
      const pieces = word.split('-');
      const mapped = pieces.map((p) => this.single(p));
      if (mapped.every((m) => m === undefined)) return undefined;
      return pieces.map((p, k) => mapped[k] || p).join('-');
    }
    return this.single(word);
  }

  private single(word: string): string | undefined {
    if (this.known(word)) return undefined;
    if (this.ignore.has(word)) return '';
    const hit = this.phrases.get(word);
    if (hit !== undefined) return hit;
    const stem = word.replace(SWEDISH_ENDINGS, '');
    if (stem.length < 4 || stem === word) return undefined;
    const byStem = this.phrases.get(stem);
    // "optionerna" is Swedish for the options: only a stem that maps to another word is English.
    return byStem !== undefined && byStem !== stem ? byStem : undefined;
  }
}

/**
 * Stage: general Swedish, beyond the words the knowledge uses (knowledge/lexikon/, built by `faq lexicon`).
 *
 * - A word list (hunspell-sv's words as Snowball stems) tells a real Swedish word from a typo and splits a compound
 *   the knowledge never uses into real words ("grund|kontraktet", "tilläggs|delarna"), so that a part the knowledge
 *   does use still matches.
 * - Viggo Kann's synonym dictionary links a word the knowledge never uses to one it does ("kontrakt" -> "avtal"): a
 *   weak expansion for ranking only, never for grounding.
 *
 * Both files are large (about 1.3 MB and 0.5 MB) and are read on first use, once per process, not when an engine is
 * built: most questions use only the knowledge's own words.
 */
import { readFileSync } from 'node:fs';
import { stem } from './stem';

export interface LexiconFiles {
  /** ordlista.txt: one stem per line, sorted. */
  words: string;
  /** synonymer.txt: "headword|synonym|…" per line. */
  synonyms: string;
  /** ordklasser.txt: verbs', adjectives' and uninflected words' lines, after their suffix rules (faq lexicon). */
  classes?: string;
}

/** A suffix rule of hunspell-sv: a word with `flag` that meets `condition` loses `strip` and takes `add`. */
type SuffixRule = { flag: string; strip: string; add: string; condition: RegExp };

const MIN_PART = 3;
const MAX_WORD = 40;

/** The lexicon of one folder, read on first use. */
export class SwedishLexicon {
  private stems: Set<string> | undefined;
  private thesaurus: Map<string, string[]> | undefined;
  private classes: { rules: SuffixRule[]; words: Map<string, string> } | undefined;

  constructor(private readonly files: LexiconFiles) {}

  /** Whether a word (any inflection) is Swedish as the word list knows it. */
  isWord(word: string): boolean {
    const stems = this.wordStems();
    return lemmaStems(word).some((s) => stems.has(s));
  }

  /**
   * The stems of the synonyms the dictionary gives for a word, both ways (a synonym's headword counts too): by the
   * word as written, else without a definite ending the stemmer keeps, else by its stem. Written forms first: "del"
   * (a part) and "dela" (to divide) share a stem but not their synonyms.
   */
  synonymsOf(word: string): readonly string[] {
    const map = this.synonymMap();
    const bare = /^(.{3,}?)(ets|et)$/u.exec(word)?.[1];
    for (const key of [word, bare, stem(word)]) {
      const found = key ? map.get(key) : undefined;
      if (found) return found;
    }
    return [];
  }

  /**
   * Splits a word into two or three real words (the last at least as long as the others need; a linking "s" between
   * parts belongs to neither), preferring the fewest parts and then the longest head. Null when no split covers it.
   */
  split(word: string): string[] | null {
    if (word.length < MIN_PART * 2 || word.length > MAX_WORD || /[^\p{L}]/u.test(word)) return null;
    return this.best(word, 0, 1);
  }

  private best(word: string, from: number, depth: number): string[] | null {
    const rest = word.slice(from);
    if (depth > 1 && rest.length >= MIN_PART && this.isWord(rest)) return [rest];
    if (depth >= 3) return null;
    for (let end = word.length - MIN_PART; end >= from + MIN_PART; end--) {
      const part = word.slice(from, end);
      if (!this.isWord(part)) continue;
      for (const next of word[end] === 's' && end + 1 <= word.length - MIN_PART ? [end + 1, end] : [end]) {
        const tail = this.best(word, next, depth + 1);
        if (tail) return [part, ...tail];
      }
    }
    return null;
  }

  /**
   * Whether a word (lower case) is, in one of its forms, a verb or an adjective of hunspell-sv's, or a word with no
   * inflection ("spärrar", "svårt", "inte"); false for a noun ("sparre", "linden") and for any word hunspell-sv does
   * not hold ("yu"). Undefined without the word-class file.
   */
  notNoun(word: string): boolean | undefined {
    const classes = this.wordClasses();
    if (!classes) return undefined;
    if (classes.words.has(word)) return true;
    // A verb in "-a" in the present, the passive or as a deponent, which some entries lack a rule for ("vårdar",
    // "spärras", "finns").
    const verb = (base: string) => base.endsWith('a') && /[mKLMNP]/u.test(classes.words.get(base) ?? '');
    if (word.endsWith('r') && verb(word.slice(0, -1))) return true;
    if (word.endsWith('s') && (verb(word.slice(0, -1)) || verb(`${word.slice(0, -1)}as`))) return true;
    for (const rule of classes.rules) {
      if (!word.endsWith(rule.add) || word.length <= rule.add.length) continue;
      const base = word.slice(0, word.length - rule.add.length) + rule.strip;
      if (classes.words.get(base)?.includes(rule.flag) && rule.condition.test(base)) return true;
    }
    return false;
  }

  private wordClasses(): { rules: SuffixRule[]; words: Map<string, string> } | undefined {
    if (this.classes || !this.files.classes) return this.classes;
    const rules: SuffixRule[] = [];
    const words = new Map<string, string>();
    for (const line of readFileSync(this.files.classes, 'utf8').split('\n')) {
      if (!line) continue;
      if (line.startsWith('~')) {
        const [flag = '', strip = '', add = '', condition = '.'] = line.slice(1).split(' ');
        const none = (x: string) => (x === '0' ? '' : x);
        rules.push({ flag, strip: none(strip), add: none(add), condition: new RegExp(`${condition}$`, 'u') });
      } else {
        const [word = '', flags = ''] = line.split('/');
        words.set(word, flags);
      }
    }
    this.classes = { rules, words };
    return this.classes;
  }

  private wordStems(): Set<string> {
    this.stems ??= new Set(readFileSync(this.files.words, 'utf8').split('\n').filter(Boolean));
    return this.stems;
  }

  /** Headword (as written, and by stem where no headword is written so) -> the stems of its synonyms. */
  private synonymMap(): Map<string, string[]> {
    if (this.thesaurus) return this.thesaurus;
    const written = new Map<string, Set<string>>();
    const link = (a: string, b: string) => {
      if (a === b) return;
      const set = written.get(a) ?? new Set<string>();
      written.set(a, set.add(stem(b)));
    };
    for (const line of readFileSync(this.files.synonyms, 'utf8').split('\n')) {
      const [head, ...rest] = line.split('|');
      if (!head) continue;
      for (const r of rest) {
        link(head, r);
        link(r, head);
      }
    }
    const map = new Map([...written].map(([k, v]) => [k, [...v]]));
    for (const [k, v] of written) {
      const s = stem(k);
      if (!written.has(s) && !map.has(s)) map.set(s, [...v]);
    }
    this.thesaurus = map;
    return map;
  }
}

/**
 * The stems a word may have as a dictionary word: its Snowball stem, and the stem without a definite ending Snowball
 * keeps ("kontraktet" is "kontrakt" + "et", "beslutets" is "beslut" + "ets").
 */
export function lemmaStems(word: string): string[] {
  const out = [stem(word)];
  const bare = /^(.{3,}?)(ets|et)$/u.exec(word)?.[1];
  if (bare) out.push(stem(bare));
  return out;
}

const loaded = new Map<string, SwedishLexicon>();

/** The lexicon of a folder's files, shared by every engine built over it in this process. */
export function swedishLexicon(files: LexiconFiles): SwedishLexicon {
  const key = `${files.words}\u0000${files.synonyms}\u0000${files.classes ?? ''}`;
  const lexicon = loaded.get(key) ?? new SwedishLexicon(files);
  loaded.set(key, lexicon);
  return lexicon;
}

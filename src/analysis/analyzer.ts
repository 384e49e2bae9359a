/**
 * The analysis pipeline, composed from one module per stage:
 * normalize -> tokenize -> colloquial spellings -> suspended compounds -> stopwords / question words -> fuzzy (queries only)
 * -> compounds -> stem -> synonyms.
 *
 * The same stages run on documents and on questions, so both sides meet on the same terms. The lexicon that
 * compounds are split against and the vocabulary that typos are corrected against are built from the knowledge.
 */
import { standardSpellings } from './colloquial';
import { Lexicon } from './compounds';
import { Vocabulary } from './fuzzy';
import type { SwedishLexicon } from './lexicon';
import { ngramsOf } from './ngrams';
import { fold, normalize } from './normalize';
import { questionTypes } from './questiontype';
import { stem } from './stem';
import { isQuestionWord, isStopword, unfoldSmallWord } from './stopwords';
import { expandSuspended } from './suspended';
import { Synonyms } from './synonyms';
import { type RawWord, tokenize } from './tokenize';

/** One query word and the index terms it stands for. */
export interface QueryWord {
  /** The word as typed (normalised). */
  surface: string;
  /** What it was corrected to, when the knowledge does not use the typed word. */
  corrected?: string;
  /** A question word (när, vem, hur ...): matched against FAQ questions only. */
  question: boolean;
  /** The knowledge never uses this word (as written, by stem, as a compound of known parts, or after correction). */
  unknown?: boolean;
  /**
   * An unknown word that general Swedish links to the knowledge: a synonym of a word it uses ("kontrakt" for
   * "avtal"), or a compound with a part it uses ("grundkontraktet"). Its terms carry `BOOST.related`.
   */
  related?: boolean;
  /**
   * From the message around the question (focus.ts): weak support only. It adds a little to the score of documents
   * it matches but is left out of coverage, unknown words and question types: it never counts as part of the question.
   */
  context?: boolean;
  terms: { term: string; boost: number }[];
}

export interface QueryAnalysis {
  words: QueryWord[];
  /** Character n-grams of the content words (see ngrams.ts), matched in their own field; not part of coverage. */
  ngrams: string[];
}

/** Relative weight of the different terms one word yields. */
export const BOOST = { word: 1, part: 0.5, synonym: 0.6, question: 0.3, questionType: 1, corrected: 0.85, related: 0.35 } as const;

const FOLDED_QUESTION_WORDS = new Map(
  [
    'när',
    'många',
    'står',
    'år',
    'länge',
    'läser',
    'förkortning',
    'varför',
    'får',
    'är',
    'måste',
    'behöver',
    'gäller',
    'stämmer',
    'går',
    'blev',
    'klarade',
  ].map((w) => [fold(w), w] as const),
);

/** How a question type reads in "which words matched" (shown to editors). */
const QUESTION_TYPE_LABEL: Record<string, string> = {
  'qt:count': 'frågar hur många',
  'qt:time': 'frågar när',
  'qt:who': 'frågar vem',
  'qt:why': 'frågar varför',
  'qt:define': 'frågar vad något betyder',
  'qt:where': 'frågar var',
  'qt:yesno': 'frågar ja eller nej',
};

/** Six or more digits: an identifier (personnummer, phone or case number), not a year or a count. */
function isIdentifier(word: string): boolean {
  return (word.match(/\d/g)?.length ?? 0) >= 6;
}

export class Analyzer {
  constructor(
    readonly lexicon: Lexicon,
    readonly synonyms: Synonyms,
    readonly vocabulary: Vocabulary,
    /** General Swedish (lexicon.ts): questions only, for words the knowledge never uses. */
    readonly swedish?: SwedishLexicon,
  ) {}

  /** Builds the lexicon and vocabulary from the texts of the knowledge and the synonym groups. */
  static fromTexts(texts: Iterable<string>, synonymGroups: readonly (readonly string[])[], swedish?: SwedishLexicon): Analyzer {
    const vocabulary = new Vocabulary();
    const lexiconWords: string[] = [];
    const addWord = (w: string) => {
      for (const piece of w.replace(/-$/, '').split('-')) {
        if (!piece) continue;
        vocabulary.add(piece);
        if (!isStopword(piece) && !isQuestionWord(piece)) lexiconWords.push(piece);
      }
    };
    for (const text of texts) for (const w of tokenize(normalize(text))) addWord(w.text);
    for (const group of synonymGroups) for (const member of group) for (const w of tokenize(normalize(member))) addWord(w.text);
    vocabulary.seal();
    return new Analyzer(new Lexicon(lexiconWords), new Synonyms(synonymGroups), vocabulary, swedish);
  }

  private words(text: string): RawWord[] {
    const words = standardSpellings(tokenize(normalize(text)));
    // "pa", "for", "ocksa": small words typed without å/ä/ö, unless the knowledge uses the word as typed.
    for (const w of words) {
      const small = unfoldSmallWord(w.text);
      if (small && !this.vocabulary.has(w.text)) w.text = small;
    }
    return expandSuspended(words, this.lexicon);
  }

  /** While an index is built, the terms of each text it analyses, so that the classifier reads them again for free. */
  private memo: Map<string, string[]> | undefined;

  /** Remember documentTerms results until `forget()`: the ranker and the classifier analyse the same phrasings. */
  remember(): void {
    this.memo = new Map();
  }

  forget(): void {
    this.memo = undefined;
  }

  /**
   * Index terms of a document field. Question words are kept only when `keepQuestionWords` (FAQ questions).
   */
  documentTerms(text: string, keepQuestionWords = false): string[] {
    const key = keepQuestionWords ? `q\u0000${text}` : text;
    const hit = this.memo?.get(key);
    if (hit) return hit;
    const out = this.analyseDocument(text, keepQuestionWords);
    // Only FAQ phrasings are read twice; remembering every passage would hold 10,000 term lists for nothing.
    if (keepQuestionWords) this.memo?.set(key, out);
    return out;
  }

  private analyseDocument(text: string, keepQuestionWords: boolean): string[] {
    const out: string[] = [];
    // Every word's stem, stopwords too: synonym phrases such as "tacka nej" or "välja till" contain them.
    const sequence: string[] = [];
    for (const { text: w } of this.words(text)) {
      sequence.push(stem(w));
      if (isQuestionWord(w)) {
        if (keepQuestionWords) out.push(w);
        continue;
      }
      for (const t of this.wordTerms(w)) out.push(t.term);
    }
    out.push(...this.synonyms.forPhrases(sequence));
    if (keepQuestionWords) out.push(...questionTypes(normalize(text)));
    return out;
  }

  /** Analyses a question into words with weighted terms, correcting words the knowledge does not know. */
  query(text: string): QueryAnalysis {
    const words: QueryWord[] = [];
    const sequence: string[] = [];
    const contentSurfaces: string[] = [];
    for (const { text: surface } of this.words(text)) {
      // A personnummer, phone or case number pasted into a question says nothing about which answer fits.
      if (isIdentifier(surface) && !this.vocabulary.has(surface)) continue;
      if (isQuestionWord(surface)) {
        sequence.push(stem(surface));
        words.push({ surface, question: true, terms: [{ term: surface, boost: BOOST.question }] });
        continue;
      }
      if (!isStopword(surface)) contentSurfaces.push(surface);
      let w = surface;
      let factor = 1;
      let corrected: string | undefined;
      const known = this.knows(w);
      if (!known) {
        const c = this.vocabulary.correct(w);
        if (c && c !== w && !isStopword(c)) {
          corrected = c;
          w = c;
          factor = BOOST.corrected;
        }
      }
      sequence.push(stem(w));
      const terms = this.wordTerms(w).map((t) => ({ term: t.term, boost: t.boost * factor }));
      if (terms.length === 0) continue;
      const related = !known && !corrected ? this.relatedTerms(w, new Set(terms.map((t) => t.term))) : [];
      words.push({
        surface,
        ...(corrected ? { corrected } : {}),
        question: false,
        ...(!known && !corrected ? { unknown: true } : {}),
        ...(related.length ? { related: true } : {}),
        terms: [...terms, ...related],
      });
    }
    // Typed without å/ä/ö ("nar", "hur manga") the question words are still recognised.
    const typed = normalize(text);
    for (const qt of new Set([...questionTypes(typed), ...questionTypes(this.restoreQuestionWords(typed))])) {
      words.push({ surface: `(${QUESTION_TYPE_LABEL[qt] ?? qt})`, question: true, terms: [{ term: qt, boost: BOOST.questionType }] });
    }
    for (const token of this.synonyms.forPhrases(sequence)) {
      words.push({ surface: token.slice(4).replace(/_/g, ' '), question: false, terms: [{ term: token, boost: BOOST.synonym }] });
    }
    return { words, ngrams: ngramsOf(contentSurfaces) };
  }

  /** Character n-grams of a document field's content words, for the n-gram field. */
  documentNgrams(text: string): string[] {
    return ngramsOf(
      this.words(text)
        .map((w) => w.text)
        .filter((w) => !isStopword(w) && !isQuestionWord(w)),
    );
  }

  private restoreQuestionWords(text: string): string {
    return text.replace(/[\p{L}]+/gu, (w) => FOLDED_QUESTION_WORDS.get(w) ?? w);
  }

  /**
   * Terms the knowledge uses that general Swedish links an unknown word to: synonyms of the word, and for a compound
   * of real words ("grund|kontraktet") its parts the knowledge uses or their synonyms, all at `BOOST.related`.
   */
  private relatedTerms(word: string, own: ReadonlySet<string>): { term: string; boost: number }[] {
    const swedish = this.swedish;
    if (!swedish || word.includes('-') || /\d/.test(word)) return [];
    const out = new Map<string, number>();
    const add = (term: string, boost: number) => {
      if (!own.has(term) && (out.get(term) ?? 0) < boost) out.set(term, boost);
    };
    const linked = (w: string, boost: number) => {
      for (const x of swedish.synonymsOf(w)) if (this.lexicon.has(x)) for (const t of [x, ...this.synonyms.forStem(x)]) add(t, boost);
    };
    linked(word, BOOST.related);
    // A compound's head carries its meaning: its synonyms count too ("grund|kontraktet" -> "avtal").
    const parts = swedish.split(word);
    if (parts)
      parts.forEach((part, i) => {
        if (isStopword(part)) return;
        const s = stem(part);
        if (this.lexicon.has(part)) for (const t of [s, ...this.synonyms.forStem(s)]) add(t, BOOST.part);
        else if (i === parts.length - 1) linked(part, BOOST.related * BOOST.part);
      });
    return [...out].map(([term, boost]) => ({ term, boost }));
  }

  /** Whether the knowledge uses a word (as written, by stem, or as a compound of known parts). */
  knows(word: string): boolean {
    if (/\d/.test(word)) return true;
    const pieces = word.replace(/-$/, '').split('-');
    return pieces.every((p) => !p || this.vocabulary.has(p) || this.lexicon.has(p) || this.knownParts(p));
  }

  /** A compound whose every part the knowledge uses ("intensivvårdsplatser" has an unknown head: not known). */
  private knownParts(word: string): boolean {
    const parts = this.lexicon.split(word);
    return !!parts && parts.every((x) => this.lexicon.has(x));
  }

  /** Terms for one non-question word: its stem, compound parts and synonym group tokens. */
  private wordTerms(word: string): { term: string; boost: number }[] {
    const clean = word.replace(/-$/, '');
    if (!clean || isStopword(clean)) return [];
    const out: { term: string; boost: number }[] = [];
    const seen = new Set<string>();
    const add = (term: string, boost: number) => {
      if (term && !seen.has(term)) {
        seen.add(term);
        out.push({ term, boost });
      }
    };
    const pieces = clean.split('-').filter(Boolean);
    if (pieces.length > 1) {
      // "it-stöd": the joined word, then each piece as a part. "35-40" stays as written.
      if (/\d/.test(clean)) add(clean, BOOST.word);
      else add(stem(pieces.join('')), BOOST.word);
      for (const p of pieces) if (!isStopword(p)) for (const t of this.wordTerms(p)) add(t.term, Math.min(t.boost, BOOST.part));
      for (const t of this.synonyms.forStem(clean)) add(t, BOOST.synonym);
      return out;
    }
    const s = stem(clean);
    add(s, BOOST.word);
    for (const t of this.synonyms.forStem(s)) add(t, BOOST.synonym);
    for (const part of this.lexicon.split(clean) ?? []) {
      const ps = stem(part);
      add(ps, BOOST.part);
      for (const t of this.synonyms.forStem(ps)) add(t, BOOST.part);
    }
    return out;
  }
}

/**
 * Decides, before any ranking, whether a question is small talk or clinical. Clinical and patient questions are
 * always refused, whatever the ranking says: an answer must never look like medical advice.
 */
import { normalize } from '../analysis/normalize';
import { tokenize } from '../analysis/tokenize';
import type { GuardLists } from '../knowledge/types';

export type GuardVerdict = { kind: 'clinical'; matched: string } | { kind: 'greeting' | 'thanks' | 'help' } | { kind: 'empty' } | null;

// Inflection endings that may follow a listed clinical word ("dos" -> "doser", "doserna").
const ENDINGS = [
  '',
  'n',
  'en',
  'et',
  'er',
  'erna',
  'ar',
  'arna',
  'or',
  'orna',
  'na',
  'ns',
  's',
  'es',
  't',
  'a',
  'e',
  'ade',
  'at',
  'ning',
  'ningen',
];
// A number with a dose unit ("5 mg", "0,5mg", "10 ml/h") is clinical whatever the words around it.
const DOSE = /\d+(?:[.,]\d+)?\s*(?:mg|µg|mcg|ug|ml|mmol|ie|e\/kg|mg\/kg|ml\/h)\b/u;
const FILLER = new Set(['faktabot', 'faktaboten', 'boten', 'bot', 'du', 'dig', 'igen', 'så', 'mycket', 'och', 'på', 'dej', 'alla', 'ni']);

export class Guard {
  private readonly clinical: string[][];
  private readonly smalltalk: ['greeting' | 'thanks' | 'help', string[]][];

  constructor(lists: GuardLists) {
    this.clinical = lists.clinical.map((c) => words(c)).filter((w) => w.length > 0);
    this.smalltalk = (['help', 'thanks', 'greeting'] as const).map((k) => [k, lists.smalltalk[k]]);
  }

  check(question: string): GuardVerdict {
    const norm = normalize(question);
    const ws = words(question);
    if (ws.length === 0) return { kind: 'empty' };
    if (DOSE.test(norm)) return { kind: 'clinical', matched: DOSE.exec(norm)?.[0] ?? '' };
    for (const entry of this.clinical) {
      if (entry.length === 1) {
        const e = entry[0] as string;
        if (ws.some((w) => matchesWord(w, e))) return { kind: 'clinical', matched: e };
      } else if (containsSequence(ws, entry)) {
        return { kind: 'clinical', matched: entry.join(' ') };
      }
    }
    // Small talk only when the whole message is small talk ("hej!", "tack så mycket", "hjälp").
    const text = ws.filter((w) => !FILLER.has(w)).join(' ');
    for (const [kind, phrases] of this.smalltalk) {
      if (
        phrases.some(
          (p) =>
            text ===
            words(p)
              .filter((w) => !FILLER.has(w))
              .join(' '),
        ) ||
        (kind !== 'help' && text === '')
      ) {
        return { kind };
      }
    }
    return null;
  }
}

/**
 * A listed word matches when inflected ("doserna"), as the head of a compound ("maxdosen", "covidpatienten"), or,
 * for words of five letters or more, as the first part of one ("läkemedelslistan").
 */
function matchesWord(word: string, entry: string): boolean {
  for (const ending of ENDINGS) {
    const form = entry + ending;
    if (word === form) return true;
    if (entry.length >= 3 && word.length >= form.length + 3 && word.endsWith(form)) return true;
  }
  return entry.length >= 5 && word.length >= entry.length + 3 && word.startsWith(entry);
}

function words(text: string): string[] {
  return tokenize(normalize(text)).map((w) => w.text.replace(/-$/, ''));
}

function containsSequence(ws: string[], seq: string[]): boolean {
  for (let i = 0; i + seq.length <= ws.length; i++) if (seq.every((s, k) => ws[i + k] === s)) return true;
  return false;
}

/**
 * The grounding check: an FAQ answer says only what its cited section of the fact page says, in the page's time.
 *
 * - **Words.** Every number, year, season, name and content word of the answer must be found in the cited section
 *   (its heading and text, and the page's own title, address and date), after the analysis the engine uses:
 *   normalised, stemmed ("optionerna" is "option"), compounds split into parts the page has ("anestesivården" is
 *   "anestesi" + "vården"), suspended compounds completed ("IVA- och anestesivård"). Synonyms do not count: a synonym
 *   finds an answer, it does not make a claim true. Words that make no claim about the matter (the answer's own
 *   connectives, "faktasidan", "står inte") are data in grounding.yaml, not a list in code.
 * - **Names** must be on the page as written: a word capitalised inside a sentence, a common first name (guard.yaml's
 *   list, in any case) and a capitalised first word that is no Swedish word. A name is never "an inflection" of a
 *   page word: "Ann" is not "annat".
 * - **Quotes.** An issue quotes the answer's own words as written ("hälso- och sjukvårdsdirektören", not the
 *   completed "hälsodirektören" the analysis reads), and says in `plain` which field and word, for the console.
 * - **Time.** The page is a snapshot from its publication year. A sentence that tells a state, plan or decision in
 *   the present tense ("VGR saknar", "Millennium är", "VGR gör") must carry its time: a year, a season, or a phrase
 *   such as "enligt faktasidan" (the answer always shows the page's date beside it); once said, it holds for the
 *   answer's following sentences. The present-tense words and the phrases that date a sentence are data too.
 *
 * Both are errors: `faq check` fails at the answer's line, the console refuses the edit, and a file edited by hand
 * that breaks the rule leaves the last good knowledge serving.
 */
import { Lexicon } from '../analysis/compounds';
import { ordinaryName, personNames } from '../analysis/focus';
import type { SwedishLexicon } from '../analysis/lexicon';
import { normalize } from '../analysis/normalize';
import { stem } from '../analysis/stem';
import { isQuestionWord, isStopword } from '../analysis/stopwords';
import { expandSuspended, SUSPENDED_JOINS } from '../analysis/suspended';
import { type RawWord, tokenize } from '../analysis/tokenize';
import type { KnowledgeIssue } from '../errors';
import type { FaqEntry, Page, Section } from './types';

/** grounding.yaml: the words that make no claim, and the tense rule's present-tense words and dating phrases. */
export interface GroundingLists {
  /** Words an answer may use that make no claim about the matter ("faktasidan", "enligt", "därför"). */
  words: string[];
  /** Small words that do make a claim and must be in the section: numbers, negations, quantifiers, time words. */
  checked: string[];
  /** Present-tense words that tell a state, plan or decision ("är", "saknar", "gör", "används"). */
  present: string[];
  /** Phrases that give a sentence, and the answer's following sentences, the page's time ("enligt faktasidan"). */
  dated: string[];
  /** Words that give one sentence its time ("hösten"), as a year does. */
  times: string[];
  /** Phrases that begin or end a clause saying what the page does not say ("står inte på faktasidan"). */
  unsaid: string[];
}

/** What the check reads besides the knowledge's own words. */
export interface GroundingContext {
  /** Common first names (guard.yaml's `names`): such a name in an answer is a person's in any case. */
  names?: readonly string[];
  /**
   * General Swedish (knowledge/lexikon/): splits a section's compound the knowledge never splits into its real words
   * ("koncern|ledning"), and tells an ordinary word written first in a sentence ("Beslutet") from a name.
   */
  swedish?: Pick<SwedishLexicon, 'isWord' | 'split'>;
}

const YEAR = /\b(?:19|20)\d\d\b/;

/** Snowball cuts some short words to stems that unrelated words share ("annat" -> "ann"): shorter stems match only as written. */
const MIN_STEM = 4;
const long = (s: string) => s.length >= MIN_STEM;
/** Parts of a general-Swedish split: shorter ones are mostly accidents ("bes|lutet"). */
const MIN_SWEDISH_PART = 4;

/** Endings that make one word of two that share the rest ("miljö"/"miljön", "beslut"/"beslutet"/"beslutade"). */
const TAILS = new Set([
  '',
  'a',
  'e',
  'n',
  't',
  's',
  'en',
  'et',
  'na',
  'ar',
  'er',
  'or',
  'as',
  'es',
  'ns',
  'ts',
  'de',
  'te',
  'ade',
  'ades',
  'ande',
  'arna',
  'erna',
  'orna',
  'ens',
  'ets',
]);

/**
 * The issues of every FAQ answer against its cited section (entries citing an unknown section are reported
 * elsewhere). Without lists (no grounding.yaml) the check does not run: one warning says so.
 */
export function groundingIssues(
  faq: readonly FaqEntry[],
  pages: readonly Page[],
  lists: GroundingLists | undefined,
  dir: string,
  context: GroundingContext = {},
): KnowledgeIssue[] {
  if (!lists)
    return faq.length && pages.length
      ? [{ file: dir, line: 0, severity: 'warning', message: 'grounding.yaml saknas, så svaren kontrolleras inte mot faktasidan' }]
      : [];
  const texts = [...pages.flatMap((p) => [p.title, ...p.sections.flatMap((s) => [s.heading, s.text])]), ...faq.map((e) => e.answer)];
  const wordsOf = (t: string) => tokenize(normalize(t)).flatMap((w) => w.text.replace(/-$/, '').split('-'));
  const allWords = texts.flatMap(wordsOf);
  // The page's own words: a capitalised first word the page uses is no name.
  const pageWords = new Set(pages.flatMap((p) => [p.title, ...p.sections.flatMap((s) => [s.heading, s.text])]).flatMap(wordsOf));
  const lexicon = new Lexicon(allWords.filter((w) => w && !isStopword(w)));
  const { swedish } = context;
  const words = (text: string) => expandSuspended(tokenize(normalize(text)), lexicon).map((w) => w.text);
  /** A compound's parts: by the knowledge's own words, else by general Swedish into real words of some length. */
  const split = (w: string) => {
    const parts = lexicon.split(w) ?? swedish?.split(w);
    return parts && parts.length > 1 && parts.every((p) => p.length >= MIN_SWEDISH_PART || lexicon.has(p)) ? parts : null;
  };
  const firstNames = new Set((context.names ?? []).map(normalize));
  const ordinary = ordinaryName(swedish);
  const noClaimWords = new Set(lists.words.flatMap((w) => words(w)));
  const noClaimStems = new Set([...noClaimWords].map(stem).filter(long));
  const noClaim = (w: string) => noClaimWords.has(w) || (long(stem(w)) && noClaimStems.has(stem(w)));
  const checked = new Set(lists.checked.flatMap((w) => words(w)));
  const unsaid = lists.unsaid.map(phrase).filter(Boolean);
  /** A clause that says what the page does not say: it begins or ends with one of the phrases. */
  const isUnsaid = (clause: string) => {
    const t = phrase(clause);
    return unsaid.some((p) => t === p || t.startsWith(`${p} `) || t.endsWith(` ${p}`));
  };

  const sections = new Map<string, Cited>();
  for (const page of pages)
    for (const section of page.sections) {
      const known = new Set<string>();
      const surface = new Set<string>();
      for (const w of words(`${section.heading} ${section.text}`))
        for (const piece of [w, ...w.replace(/-$/, '').split('-')]) {
          if (!piece) continue;
          surface.add(piece);
          known.add(piece);
          for (const part of split(piece) ?? []) known.add(part);
        }
      const stems = new Set([...known].map(stem).filter(long));
      // For the fuzzy rules only content words: "stormen" is not "stora".
      const content = [...known, ...stems].filter((k) => k.length >= 4 && !isStopword(k) && !/\d/.test(k));
      sections.set(section.id, { section, page, known, stems, surface, content, memo: new Map() });
    }

  const issues: KnowledgeIssue[] = [];
  for (const e of faq) {
    const cited = sections.get(e.section);
    if (!cited || !e.answer) continue;
    const { known, stems, surface } = cited;
    /** The section has the word as written, or one with its stem. */
    const own = (w: string) => {
      const s = stem(w);
      return known.has(w) || (long(s) && (known.has(s) || stems.has(s)));
    };
    const has = (w: string) => own(w) || inflected(cited, w);
    const isName = (w: string) => surface.has(w) || (w.endsWith('s') && surface.has(w.slice(0, -1)));
    const grounded = (w: string, name: boolean, inUnsaid: boolean): boolean => {
      if (/\d/.test(w)) return surface.has(w) || w.split('-').every((p) => !p || surface.has(p));
      if (name) return noClaimWords.has(w) || isName(w);
      if (inUnsaid) return true;
      if (checked.has(w)) return own(w);
      if (w.length < 2 || isStopword(w) || isQuestionWord(w) || noClaim(w) || has(w)) return true;
      const pieces = w.replace(/-$/, '').split('-');
      if (pieces.length > 1) return pieces.every((p) => !p || grounded(p, false, false));
      // A compound of parts the section has; its last part may be the head of one of the section's compounds
      // ("ivavården": "iva" and the "vården" of "anestesivården").
      const parts = split(w);
      return !!parts && parts.every((p) => has(p) || headOf(cited, p));
    };
    /** A capitalised first word is a name unless it is an ordinary word: the page's, a small word, or Swedish. */
    const ordinaryFirst = (lower: string) =>
      pageWords.has(lower) || isStopword(lower) || isQuestionWord(lower) || has(lower) || !!swedish?.isWord(lower);
    // The page's date is grounded where the answer cites the page by it: "enligt faktasidan från 2022".
    // A page dated to the day (an imported page) is cited by its year as well.
    const dates = [...new Set([cited.page.published, yearOf(cited.page.published)])].filter(Boolean).join('|');
    const claimText = dates ? e.answer.replace(new RegExp(`(faktasidan|sidan) från (?:${dates})\\b`, 'giu'), '$1') : e.answer;
    // The words as the answer writes them, each once.
    const missing = new Set<string>();
    for (const sentence of sentencesOf(claimText))
      for (const clause of clausesOf(sentence)) {
        const inUnsaid = isUnsaid(clause);
        const names = namesIn(clause, clause === clausesOf(sentence)[0] ? ordinaryFirst : undefined, (t) =>
          personNames(t, firstNames, ordinary),
        );
        const raw = tokenize(normalize(clause));
        const read = expandSuspended(raw, lexicon);
        // A completed suspended compound is reported as the words it was read from; its head then needs no report.
        const covered = new Set<number>();
        read.forEach((w, k) => {
          if (grounded(w.text, names.has(w.text) && !w.text.includes('-'), inUnsaid) || covered.has(k)) return;
          const span = writtenSpan(raw, k, w);
          for (let i = k; i < k + span.length; i++) covered.add(i);
          missing.add(asWritten(clause, span));
        });
      }
    issues.push(...answerIssues(e, cited, missing, undatedPresent(e.answer, lists, isUnsaid)));
  }
  return issues;
}

/** The year of a page's date ("2022", or "2024" of "2024-05-02"). */
const yearOf = (published: string) => /^\d{4}/.exec(published)?.[0] ?? '';

/**
 * The issues of one answer: each word the section does not have, and each sentence that tells the page's time as
 * today; at the answer's line for `faq check`, and in plain words (the field, the word) for the console.
 */
function answerIssues(e: FaqEntry, cited: Cited, missing: Iterable<string>, undated: { text: string; verb: string }[]): KnowledgeIssue[] {
  const at = { file: e.file, line: e.lines?.answer ?? e.line, severity: 'error' as const };
  const where = `avsnittet ”${cited.section.heading}”`;
  const year = yearOf(cited.page.published);
  const when = year ? `år ${year}` : 'när den skrevs';
  const example = `Skriv när, till exempel ”Hösten ${year || '2022'} …” eller ”Enligt faktasidan …”.`;
  return [
    ...[...missing].map((w) => ({
      ...at,
      message: `${e.id}: svaret nämner ”${w}”, som inte står i ${where}. Skriv bara det faktasidan säger.`,
      plain: `Svaret nämner ”${w}”, men det står inte i ${where} på faktasidan. Ta bort det eller skriv som faktasidan.`,
    })),
    ...undated.map((sentence) => ({
      ...at,
      message: `${e.id}: ”${sentence.verb}” berättar i presens om läget, men faktasidan beskriver läget ${when}: ”${cut(sentence.text)}”. ${example}`,
      plain: `Svaret säger ”${cut(sentence.text)}” som om det gällde i dag, men faktasidan beskriver läget ${when}. ${example}`,
    })),
  ];
}

/**
 * The names of a clause, lower case: a word capitalised inside it; at the start of a sentence (`ordinaryFirst` given)
 * one that is no ordinary word; and a listed first name in any case (`listed`), also with a genitive "s".
 */
function namesIn(clause: string, ordinaryFirst: ((lower: string) => boolean) | undefined, listed: (text: string) => string[]): Set<string> {
  return new Set([
    ...[...clause.matchAll(/(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}]*/gu)]
      .filter((m) => (m.index ?? 0) > 0 || !ordinaryFirst || !/^\p{Lu}\p{Ll}/u.test(m[0]) || !ordinaryFirst(normalize(m[0])))
      .map((m) => normalize(m[0])),
    ...listed(clause).flatMap((n) => [n, `${n}s`]),
  ]);
}

interface Cited {
  section: Section;
  page: Page;
  /** The section's words and their compound parts. */
  known: Set<string>;
  /** Their stems, of at least MIN_STEM letters. */
  stems: Set<string>;
  /** The section's words as written (names and numbers must be there as they are). */
  surface: Set<string>;
  /** Its content words, for the fuzzy rules. */
  content: string[];
  /** Fuzzy results by word: the rules scan the section, so each word is looked up once. */
  memo: Map<string, boolean>;
}

/** One word of the section's in another form: a shared stem of at least five letters and only endings apart. */
function inflected(cited: Cited, w: string): boolean {
  if (w.length < 5 || /\d/.test(w)) return false;
  const key = `i:${w}`;
  const hit = cited.memo.get(key);
  if (hit !== undefined) return hit;
  const tail = (rest: string, before: string) => (rest && rest[0] === before ? rest.slice(1) : rest);
  const result = cited.content.some((k) => {
    const p = sharedPrefix(w, k);
    return p >= 5 && TAILS.has(tail(w.slice(p), w[p - 1] as string)) && TAILS.has(tail(k.slice(p), k[p - 1] as string));
  });
  cited.memo.set(key, result);
  return result;
}

/** A compound part that is the last part of one of the section's compounds ("vården" of "anestesivård"). */
function headOf(cited: Cited, part: string): boolean {
  if (part.length < 4 || /\d/.test(part)) return false;
  const key = `h:${part}`;
  const hit = cited.memo.get(key);
  if (hit !== undefined) return hit;
  const s = stem(part);
  const result = cited.content.some((k) => k.length >= s.length + 3 && k.endsWith(s));
  cited.memo.set(key, result);
  return result;
}

/**
 * The answer's sentences that tell a state in the present tense without their time. A year or a season dates its
 * own sentence; "enligt faktasidan" dates it and the answer's following sentences. A clause about what the page
 * does not say is no state.
 */
function undatedPresent(answer: string, lists: GroundingLists, isUnsaid: (clause: string) => boolean): { text: string; verb: string }[] {
  const present = new Set(lists.present.map((w) => normalize(w).trim()));
  const padded = (t: string) => ` ${phrase(t)} `;
  const dated = lists.dated
    .map(phrase)
    .filter(Boolean)
    .map((p) => ` ${p} `);
  const times = lists.times
    .map(phrase)
    .filter(Boolean)
    .map((p) => ` ${p} `);
  const out: { text: string; verb: string }[] = [];
  let carried = false;
  for (const text of sentencesOf(answer)) {
    const said = clausesOf(text).filter((c) => !isUnsaid(c));
    const t = padded(said.join(' '));
    if (dated.some((p) => t.includes(p))) carried = true;
    if (carried || YEAR.test(t) || times.some((p) => t.includes(p))) continue;
    const verb = tokenize(t).find((w) => present.has(w.text))?.text;
    if (verb) out.push({ text, verb });
  }
  return out;
}

/**
 * The words of the clause that word `k` of the analysis was read from: itself, or for a completed suspended compound
 * ("hälso-" read as "hälsodirektören") the words from its first part to the head it borrowed.
 */
function writtenSpan(raw: RawWord[], k: number, read: RawWord): string[] {
  const first = raw[k]?.text ?? read.text;
  if (first === read.text || !first.endsWith('-')) return [read.text];
  let j = k + 1;
  while (j < raw.length && (SUSPENDED_JOINS.has(raw[j]?.text ?? '') || raw[j]?.text.endsWith('-'))) j++;
  return raw.slice(k, Math.min(j + 1, raw.length)).map((w) => w.text);
}

/** Words (lower case, as tokenize gives them) as the clause writes them, with its capitals; else as they are. */
function asWritten(clause: string, words: string[]): string {
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/-/g, '[-\u2010-\u2015\u2212]'));
  const at = new RegExp(`(?<![\\p{L}\\p{N}])${escaped.join('[^\\p{L}\\p{N}]+')}(?![\\p{L}\\p{N}])`, 'iu').exec(clause.normalize('NFC'));
  return at ? at[0] : words.join(' ');
}

/** A text as its words joined by single spaces, for phrase look-ups: "enligt faktasidan från 2022". */
const phrase = (text: string) =>
  tokenize(normalize(text))
    .map((w) => w.text)
    .join(' ');

/** Sentences: after every full stop, question mark, exclamation mark or semicolon, whatever follows. */
const sentencesOf = (text: string) => text.split(/(?<=[.!?;])\s+/u).filter((t) => t.trim());

/** Clauses of a sentence: at commas, parentheses and "men", "utan", "däremot". */
const clausesOf = (sentence: string) =>
  sentence
    .split(/\s*[,()]\s*|\s+(?=(?:men|utan|däremot)\s)/u)
    .map((c) => c.replace(/[.!?;:]+$/u, '').trim())
    .filter(Boolean);

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

const cut = (s: string) => (s.length <= 80 ? s : `${s.slice(0, s.lastIndexOf(' ', 79))} …`);

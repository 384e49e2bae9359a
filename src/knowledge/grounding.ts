/**
 * The grounding check: an FAQ answer says only what its cited section of the fact page says, in the page's time.
 *
 * - **Words.** Every number, year, season, name and content word of the answer must be found in the cited section
 *   (its heading and text, and the page's own title, address and date), after the analysis the engine uses:
 *   normalised, stemmed ("optionerna" is "option"), compounds split into parts the page has ("anestesivården" is
 *   "anestesi" + "vården"), suspended compounds completed ("IVA- och anestesivård"). Synonyms do not count: a synonym
 *   finds an answer, it does not make a claim true. Words that make no claim about the matter (the answer's own
 *   connectives, "faktasidan", "står inte") are data in grounding.yaml, not a list in code.
 * - **Time.** The page is a snapshot from its publication year. A sentence that tells a state, plan or decision in
 *   the present tense ("VGR saknar", "Millennium är", "VGR gör") must carry its time: a year, a season, or a phrase
 *   such as "enligt faktasidan" (the answer always shows the page's date beside it); once said, it holds for the
 *   answer's following sentences. The present-tense words and the phrases that date a sentence are data too.
 *
 * Both are errors: `faq check` fails at the answer's line, the console refuses the edit, and a file edited by hand
 * that breaks the rule leaves the last good knowledge serving.
 */
import { Lexicon } from '../analysis/compounds';
import { normalize } from '../analysis/normalize';
import { stem } from '../analysis/stem';
import { isQuestionWord, isStopword } from '../analysis/stopwords';
import { expandSuspended } from '../analysis/suspended';
import { tokenize } from '../analysis/tokenize';
import type { KnowledgeIssue } from '../errors';
import type { FaqEntry, Page, Section } from './types';

/** grounding.yaml: the words that make no claim, and the tense rule's present-tense words and dating phrases. */
export interface GroundingLists {
  /** Words an answer may use that make no claim about the matter ("faktasidan", "står", "inte", "enligt"). */
  words: string[];
  /** Present-tense words that tell a state, plan or decision ("är", "saknar", "gör", "ska", "kommer"). */
  present: string[];
  /** Phrases that give a sentence its time or its source ("enligt faktasidan", "hösten", "våren"). */
  dated: string[];
  /** Phrases of a sentence that says what the page does not say ("står inte", "säger inte"): no claim in it. */
  unsaid: string[];
}

export const NO_GROUNDING: GroundingLists = { words: [], present: [], dated: [], unsaid: [] };

const YEAR = /\b(?:19|20)\d\d\b/;

/** The issues of every FAQ answer against its cited section (entries citing an unknown section are reported elsewhere). */
export function groundingIssues(faq: readonly FaqEntry[], pages: readonly Page[], lists: GroundingLists): KnowledgeIssue[] {
  const texts = [...pages.flatMap((p) => [p.title, ...p.sections.flatMap((s) => [s.heading, s.text])]), ...faq.map((e) => e.answer)];
  const lexicon = new Lexicon(
    texts.flatMap((t) =>
      tokenize(normalize(t))
        .flatMap((w) => w.text.replace(/-$/, '').split('-'))
        .filter((w) => w && !isStopword(w)),
    ),
  );
  const words = (text: string) => expandSuspended(tokenize(normalize(text)), lexicon).map((w) => w.text);
  const noClaim = new Set(lists.words.flatMap((w) => words(w)).flatMap((w) => [w, stem(w)]));
  const sections = new Map<string, { section: Section; page: Page; known: Set<string> }>();
  for (const page of pages)
    for (const section of page.sections) {
      const known = new Set<string>();
      const add = (w: string) => {
        for (const piece of [w, ...w.replace(/-$/, '').split('-')]) {
          if (!piece) continue;
          known.add(piece);
          known.add(stem(piece));
          for (const part of lexicon.split(piece) ?? []) known.add(stem(part)).add(part);
        }
      };
      // The page's own title, address and date belong to every section: the answer shows them as its source.
      for (const w of words(`${section.heading} ${section.text} ${page.title} ${page.url.replace(/[/._:-]+/g, ' ')} ${page.published}`))
        add(w);
      sections.set(section.id, { section, page, known });
    }

  const issues: KnowledgeIssue[] = [];
  for (const e of faq) {
    const cited = sections.get(e.section);
    if (!cited || !e.answer) continue;
    const line = e.lines?.answer ?? e.line;
    // An inflection or derivation the stemmer leaves apart ("miljön" of "miljö", "gemensamma" of "gemensamt"):
    // a known word that differs only in the last two letters. Never for numbers: 2021 is not 2022.
    const inflected = (w: string) =>
      w.length >= 5 &&
      !/\d/.test(w) &&
      [...cited.known].some(
        (k) =>
          k.length >= 4 &&
          sharedPrefix(w, k) >= Math.max(4, Math.max(w.length, k.length) - 3) &&
          sharedPrefix(w, k) >= Math.min(w.length, k.length) - 2,
      );
    // The head of a compound the page uses ("vården" in "anestesivården").
    const head = (w: string) => w.length >= 4 && !/\d/.test(w) && [...cited.known].some((k) => k.length > w.length && k.endsWith(stem(w)));
    const has = (w: string) => cited.known.has(w) || cited.known.has(stem(w)) || inflected(w) || head(w);
    // A name (a capital letter inside a sentence: "Anna", "Cerner") must be on the page as it is, or in the
    // genitive: its stem may be a common word's ("anna", "annan").
    const names = new Set(
      sentencesOf(e.answer).flatMap((t) => [...t.matchAll(/(?<=\s)\p{Lu}[\p{L}\p{N}]*/gu)].map((m) => normalize(m[0]))),
    );
    const grounded = (w: string): boolean => {
      if (names.has(w) && !/[-]/.test(w)) return cited.known.has(w) || (w.endsWith('s') && cited.known.has(w.slice(0, -1)));
      if (/\d/.test(w)) return cited.known.has(w) || w.split('-').every((p) => cited.known.has(p));
      if (w.length < 2 || isStopword(w) || isQuestionWord(w) || noClaim.has(w) || noClaim.has(stem(w)) || has(w)) return true;
      const pieces = w.replace(/-$/, '').split('-');
      if (pieces.length > 1) return pieces.every((p) => !p || grounded(p));
      const parts = lexicon.split(w);
      return !!parts && parts.every(has);
    };
    // A sentence that says what the page does not say ("Vilket system det blir står inte på faktasidan.") claims nothing.
    const unsaidPhrases = lists.unsaid.map(
      (p) =>
        ` ${tokenize(normalize(p))
          .map((w) => w.text)
          .join(' ')} `,
    );
    const claims = sentencesOf(e.answer).filter((t) => !unsaidPhrases.some((p) => padded(t).includes(p)));
    const unsaid = [...new Set(claims.flatMap(words).filter((w) => !grounded(w)))];
    for (const w of unsaid)
      issues.push({
        file: e.file,
        line,
        severity: 'error',
        message: `${e.id}: svaret nämner ”${w}”, som inte står i avsnittet ”${cited.section.heading}”. Skriv bara det faktasidan säger.`,
      });
    for (const sentence of undatedPresent(e.answer, lists))
      issues.push({
        file: e.file,
        line,
        severity: 'error',
        message: `${e.id}: ”${sentence.verb}” berättar i presens om läget, men faktasidan är från ${cited.page.published || 'sin tid'}: ”${cut(sentence.text)}”. Skriv när, till exempel ”Hösten ${cited.page.published || '2022'} …” eller ”Enligt faktasidan …”.`,
      });
  }
  return issues;
}

/** The answer's sentences that tell a state in the present tense before anything has given them their time. */
function undatedPresent(answer: string, lists: GroundingLists): { text: string; verb: string }[] {
  const present = new Set(lists.present.map((w) => normalize(w).trim()));
  const dated = lists.dated.map((p) => normalize(p).trim()).filter(Boolean);
  const out: { text: string; verb: string }[] = [];
  let timed = false;
  for (const text of sentencesOf(answer)) {
    const n = normalize(text);
    if (YEAR.test(n) || dated.some((p) => padded(text).includes(` ${p} `))) timed = true;
    if (timed) continue;
    const verb = tokenize(n).find((w) => present.has(w.text))?.text;
    if (verb) out.push({ text, verb });
  }
  return out;
}

const sentencesOf = (text: string) => text.split(/(?<=[.!?;])\s+(?=\p{L})/u);

/** A text's words between spaces, for phrase look-ups: " enligt faktasidan från 2022 ". */
const padded = (text: string) =>
  ` ${tokenize(normalize(text))
    .map((w) => w.text)
    .join(' ')} `;

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

const cut = (s: string) => (s.length <= 80 ? s : `${s.slice(0, s.lastIndexOf(' ', 79))} …`);

/**
 * What the engine can answer from: FAQ entries, fact-page sections and imported passages, by id. Each target knows
 * the text it answers with, the source it names and how it reads as a candidate; FAQ entries also know the question
 * types and "vilka X" their phrasings ask, because their author wrote them to answer those.
 */
import type { Analyzer, QueryAnalysis } from '../analysis/analyzer';
import { normalize } from '../analysis/normalize';
import { questionTypes } from '../analysis/questiontype';
import { stem } from '../analysis/stem';
import { isQuestionWord, isStopword } from '../analysis/stopwords';
import type { FaqEntry, KnowledgeBase, Page, Passage, Section } from '../knowledge/types';
import { type Which, whichOf } from './agreement';
import type { Candidate, Source } from './answer';
import { quote } from './quote';

export type Target =
  | { kind: 'faq'; entry: FaqEntry; section: Section | undefined; page: Page | undefined }
  | { kind: 'section'; section: Section; page: Page }
  | { kind: 'passage'; passage: Passage };

/** The "vilka X" of a normalised question, unless X is a small word. */
export function whichIn(normalized: string): Which | undefined {
  return whichOf(normalized, (x) => isStopword(x) || isQuestionWord(x));
}

export class Targets {
  private readonly byId = new Map<string, Target>();
  /** The question types (qt:why, qt:time …) each FAQ phrasing asks, by index document id ("entry#k"). */
  private readonly phrasingTypes = new Map<string, Set<string>>();
  /** The question types any phrasing of each FAQ entry asks. */
  private readonly entryTypes = new Map<string, Set<string>>();
  /** The "vilka X" each FAQ entry's phrasings ask for, as keys (whichKey). */
  private readonly entryHeads = new Map<string, Set<string>>();
  /** Sections some FAQ entry names as its source. */
  private readonly backedSections = new Set<string>();

  constructor(kb: KnowledgeBase) {
    const sections = new Map<string, { section: Section; page: Page }>();
    for (const page of kb.pages) for (const section of page.sections) sections.set(section.id, { section, page });
    for (const entry of kb.faq) {
      const s = sections.get(entry.section);
      this.byId.set(entry.id, { kind: 'faq', entry, section: s?.section, page: s?.page });
      this.backedSections.add(entry.section);
      [entry.question, ...entry.alternates].forEach((q, k) => {
        const types = questionTypes(normalize(q));
        if (types.length) this.phrasingTypes.set(`${entry.id}#${k}`, new Set(types));
        for (const t of types) this.entryTypes.set(entry.id, (this.entryTypes.get(entry.id) ?? new Set()).add(t));
      });
    }
    for (const { section, page } of sections.values()) if (section.text) this.byId.set(section.id, { kind: 'section', section, page });
    for (const passage of kb.passages) this.byId.set(passage.id, { kind: 'passage', passage });
  }

  /** Records the "vilka X" keys of every FAQ phrasing; needs the analyser's synonyms, so it runs once they exist. */
  learnHeads(faq: readonly FaqEntry[], analyzer: Analyzer): void {
    for (const entry of faq)
      for (const q of [entry.question, ...entry.alternates]) {
        const which = whichIn(normalize(q));
        if (which) this.entryHeads.set(entry.id, (this.entryHeads.get(entry.id) ?? new Set()).add(whichKey(which, analyzer)));
      }
  }

  /** Whether some FAQ entry names this section as its source. */
  backs(sectionId: string): boolean {
    return this.backedSections.has(sectionId);
  }

  get(id: string): Target | undefined {
    return this.byId.get(id);
  }

  faqEntry(id: string): FaqEntry | undefined {
    const t = this.byId.get(id);
    return t?.kind === 'faq' ? t.entry : undefined;
  }

  /** The question types of one FAQ phrasing (by index document id), if it asks any. */
  typesOfPhrasing(docId: string): ReadonlySet<string> | undefined {
    return this.phrasingTypes.get(docId);
  }

  /** Whether some phrasing of an entry asks this question type. */
  entryAsks(id: string, type: string): boolean {
    return !!this.entryTypes.get(id)?.has(type);
  }

  /** Whether some phrasing of an entry asks for this "vilka X" key. */
  entryNames(id: string, key: string): boolean {
    return !!this.entryHeads.get(id)?.has(key);
  }

  /** The text a target answers with: an FAQ answer as written, a section or passage quoted for the question. */
  answerText(t: Target, query: QueryAnalysis, analyzer: Analyzer, idf: (term: string) => number): string {
    if (t.kind === 'faq') return t.entry.answer;
    return quote(analyzer, query, t.kind === 'section' ? t.section.text : t.passage.text, idf);
  }

  source(t: Target): Source {
    if (t.kind === 'passage')
      return { id: t.passage.id, title: t.passage.title, url: t.passage.url, section: t.passage.title, published: '' };
    const section = t.section;
    const page = t.page;
    return {
      id: section?.id ?? (t.kind === 'faq' ? t.entry.section : ''),
      title: page?.title ?? '',
      url: page?.url ?? '',
      section: section?.heading ?? '',
      published: page?.published ?? '',
    };
  }

  candidate(id: string, score: number): Candidate {
    const t = this.byId.get(id);
    const rounded = Number(score.toFixed(4));
    if (!t) return { id, score: rounded, kind: 'passage', title: id };
    if (t.kind === 'faq') return { id, score: rounded, kind: 'faq', title: t.entry.question };
    if (t.kind === 'section') return { id, score: rounded, kind: 'section', title: t.section.heading };
    return { id, score: rounded, kind: 'passage', title: t.passage.title };
  }
}

/** The key of a "vilka X": X's synonym group, or its stem; "andra " in front when it asks for others. */
export function whichKey(w: Which, analyzer: Analyzer): string {
  const s = stem(w.head);
  const group = analyzer.synonyms.forStem(s)[0];
  return `${w.others ? 'andra ' : ''}${group ?? s}`;
}

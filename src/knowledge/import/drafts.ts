/**
 * One proposed FAQ entry per imported section, for a communicator to review: the heading as the question where it
 * reads as one, the section's opening sentences as the answer, in the page's own words. Each is checked by the
 * grounding check against its own section, as a saved entry would be, and says what to fix before it can be saved.
 */
import type { KnowledgeIssue } from '../../errors';
import { type GroundingContext, type GroundingLists, groundingIssues } from '../grounding';
import { typography } from '../load';
import type { FaqEntry, Page } from '../types';
import { IMPORT_MESSAGES } from './messages';

export interface ImportDraft {
  question: string;
  answer: string;
  /** The section the answer comes from, and the entry would cite. */
  anchor: string;
  /** The grounding check found nothing (a draft checked without grounding lists is not grounded). */
  grounded: boolean;
  /** What to fix, in plain Swedish: the grounding check's issues, typography, a heading that is no question. */
  problems: string[];
}

/** Words a Swedish question opens with: a heading that starts with one is asked as it stands. */
const QUESTION_START =
  /^(hur|vad|varför|när|vem|vems|vilka|vilken|vilket|var|vart|finns|kan|ska|skall|får|måste|gäller|är|blir|behöver|bör|har|går)\b/i;
/** An answer is the opening sentence, and the next one while the two stay this short. */
const SHORT_ANSWER = 300;
/** Longer than this even as one sentence: the communicator should shorten it. */
const LONG_ANSWER = 400;

/** The drafts of a page's sections, grounded against them with the knowledge's lists (none given: not checked). */
export function draftsFor(page: Page, lists: GroundingLists | undefined, context: GroundingContext, reviewed: string): ImportDraft[] {
  const drafts = page.sections.map((s) => {
    const asked = s.heading.endsWith('?') || QUESTION_START.test(s.heading);
    const question = asked ? (s.heading.endsWith('?') ? s.heading : `${s.heading}?`) : IMPORT_MESSAGES.aboutHeading(s.heading);
    const answer = opening(s.text);
    const problems: string[] = [];
    if (!asked) problems.push(IMPORT_MESSAGES.headingNoQuestion);
    if (answer.length > LONG_ANSWER) problems.push(IMPORT_MESSAGES.longAnswer);
    problems.push(...typography(answer));
    return { question, answer, anchor: s.id, grounded: false, problems };
  });
  if (!lists) return drafts;
  const entries: FaqEntry[] = drafts.map((d, i) => ({
    id: `draft-${i}`,
    question: d.question,
    alternates: [],
    answer: d.answer,
    section: d.anchor,
    reviewed,
    file: page.file,
    line: 0,
  }));
  const issues = groundingIssues(entries, [page], lists, page.file, context).filter((i) => i.severity === 'error');
  const byDraft = new Map<number, KnowledgeIssue[]>();
  for (const issue of issues) {
    const n = Number(/^draft-(\d+):/.exec(issue.message)?.[1]);
    if (Number.isInteger(n)) byDraft.set(n, [...(byDraft.get(n) ?? []), issue]);
  }
  return drafts.map((d, i) => {
    const found = byDraft.get(i) ?? [];
    return { ...d, grounded: found.length === 0, problems: [...found.map((x) => x.plain ?? x.message), ...d.problems] };
  });
}

/** The section's opening sentence (and the next while both are short), as plain text without list marks. */
export function opening(text: string): string {
  const plain = text
    .split(/\n{2,}/)
    .map((p) =>
      p
        .split('\n')
        .map((l) => l.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '').trim())
        .filter(Boolean)
        .join(' '),
    )
    .filter(Boolean)
    .join(' ');
  const sentences = plain.split(/(?<=[.!?])\s+(?=[\p{Lu}\d”"])/u);
  let answer = sentences[0] ?? '';
  const next = sentences[1];
  if (next && answer.length + next.length + 1 <= SHORT_ANSWER) answer = `${answer} ${next}`;
  return answer.trim();
}

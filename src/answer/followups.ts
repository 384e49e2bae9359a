/**
 * Follow-up questions under an answer: what staff usually ask next. An FAQ entry names them in its `related:` field;
 * the rest come from the entries of the same section, those after it in faq.yaml first (the file follows the fact
 * page, whose story runs in that order), then those before it, nearest first. Never the entry answered, never a
 * question the reply already offers ("Menade du…?", related questions), and only for an answer (plain or
 * interpreted): a decline, a clinical refusal or small talk offers none.
 */
import type { FaqEntry } from '../knowledge/types';
import { MAX_FOLLOW_UPS } from '../limits';
import type { Answer, FollowUp } from './answer';

/** The follow-up questions for `answer`, from the FAQ entries of the knowledge in file order. */
export function followUpsFor(
  answer: Pick<Answer, 'answered' | 'kind' | 'answerId' | 'suggestions' | 'related'>,
  faq: readonly FaqEntry[],
): FollowUp[] {
  if (!answer.answered || answer.kind !== 'answer' || !answer.answerId) return [];
  const byId = new Map(faq.map((e) => [e.id, e]));
  const entry = byId.get(answer.answerId);
  // An answer from a page section: the entries that section backs.
  const section = entry ? entry.section : answer.answerId;
  const at = entry ? faq.indexOf(entry) : -1;
  const sameSection = faq.filter((e) => e.section === section);
  const after = sameSection.filter((e) => faq.indexOf(e) > at);
  const before = sameSection.filter((e) => faq.indexOf(e) < at).reverse();
  const offered = new Set([...answer.suggestions, ...answer.related]);
  const out: FollowUp[] = [];
  for (const e of [...(entry?.related ?? []).map((id) => byId.get(id)), ...after, ...before]) {
    if (out.length >= MAX_FOLLOW_UPS) break;
    if (!e || e.id === answer.answerId || offered.has(e.question) || out.some((f) => f.id === e.id)) continue;
    out.push({ id: e.id, question: e.question });
  }
  return out;
}

/**
 * chat-dev: 102 chat-style messages written from the fact page alone by someone who never saw faq.yaml
 * (../shared/datasets/chat-dev, read at run time, never copied into the repo). Development data: the confidence
 * model is fitted on it together with the dev half of our own set; our test rounds stay untouched.
 *
 * Scoring, as the set's README defines it:
 * - answerable: right when the bot answers and one `expect` regex matches the answer; wrong when it answers and none
 *   does; a decline is a miss;
 * - to decline: right when the bot declines, or its answer says plainly that the page does not state this;
 * - personal items: an answer that repeats any `pii` string is wrong, whatever else it gets right.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths';

export interface ChatDevItem {
  id: string;
  kind: string;
  q: string;
  /** Regexes from the page's wording; present on answerable items only. */
  expect?: string[];
  fact?: string;
  why?: string;
  pii?: string[];
}

export interface ChatDevAnswer {
  answered: boolean;
  answer: string;
}

export type ChatOutcome = 'right' | 'wrong' | 'missed' | 'declined' | 'answered-decline' | 'leaked';

export interface ChatDevReport {
  n: number;
  answerable: number;
  toDecline: number;
  /** Share of answerable items answered with a matching fact. */
  answeredRight: number;
  /** Share of answerable items answered with no matching fact (or leaking personal data). */
  answeredWrong: number;
  /** Share of items to decline that were declined. */
  declinedRight: number;
  kinds: { kind: string; n: number; right: number; wrong: number; missed: number }[];
  details: { id: string; kind: string; q: string; outcome: ChatOutcome; answer: string }[];
}

export function chatDevDir(): string {
  return process.env.CHAT_DEV_DIR ?? join(repoRoot(), '..', 'shared', 'datasets', 'chat-dev');
}

/** The chat-dev items, or null when the folder is not there (a clone without ../shared). */
export function loadChatDev(dir = chatDevDir()): ChatDevItem[] | null {
  const file = join(dir, 'questions.jsonl');
  if (!existsSync(file)) return null;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ChatDevItem);
}

/** "Faktasidan säger inte när.", "Faktasidan nämner inte X.", "… står inte på faktasidan." say it plainly. */
const SAYS_NOT_STATED = /faktasidan (säger|nämner) inte|står inte på faktasidan/iu;

export function isAnswerable(item: ChatDevItem): boolean {
  return !!item.expect?.length;
}

export function scoreChatDev(items: readonly ChatDevItem[], ask: (q: string) => ChatDevAnswer): ChatDevReport {
  const kinds = new Map<string, ChatDevReport['kinds'][number]>();
  const details: ChatDevReport['details'] = [];
  let answerable = 0;
  let right = 0;
  let wrong = 0;
  let toDecline = 0;
  let declined = 0;
  for (const item of items) {
    const a = ask(item.q);
    const k = kinds.get(item.kind) ?? { kind: item.kind, n: 0, right: 0, wrong: 0, missed: 0 };
    kinds.set(item.kind, k);
    k.n++;
    const leaked = a.answered && (item.pii ?? []).some((p) => a.answer.toLowerCase().includes(p.toLowerCase()));
    let outcome: ChatOutcome;
    if (isAnswerable(item)) {
      answerable++;
      const matches = (item.expect ?? []).some((r) => new RegExp(r, 'i').test(a.answer));
      outcome = !a.answered ? 'missed' : leaked ? 'leaked' : matches ? 'right' : 'wrong';
      if (outcome === 'right') right++;
      if (outcome === 'wrong' || outcome === 'leaked') wrong++;
    } else {
      toDecline++;
      const declines = !a.answered || SAYS_NOT_STATED.test(a.answer);
      outcome = declines && !leaked ? 'declined' : leaked ? 'leaked' : 'answered-decline';
      if (outcome === 'declined') declined++;
    }
    if (outcome === 'right' || outcome === 'declined') k.right++;
    else if (outcome === 'missed') k.missed++;
    else k.wrong++;
    details.push({ id: item.id, kind: item.kind, q: item.q, outcome, answer: a.answer });
  }
  return {
    n: items.length,
    answerable,
    toDecline,
    answeredRight: answerable ? right / answerable : 0,
    answeredWrong: answerable ? wrong / answerable : 0,
    declinedRight: toDecline ? declined / toDecline : 0,
    kinds: [...kinds.values()],
    details,
  };
}

/**
 * The development sets, read one way and scored one way, so that every fit can leave one set out:
 * - `dev`: the dev half of our evaluation set (test/eval/questions.jsonl) with the questions communicators marked
 *   "Ska inte besvaras";
 * - `chat-dev` and `chat-dev-2`: chat messages written from the fact page by people who never saw faq.yaml (read at
 *   run time from ../shared, never copied here; chat-dev-2's single messages, not its conversations);
 * - `holdout`: each FAQ alternate asked of an engine built without it (holdout.ts).
 *
 * An answerable item is answered right when the bot answers, plainly or as an interpretation, with the fact; wrong
 * when it answers without it. An item to decline is declined right when the bot declines or says plainly that the page
 * does not state it. An answer that repeats a personal detail of the message is wrong.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from '../analysis/normalize';
import type { Answer } from '../answer/answer';
import type { Calibration } from '../answer/confidence';
import { Engine } from '../answer/engine';
import type { KnowledgeBase } from '../knowledge/types';
import { repoRoot } from '../paths';
import { type ChatDevItem, loadChatDev } from './chatdev';
import { loadEval, outOfScopeItems } from './eval';

export const DEV_SETS = ['dev', 'chat-dev', 'chat-dev-2', 'holdout'] as const;
export type DevSetName = (typeof DEV_SETS)[number];

export interface DevItem {
  set: DevSetName;
  id: string;
  kind: string;
  question: string;
  answerable: boolean;
  /** Whether an answer text from a target states the item's fact (for an item to decline: never). */
  states: (answerId: string | undefined, text: string) => boolean;
  pii: readonly string[];
  /** The engine to ask, when not the shared one (the hold-out's engine without this alternate). */
  engine?: () => Engine;
}

/** "Faktasidan säger inte när.", "Faktasidan nämner inte X.", "… står inte på faktasidan." say it plainly. */
export const SAYS_NOT_STATED = /faktasidan (säger|nämner) inte|står inte på faktasidan/iu;

export type ItemOutcome =
  | 'right'
  | 'right-interpreted'
  | 'wrong'
  | 'wrong-interpreted'
  | 'missed'
  | 'declined'
  | 'answered'
  | 'interpreted';

/** Scores one answer to one item. */
export function outcomeOf(item: DevItem, a: Pick<Answer, 'answered' | 'answer' | 'answerId' | 'outcome'>): ItemOutcome {
  const interpreted = a.outcome === 'interpreted';
  const leaked = a.answered && item.pii.some((p) => a.answer.toLowerCase().includes(p.toLowerCase()));
  if (item.answerable) {
    if (!a.answered) return 'missed';
    const right = !leaked && item.states(a.answerId, a.answer);
    if (right) return interpreted ? 'right-interpreted' : 'right';
    return interpreted ? 'wrong-interpreted' : 'wrong';
  }
  if (!a.answered || (SAYS_NOT_STATED.test(a.answer) && !leaked)) return 'declined';
  return interpreted ? 'interpreted' : 'answered';
}

export interface SetScore {
  set: string;
  n: number;
  answerable: number;
  toDecline: number;
  /** Answered right, plainly or interpreted, as a share of the answerable. */
  answeredRight: number;
  /** Of that, interpreted. */
  interpretedRight: number;
  /** Plain answers without the fact, as a share of the answerable. */
  plainWrong: number;
  /** Interpretations without the fact, as a share of the answerable. */
  interpretedWrong: number;
  /** Declined right, as a share of those to decline (1 when the set has none). */
  declinedRight: number;
  kinds: { kind: string; n: number; right: number }[];
}

export function scoreSet(set: string, items: readonly DevItem[], outcomes: readonly ItemOutcome[]): SetScore {
  const count = (o: ItemOutcome[]) => outcomes.filter((x) => o.includes(x)).length;
  const answerable = items.filter((i) => i.answerable).length;
  const toDecline = items.length - answerable;
  const kinds = new Map<string, { kind: string; n: number; right: number }>();
  items.forEach((item, i) => {
    const k = kinds.get(item.kind) ?? { kind: item.kind, n: 0, right: 0 };
    kinds.set(item.kind, k);
    k.n++;
    if (['right', 'right-interpreted', 'declined'].includes(outcomes[i] as ItemOutcome)) k.right++;
  });
  const share = (x: number, n: number) => (n ? x / n : 0);
  return {
    set,
    n: items.length,
    answerable,
    toDecline,
    answeredRight: share(count(['right', 'right-interpreted']), answerable),
    interpretedRight: share(count(['right-interpreted']), answerable),
    plainWrong: share(count(['wrong']), answerable),
    interpretedWrong: share(count(['wrong-interpreted']), answerable),
    declinedRight: toDecline ? count(['declined']) / toDecline : 1,
    kinds: [...kinds.values()],
  };
}

export function chatDev2Dir(): string {
  return process.env.CHAT_DEV_2_DIR ?? join(repoRoot(), '..', 'shared', 'datasets', 'chat-dev-2');
}

function chatItems(set: DevSetName, items: readonly ChatDevItem[]): DevItem[] {
  return items.map((i) => ({
    set,
    id: i.id,
    kind: i.kind,
    question: i.q,
    answerable: !!i.expect?.length,
    states: (_id, text) => (i.expect ?? []).some((r) => new RegExp(r, 'i').test(text)),
    pii: i.pii ?? [],
  }));
}

/**
 * The development sets that can be read here (chat-dev and chat-dev-2 need ../shared), each as items. The hold-out's
 * engines are built with `calibration` on first use.
 */
export function loadDevSets(kb: KnowledgeBase, calibration: Calibration): Map<DevSetName, DevItem[]> {
  const out = new Map<DevSetName, DevItem[]>();
  const sectionOf = new Map(kb.faq.map((e) => [e.id, e.section]));
  out.set(
    'dev',
    [...loadEval().filter((i) => i.split === 'dev'), ...outOfScopeItems(kb)].map((i, k) => {
      const ok = new Set([...i.expect, ...i.expect.map((id) => sectionOf.get(id) ?? '')].filter(Boolean));
      return {
        set: 'dev' as const,
        id: `dev-${k + 1}`,
        kind: i.category,
        question: i.question,
        answerable: i.expect.length > 0,
        states: (id: string | undefined, text: string) => !!id && ok.has(id) && (!i.fact || normalize(text).includes(normalize(i.fact))),
        pii: [],
      };
    }),
  );
  const chat = loadChatDev();
  if (chat) out.set('chat-dev', chatItems('chat-dev', chat));
  const chat2 = existsSync(join(chatDev2Dir(), 'questions.jsonl')) ? loadChatDev(chatDev2Dir()) : null;
  if (chat2) out.set('chat-dev-2', chatItems('chat-dev-2', chat2));
  const holdout: DevItem[] = [];
  for (const entry of kb.faq)
    entry.alternates.forEach((question, k) => {
      let engine: Engine | undefined;
      const ok = new Set([entry.id, entry.section]);
      holdout.push({
        set: 'holdout',
        id: `${entry.id}#${k + 1}`,
        kind: 'alternate',
        question,
        answerable: true,
        states: (id) => !!id && ok.has(id),
        pii: [],
        engine: () => {
          engine ??= new Engine(
            { ...kb, faq: kb.faq.map((e) => (e === entry ? { ...e, alternates: e.alternates.filter((_, j) => j !== k) } : e)) },
            { calibration },
          );
          return engine;
        },
      });
    });
  out.set('holdout', holdout);
  return out;
}

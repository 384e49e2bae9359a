/**
 * chat-dev-2's conversations (../shared/datasets/chat-dev-2/conversations.jsonl, read at run time, never copied here):
 * 31 short conversations written from the fact page, asked turn by turn with the context each turn leaves, as the
 * service does per thread. Each turn is scored as the set's README says (an answer is right when one `expect` regex
 * matches it; a turn to decline is right when the bot declines or says plainly that the page does not state it), and
 * reported by what the turn is:
 * - `first`: a conversation's first message;
 * - `follow-up`: a later turn to answer, which makes sense only after the earlier ones;
 * - `follow-up to decline`: a later turn the page does not answer;
 * - `topic change`: a later turn that changes the topic completely. The data does not mark these; the README says nine
 *   conversations change topic, and exactly nine later turns open by saying so ("Helt annan fråga:", "Nytt ämne:",
 *   "Okej, annan sak:"), which is what `TOPIC_CHANGE_TURN` reads. It is the bench's own reading, kept apart from the
 *   engine's (followup.ts), so that the engine's word list does not decide what is counted as a topic change.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answer } from '../answer/answer';
import type { Engine } from '../answer/engine';
import type { ConversationContext } from '../answer/followup';
import { SAYS_NOT_STATED } from './devsets';

export interface ConversationTurn {
  q: string;
  expect?: string[];
  decline?: boolean;
}

export interface Conversation {
  id: string;
  turns: ConversationTurn[];
}

export const TURN_KINDS = ['first', 'follow-up', 'follow-up to decline', 'topic change'] as const;
export type TurnKind = (typeof TURN_KINDS)[number];

/** A later turn that says it changes the topic, in the words the set uses for it. */
const TOPIC_CHANGE_TURN = /^\W*(\p{L}+\W+){0,3}(annan|ny|nytt)\s+(fråga|sak|grej|ämne)\b|\bbyter ämne\b/iu;

export interface TurnScore {
  kind: TurnKind;
  n: number;
  /** Turns to answer: answered with the fact (plainly or interpreted). */
  right: number;
  /** Turns to answer: answered without the fact. */
  wrong: number;
  /** Turns to decline: declined, or told plainly that the page does not say. */
  declined: number;
  /** Of the turns to answer / to decline. */
  answerable: number;
  toDecline: number;
  /** Turns right (answered with the fact, or declined) when asked alone, without the conversation: the baseline. */
  rightAlone: number;
  misses: { id: string; turn: number; q: string; got: string }[];
}

/** The conversations, or null when the file is not there (a clone without ../shared). */
export function loadConversations(dir: string): Conversation[] | null {
  const file = join(dir, 'conversations.jsonl');
  if (!existsSync(file)) return null;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Conversation);
}

/** What a turn is, for the report (see the module comment). */
export function turnKind(turn: ConversationTurn, index: number): TurnKind {
  if (index === 0) return 'first';
  if (TOPIC_CHANGE_TURN.test(turn.q)) return 'topic change';
  return turn.decline ? 'follow-up to decline' : 'follow-up';
}

/** Asks every conversation turn by turn, each with the context of the turns before it, and scores each kind of turn. */
export function scoreConversations(engine: Engine, conversations: readonly Conversation[]): TurnScore[] {
  const scores = new Map<TurnKind, TurnScore>(
    TURN_KINDS.map((kind) => [
      kind,
      { kind, n: 0, right: 0, wrong: 0, declined: 0, answerable: 0, toDecline: 0, rightAlone: 0, misses: [] },
    ]),
  );
  for (const c of conversations) {
    let context: ConversationContext | undefined;
    c.turns.forEach((turn, i) => {
      const asked = engine.askInConversation(turn.q, context);
      context = asked.context;
      const s = scores.get(turnKind(turn, i)) as TurnScore;
      s.n++;
      const ok = scoreTurn(turn, asked.answer);
      if (scoreTurn(turn, engine.ask(turn.q))) s.rightAlone++;
      if (turn.decline) {
        s.toDecline++;
        if (ok) s.declined++;
      } else {
        s.answerable++;
        if (ok) s.right++;
        else if (asked.answer.answered) s.wrong++;
      }
      if (!ok) s.misses.push({ id: c.id, turn: i + 1, q: turn.q, got: `${asked.answer.outcome}: ${asked.answer.answer.slice(0, 80)}` });
    });
  }
  return [...scores.values()];
}

/** Right for this turn, as the README scores it. */
function scoreTurn(turn: ConversationTurn, a: Answer): boolean {
  if (turn.decline) return !a.answered || SAYS_NOT_STATED.test(a.answer);
  return a.answered && (turn.expect ?? []).some((r) => new RegExp(r, 'i').test(a.answer));
}

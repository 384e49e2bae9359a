import { describe, expect, it } from 'vitest';
import { type ChatDevItem, scoreChatDev } from '../../src/cli/chatdev';

const items: ChatDevItem[] = [
  { id: 'a', kind: 'long', q: 'När?', expect: ['hösten 2018'] },
  { id: 'b', kind: 'long', q: 'Vad?', expect: ['navet'] },
  { id: 'c', kind: 'personal-answerable', q: 'Eva 070-174 06 10: när?', expect: ['hösten'], pii: ['070-174 06 10'] },
  { id: 'd', kind: 'near-miss', q: 'Vad kostar det?', why: 'no amounts' },
  { id: 'e', kind: 'near-miss', q: 'Vem är ordförande?', why: 'no names' },
  { id: 'f', kind: 'offtopic', q: 'Lunch?', why: 'off topic' },
];
const replies: Record<string, { answered: boolean; answer: string }> = {
  'När?': { answered: true, answer: 'Huvudavtalet blev klart hösten 2018.' },
  'Vad?': { answered: true, answer: 'Optionerna ligger utanför huvudavtalet.' },
  'Eva 070-174 06 10: när?': { answered: true, answer: 'Hösten 2018, Eva på 070-174 06 10.' },
  'Vad kostar det?': { answered: false, answer: 'Faktasidan säger inte vad det kostar.' },
  'Vem är ordförande?': { answered: true, answer: 'Vem som är ordförande står inte på faktasidan.' },
  'Lunch?': { answered: true, answer: 'Chefssamrådet rekommenderade att avstå.' },
};

describe('chat-dev scoring, as the set README defines it', () => {
  const r = scoreChatDev(items, (q) => replies[q] as { answered: boolean; answer: string });

  it('counts an answer right only when a regex matches, and a leak of personal data as wrong', () => {
    expect(r.details.map((d) => d.outcome)).toEqual(['right', 'wrong', 'leaked', 'declined', 'declined', 'answered-decline']);
    expect(r.answeredRight).toBeCloseTo(1 / 3);
    expect(r.answeredWrong).toBeCloseTo(2 / 3);
  });

  it('counts a decline, or an answer that says the page does not state it, as declined right', () => {
    expect(r.declinedRight).toBeCloseTo(2 / 3);
    expect(r.kinds.find((k) => k.kind === 'near-miss')).toEqual({ kind: 'near-miss', n: 2, right: 2, wrong: 0, missed: 0 });
  });
});

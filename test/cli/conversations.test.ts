/**
 * The bench's reading of a conversation set (src/cli/conversations.ts): turns are told apart as first, follow-up,
 * follow-up to decline and topic change, and each is asked with the context of the turns before it and scored as the
 * set's README says.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConversations, scoreConversations, turnKind } from '../../src/cli/conversations';
import { realEngine } from '../helpers';

describe('conversation sets in the bench', () => {
  it('tells first turns, follow-ups, follow-ups to decline and announced changes of topic apart', () => {
    expect(turnKind({ q: 'Vad är FVM?', expect: ['FVM'] }, 0)).toBe('first');
    expect(turnKind({ q: 'och när då?', expect: ['2021'] }, 1)).toBe('follow-up');
    expect(turnKind({ q: 'vad kom de fram till?', decline: true }, 1)).toBe('follow-up to decline');
    for (const q of [
      'Helt annan fråga: vad är FVM?',
      'Okej, annan sak: ska labbappen bort?',
      'Byter ämne helt – hur mycket?',
      'Ny fråga: hur många?',
    ])
      expect(turnKind({ q, decline: true }, 2), q).toBe('topic change');
    expect(turnKind({ q: 'Finns det en annan option?', decline: true }, 1)).toBe('follow-up to decline');
  });

  it('asks each turn with the context of the earlier ones and scores it, beside the same turn asked alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conversations-'));
    const lines = [
      {
        id: 'a',
        turns: [
          { q: 'Vad beslutade VGR om optionerna för IVA?', expect: ['avrop'] },
          { q: 'och när då?', expect: ['2021'] },
        ],
      },
      {
        id: 'b',
        turns: [
          { q: 'och när då?', decline: true },
          { q: 'Nytt ämne: vad kostar lunchen?', decline: true },
        ],
      },
    ];
    writeFileSync(join(dir, 'conversations.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const conversations = loadConversations(dir);
    expect(conversations).toHaveLength(2);
    const scores = Object.fromEntries(scoreConversations(realEngine(), conversations ?? []).map((s) => [s.kind, s]));
    expect(scores.first).toMatchObject({ n: 2, answerable: 1, right: 1, toDecline: 1, declined: 1 });
    // Read with its conversation the follow-up gets the year; alone it does not.
    expect(scores['follow-up']).toMatchObject({ n: 1, right: 1, wrong: 0, rightAlone: 0 });
    expect(scores['topic change']).toMatchObject({ n: 1, declined: 1 });
    expect(loadConversations(join(dir, 'missing'))).toBeNull();
  });
});

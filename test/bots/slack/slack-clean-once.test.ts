/**
 * A Slack message is cleaned once on its way to an answer: the port runs the cleaning path (clean.ts), reads Slack's
 * markup out of the cleaned text, and the engine takes it as cleaned. Every call of cleanText from another module
 * is counted here, with the module that made it; the clinical guard's own reading of the head of whatever text it
 * is given (guard.ts, for every caller alike) is not the message's way in and is left out.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SlackHarness, startSlackHarness } from './harness';

const cleaned = vi.hoisted(() => ({ texts: [] as string[] }));
vi.mock('../../../src/text/clean', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/text/clean')>();
  return {
    ...original,
    cleanText: (text: string, label?: string) => {
      // The caller is the frame below this one.
      const caller = new Error().stack?.split('\n')[2] ?? '';
      if (!caller.includes('guard.ts')) cleaned.texts.push(text);
      return original.cleanText(text, label);
    },
  };
});

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(() => h?.stop());

describe('a Slack question on its way in', () => {
  it('is cleaned once, Slack markup read out after cleaning, and stored as read', async () => {
    const before = h.slack.of('chat.postMessage').length;
    cleaned.texts.length = 0;
    await h.postJson({
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: 'EvCleanOnce1',
      event_time: 1,
      event: {
        type: 'message',
        channel_type: 'im',
        channel: 'D0ONCE',
        user: 'U0ONCE',
        text: 'Vad\u00a0är <https://vgregion.se|FVM>?',
        ts: '3.1',
      },
    });
    const reply = (await h.slack.waitFor('chat.postMessage', before + 1)).at(-1);
    expect(reply?.body.text).toContain('förkortningen FVM');
    expect(cleaned.texts.filter((t) => t.includes('FVM'))).toEqual(['Vad\u00a0är <https://vgregion.se|FVM>?']);
    const row = await h.s.service.sql.get('SELECT question FROM questions WHERE user_hash = ?', [
      h.s.service.questions.hashUser('slack', 'U0ONCE'),
    ]);
    expect(row).toEqual({ question: 'Vad är FVM?' });
  });
});

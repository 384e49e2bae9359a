/**
 * The interpreted answer in Slack, through correctly signed requests and the fake Web API: the bot says which
 * question it answered, then the answer and its source, and offers the other close questions under "Menade du något
 * annat?"; a click on one asks it and is recorded as a suggestion click; the question log keeps the outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAskValue } from '../../../bots/slack/render';
import { interpreting } from '../../helpers';
import { askButtons, feedbackButtons, type SlackHarness, startSlackHarness } from './harness';

const QUESTION = 'vad ska vi använda istället';
let h: SlackHarness;
let seq = 0;

beforeAll(async () => {
  h = await startSlackHarness({}, { calibration: interpreting() });
});
afterAll(() => h?.stop());

const mention = (text: string, user: string, channel: string, ts: string) =>
  h.postJson({
    token: 'x',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `EvInterp${++seq}`,
    event_time: 1,
    event: { type: 'app_mention', user, text: `<@UBOT> ${text}`, ts, channel, event_ts: ts },
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
  });
type Block = { block_id?: string; text?: { text: string }; elements?: { action_id: string; value: string }[] };

describe('an interpreted answer in Slack', () => {
  it('posts the interpretation line, the answer with its source, "Menade du något annat?" buttons and feedback buttons', async () => {
    const expected = h.s.service.knowledge.engine.ask(QUESTION);
    expect(expected.outcome).toBe('interpreted');
    const ts = '1700000400.000100';
    expect((await mention(QUESTION, 'U42', 'C1', ts)).status).toBe(200);
    const msg = await h.slack.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts);
    const blocks = msg.body.blocks as Block[];
    const line = `Jag tolkar frågan som ”${expected.interpretedAs}”.`;
    expect(blocks[0]).toMatchObject({ block_id: 'interpretation', text: { text: `_${line}_` } });
    expect(blocks[1]).toMatchObject({ block_id: 'answer', text: { text: expected.answer } });
    expect(JSON.stringify(blocks[2])).toMatch(/Källa: .*publicerad 2022/);
    expect(blocks[3]).toMatchObject({ block_id: 'suggest_title', text: { text: '*Menade du något annat?*' } });
    const row = (await h.s.service.sql.get(
      "SELECT id, answered, outcome, rule, top_id FROM questions WHERE channel = 'slack' ORDER BY id DESC",
    )) as { id: number; answered: number; outcome: string; rule: string; top_id: string };
    expect(row).toMatchObject({ answered: 1, outcome: 'interpreted', rule: expected.rule, top_id: expected.answerId });
    const buttons = askButtons(blocks, 'suggestions');
    expect(buttons.map((b) => parseAskValue(b.value))).toEqual(expected.suggestions.map((q) => ({ q, f: row.id, k: 's' })));
    expect(blocks.at(-1)).toMatchObject({ type: 'context_actions', block_id: 'feedback' });
    expect(feedbackButtons(blocks)?.negative_button.value).toBe(`negative:${row.id}`);
    expect((msg.body.text as string).split('\n').slice(0, 2)).toEqual([line, expected.answer]);

    // "Menade du något annat?": the click asks that question, answered to the clicker, recorded as a suggestion click.
    const button = buttons[0]!;
    await h.interact({
      type: 'block_actions',
      user: { id: 'U42' },
      team: { id: 'T1' },
      channel: { id: 'C1' },
      response_url: h.slack.responseUrl('other1'),
      actions: [{ action_id: button.action_id, type: 'button', value: button.value, action_ts: '1' }],
      trigger_id: 't',
    });
    const [reply] = await h.slack.waitFor('response/other1');
    const chosen = h.s.service.knowledge.engine.kb.faq.find((e) => e.question === expected.suggestions[0]);
    expect(reply!.body.text).toContain(chosen?.answer.slice(0, 40));
    expect(
      await h.s.service.sql.all('SELECT entry_id AS "e", kind AS "k" FROM suggestion_clicks WHERE from_question_id = ?', [row.id]),
    ).toEqual([{ e: chosen?.id, k: 'suggestion' }]);
  });
});

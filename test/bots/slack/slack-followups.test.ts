/**
 * Follow-up questions in Slack, through correctly signed requests and the fake Web API: an answer in a thread ends
 * with "Vill du veta mer?" and a button per follow-up question; a click asks that question (the "Menade du…?"
 * action), answers the clicker, and is logged as a question of its own, not as a choice made instead of the answer.
 * A decline offers none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAskValue } from '../../../bots/slack/render';
import { askButtons, type SlackHarness, startSlackHarness } from './harness';

let h: SlackHarness;
let seq = 0;

beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(() => h?.stop());

const mention = (text: string, ts: string) =>
  h.postJson({
    token: 'x',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `EvFollow${++seq}`,
    event_time: 1,
    event: { type: 'app_mention', user: 'U7', text: `<@UBOT> ${text}`, ts, channel: 'C7', event_ts: ts },
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
  });
type Block = { block_id?: string; elements?: { text?: string }[] };

describe('follow-up questions in Slack', () => {
  it('offers them as buttons under the answer, and a click asks that question', async () => {
    const question = 'När beslutade VGR att inte avropa optionerna?';
    const expected = h.s.service.knowledge.engine.ask(question);
    expect(expected.followUps.length).toBe(3);
    const ts = '1700000900.000100';
    expect((await mention(question, ts)).status).toBe(200);
    const msg = await h.slack.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts);
    const blocks = msg.body.blocks as Block[];
    const title = blocks.findIndex((b) => b.block_id === 'follow_title');
    expect(blocks[title]).toMatchObject({ elements: [{ text: 'Vill du veta mer?' }] });
    // Under the answer's related questions, above Slack's 👍/👎.
    expect(title).toBeGreaterThan(blocks.findIndex((b) => b.block_id === 'related'));
    expect(title).toBeLessThan(blocks.findIndex((b) => b.block_id === 'feedback'));
    const buttons = askButtons(blocks, 'follow_ups');
    // The question only: a click is a new question, not a choice recorded against this answer.
    expect(buttons.map((b) => parseAskValue(b.value))).toEqual(expected.followUps.map((f) => ({ q: f.question })));
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(buttons.length);

    const chosen = expected.followUps[0]!;
    const entry = h.s.service.knowledge.engine.faqEntry(chosen.id);
    const button = buttons[0]!;
    expect(button.action_id).toMatch(/^faktabot_ask_\d+$/);
    await h.interact({
      type: 'block_actions',
      user: { id: 'U7' },
      team: { id: 'T1' },
      channel: { id: 'C7' },
      message: { ts, thread_ts: ts },
      response_url: h.slack.responseUrl('follow1'),
      actions: [{ action_id: button.action_id, type: 'button', value: button.value, action_ts: '1' }],
      trigger_id: 't',
    });
    const [reply] = await h.slack.waitFor('response/follow1');
    expect(reply!.body.text).toContain(entry?.answer.slice(0, 40));
    const rows = await h.s.service.sql.all<{ id: number; question: string; answered: number }>(
      "SELECT id, question, answered FROM questions WHERE channel = 'slack' ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0]).toMatchObject({ question: chosen.question, answered: 1 });
    expect(await h.s.service.sql.all('SELECT * FROM suggestion_clicks')).toEqual([]);
  });

  it('offers none under a decline', async () => {
    const ts = '1700000901.000100';
    expect((await mention('Vad blir det till lunch?', ts)).status).toBe(200);
    const msg = await h.slack.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts);
    const blocks = msg.body.blocks as Block[];
    expect(blocks.some((b) => b.block_id === 'follow_title')).toBe(false);
    expect(askButtons(blocks, 'follow_ups')).toEqual([]);
  });
});

/**
 * "Dela i kanalen" and "Svara i tråden" show an answer again, through the chat port: rate limited like a question,
 * not logged again when the button carries the logged question's id, and logged as a fresh question when it does
 * not (a button from before ids were carried, or the log was away when the answer was given).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../../src/index';
import { type SlackHarness, startSlackHarness } from './harness';

let h: SlackHarness;
// Three questions a minute per user: the /fraga or the shortcut uses one, each click another.
beforeAll(async () => {
  h = await startSlackHarness({ RATE_LIMIT_PER_MINUTE: '3' });
});
afterAll(() => h?.stop());

let seq = 0;
const logged = async (user: string) =>
  Number(
    (
      (await h.s.service.sql.get('SELECT COUNT(*) AS "n" FROM questions WHERE user_hash = ?', [
        h.s.service.questions.hashUser('slack', user),
      ])) as {
        n: number | string;
      }
    ).n,
  );
const buttons = (blocks: unknown) => (blocks as { elements?: { action_id: string; value: string }[] }[]).flatMap((b) => b.elements ?? []);
const click = (user: string, channel: string, action: string, value: string) => {
  const id = `again${++seq}`;
  return h
    .interact({
      type: 'block_actions',
      user: { id: user },
      team: { id: 'T1' },
      channel: { id: channel },
      response_url: h.slack.responseUrl(id),
      container: { type: 'message', is_ephemeral: true },
      actions: [{ action_id: action, block_id: 'tools', type: 'button', value, action_ts: '1' }],
      trigger_id: 't',
    })
    .then(() => id);
};
const questionsTotal = async () => {
  const text = await (await fetch(`${h.s.url}/metrics`)).text();
  return Number(/faktabot_questions_total\{channel="slack",outcome="answer"\} (\d+)/.exec(text)?.[1] ?? 0);
};

async function fraga(user: string, channel: string, text: string): Promise<string> {
  const id = `again${++seq}`;
  await h.postForm({
    command: '/fraga',
    text,
    user_id: user,
    channel_id: channel,
    team_id: 'T1',
    response_url: h.slack.responseUrl(id),
    trigger_id: 't',
  });
  const [reply] = await h.slack.waitFor(`response/${id}`);
  return buttons(reply?.body.blocks).find((b) => b.action_id === 'faktabot_share')?.value as string;
}

describe('"Dela i kanalen"', () => {
  it('shows the logged answer in the channel without logging it again, and is rate limited like a question', async () => {
    const share = await fraga('UA1', 'CA1', 'När blev huvudavtalet klart?');
    expect(await logged('UA1')).toBe(1);
    for (let i = 0; i < 2; i++) {
      const id = await click('UA1', 'CA1', 'faktabot_share', share);
      const [shared] = await h.slack.waitFor(`response/${id}`);
      expect(shared?.body).toMatchObject({ response_type: 'in_channel' });
      expect(shared?.body.text).toContain('hösten 2018');
    }
    expect(await logged('UA1')).toBe(1);

    // The fourth in a minute: the clicker is told privately, and nothing is posted in the channel.
    const id = await click('UA1', 'CA1', 'faktabot_share', share);
    const [told] = await h.slack.waitFor(`response/${id}`);
    expect(told?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: MESSAGES.rateLimited });
    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.of(`response/${id}`)).toHaveLength(1);
  });

  it('logs and counts a button without the logged id as a fresh question', async () => {
    const before = await questionsTotal();
    const id = await click('UA2', 'CA2', 'faktabot_share', 'När blev huvudavtalet klart?');
    const [shared] = await h.slack.waitFor(`response/${id}`);
    expect(shared?.body).toMatchObject({ response_type: 'in_channel' });
    expect(await logged('UA2')).toBe(1);
    expect(
      await h.s.service.sql.get('SELECT question, channel FROM questions WHERE user_hash = ?', [
        h.s.service.questions.hashUser('slack', 'UA2'),
      ]),
    ).toEqual({ question: 'När blev huvudavtalet klart?', channel: 'slack' });
    expect(await questionsTotal()).toBe(before + 1);
  });
});

describe('"Svara i tråden"', () => {
  async function shortcut(user: string, channel: string): Promise<string> {
    const before = h.slack.of('chat.postEphemeral').length;
    await h.interact({
      type: 'message_action',
      callback_id: 'ask_faktabot',
      user: { id: user },
      team: { id: 'T1' },
      channel: { id: channel },
      message: { type: 'message', user: 'USTAFF', text: 'Vem gjorde riskanalysen inför beslutet?', ts: '1700000500.000100' },
      response_url: h.slack.responseUrl(`sc${++seq}`),
      trigger_id: 't',
      message_ts: '1700000500.000100',
    });
    const eph = (await h.slack.waitFor('chat.postEphemeral', before + 1)).at(-1);
    return buttons(eph?.body.blocks).find((b) => b.action_id === 'faktabot_post_in_thread')?.value as string;
  }

  it('posts the logged answer in the thread without logging it again, and is rate limited like a question', async () => {
    const value = await shortcut('UB1', 'CB1');
    expect(await logged('UB1')).toBe(1);
    for (let i = 0; i < 2; i++) {
      const before = h.slack.of('chat.postMessage').length;
      await click('UB1', 'CB1', 'faktabot_post_in_thread', value);
      const posted = (await h.slack.waitFor('chat.postMessage', before + 1)).at(-1);
      expect(posted?.body).toMatchObject({ channel: 'CB1', thread_ts: '1700000500.000100' });
      expect(posted?.body.text).toContain('Chefläkargruppen');
    }
    expect(await logged('UB1')).toBe(1);

    const before = h.slack.of('chat.postMessage').length;
    const id = await click('UB1', 'CB1', 'faktabot_post_in_thread', value);
    const [told] = await h.slack.waitFor(`response/${id}`);
    expect(told?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: MESSAGES.rateLimited });
    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.of('chat.postMessage')).toHaveLength(before);
  });

  it('logs a button without the logged id as a fresh question', async () => {
    const { f: _logged, ...withoutId } = JSON.parse(await shortcut('UB2', 'CB2')) as Record<string, unknown>;
    expect(await logged('UB2')).toBe(1);
    const before = h.slack.of('chat.postMessage').length;
    await click('UB2', 'CB2', 'faktabot_post_in_thread', JSON.stringify(withoutId));
    await h.slack.waitFor('chat.postMessage', before + 1);
    expect(await logged('UB2')).toBe(2);
  });
});

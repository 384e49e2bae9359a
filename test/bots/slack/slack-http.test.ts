import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDBACK_MESSAGES, MESSAGES } from '../../../src/index';
import type { Running } from '../../service/helpers';
import { type FakeSlack, SIGNING_SECRET, sign } from './fake-slack';
import { askButtons, feedbackButtons, feedbackClick, type SlackHarness, startSlackHarness } from './harness';

let h: SlackHarness;
let slack: FakeSlack;
let s: Running;
let seq = 0;

beforeAll(async () => {
  h = await startSlackHarness();
  ({ slack, s } = h);
});
afterAll(() => h?.stop());

const post = (body: string, type: string, headers?: Record<string, string>) => h.post(body, type, headers);
const postJson = (obj: unknown, headers?: Record<string, string>) => h.postJson(obj, headers);
const postForm = (fields: Record<string, string>) => h.postForm(fields);
const interact = (payload: unknown) => h.interact(payload);

function eventCallback(event: Record<string, unknown>, eventId = `Ev${++seq}`) {
  return {
    token: 'x',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: 1,
    event,
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
  };
}
const texts = (blocks: unknown) => JSON.stringify(blocks);

describe('Slack over HTTP', () => {
  it('answers url_verification with the challenge', async () => {
    const r = await postJson({ type: 'url_verification', challenge: 'abc123', token: 'x' });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ challenge: 'abc123' });
  });

  it('answers an @mention in a thread, with sources, and logs the question with a hashed user id', async () => {
    const ts = '1700000000.000100';
    const r = await postJson(
      eventCallback({
        type: 'app_mention',
        user: 'U42',
        text: '<@UBOT> Varför blev IVA-modulerna optioner?',
        ts,
        channel: 'C1',
        event_ts: ts,
      }),
    );
    expect(r.status).toBe(200);
    const [msg] = await slack.waitFor('chat.postMessage');
    expect(msg!.body).toMatchObject({ channel: 'C1', thread_ts: ts });
    expect(msg!.body.text).toContain('anbudsgivarna');
    expect(texts(msg!.body.blocks)).toContain('Källa: ”Läget inom IVA- och anestesivården” i ');
    expect(texts(msg!.body.blocks)).toContain('publicerad 2022');
    const row = (await s.service.sql.get(
      "SELECT channel, user_hash, question FROM questions WHERE channel = 'slack' ORDER BY id DESC",
    )) as Record<string, string>;
    expect(row.question).toBe('Varför blev IVA-modulerna optioner?');
    expect(row.user_hash).toBe(s.service.questions.hashUser('slack', 'U42'));
  });

  it('acks an event within the 3 seconds Slack allows, even when posting the answer is slow', async () => {
    slack.delayNext.set('chat.postMessage', 4000);
    const ts = '1700000009.000100';
    const started = Date.now();
    const r = await postJson(eventCallback({ type: 'app_mention', user: 'U42', text: '<@UBOT> Vad är FVM?', ts, channel: 'C1' }));
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    const msg = await slack.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts, 8000);
    expect(msg.body.text).toContain('förkortningen FVM');
  });

  it('answers a retried event only once', async () => {
    const before = slack.of('chat.postMessage').length;
    const event = eventCallback(
      { type: 'app_mention', user: 'U42', text: '<@UBOT> Vad är FVM?', ts: '1700000001.000100', channel: 'C1' },
      'EvRetry1',
    );
    expect((await postJson(event)).status).toBe(200);
    await slack.waitFor('chat.postMessage', before + 1);
    const body = JSON.stringify(event);
    const retry = await post(body, 'application/json', { ...sign(body), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.of('chat.postMessage').length).toBe(before + 1);
  });

  it('answers a direct message in the DM, and ignores edits and bot messages', async () => {
    const before = slack.of('chat.postMessage').length;
    await postJson(
      eventCallback({ type: 'message', channel_type: 'im', channel: 'D1', user: 'U7', text: 'Vad står VGR för?', ts: '1700000002.1' }),
    );
    const calls = await slack.waitFor('chat.postMessage', before + 1);
    expect(calls.at(-1)!.body).toMatchObject({ channel: 'D1' });
    expect(calls.at(-1)!.body.text).toContain('Västra Götalandsregionen');
    await postJson(
      eventCallback({
        type: 'message',
        subtype: 'message_changed',
        channel_type: 'im',
        channel: 'D1',
        message: { text: 'ändrad' },
        ts: '1700000003.1',
      }),
    );
    await postJson(
      eventCallback({ type: 'message', channel_type: 'im', channel: 'D1', bot_id: 'B999', text: 'från en annan bot', ts: '1700000004.1' }),
    );
    await postJson(
      eventCallback({ type: 'message', channel_type: 'im', channel: 'D1', user: 'UBOT', text: 'mitt eget svar', ts: '1700000005.1' }),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.of('chat.postMessage').length).toBe(before + 1);
  });

  it.each([
    ['unsigned', {}],
    ['wrongly signed', sign('{}', Math.floor(Date.now() / 1000), 'another-secret')],
    ['stale (6 minutes old)', null],
  ])('rejects a %s request with 401 and does not answer', async (_name, headers) => {
    const before = slack.calls.length;
    const body = JSON.stringify(eventCallback({ type: 'app_mention', user: 'U1', text: '<@UBOT> Vad är FVM?', ts: '1.2', channel: 'C1' }));
    const h = headers ?? sign(body, Math.floor(Date.now() / 1000) - 360);
    const r = await post(body, 'application/json', h as Record<string, string>);
    expect(r.status).toBe(401);
    await new Promise((r2) => setTimeout(r2, 200));
    expect(slack.calls.length).toBe(before);
  });

  it('gives 400 for a correctly signed body that is not JSON, and stays up', async () => {
    const r = await post('{nope', 'application/json');
    expect(r.status).toBe(400);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it('/fraga answers privately, with a button to share it in the channel', async () => {
    const started = Date.now();
    const r = await postForm({
      command: '/fraga',
      text: 'När blev huvudavtalet klart?',
      user_id: 'U9',
      channel_id: 'C5',
      team_id: 'T1',
      response_url: slack.responseUrl('cmd1'),
      trigger_id: 't',
    });
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    const [reply] = await slack.waitFor('response/cmd1');
    expect(reply!.body).toMatchObject({ response_type: 'ephemeral' });
    expect(reply!.body.text).toContain('hösten 2018');
    expect(texts(reply!.body.blocks)).toContain('Dela i kanalen');

    await interact({
      type: 'block_actions',
      user: { id: 'U9' },
      team: { id: 'T1' },
      channel: { id: 'C5' },
      response_url: slack.responseUrl('share1'),
      container: { type: 'message', is_ephemeral: true },
      actions: [{ action_id: 'faktabot_share', block_id: 'tools', type: 'button', value: 'När blev huvudavtalet klart?', action_ts: '1' }],
      trigger_id: 't',
    });
    // Through the interaction's response_url, in_channel: works where the bot is not a member of the channel.
    const [shared, del] = await slack.waitFor('response/share1', 2);
    expect(shared!.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(texts(shared!.body.blocks)).toContain('Delat av <@U9>');
    expect(shared!.body.text).toContain('hösten 2018');
    expect(del!.body).toMatchObject({ delete_original: true });
    expect(slack.of('chat.postMessage').some((c) => c.body.channel === 'C5')).toBe(false);
  });

  it('tells the user in Swedish when sharing in the channel fails', async () => {
    slack.failNext.set('response/share3', { httpStatus: 404 });
    await interact({
      type: 'block_actions',
      user: { id: 'U9' },
      team: { id: 'T1' },
      channel: { id: 'C5' },
      response_url: slack.responseUrl('share3'),
      container: { type: 'message', is_ephemeral: true },
      actions: [{ action_id: 'faktabot_share', block_id: 'tools', type: 'button', value: 'Vad är FVM?', action_ts: '1' }],
      trigger_id: 't',
    });
    const [told] = await slack.waitFor('response/share3');
    expect(told!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(told!.body.text).toBe('Svaret kunde inte delas i kanalen. Kopiera det, eller nämn @Faktabot i kanalen.');
  });

  it('the support desk shortcut shows the answer privately and posts it in the thread on click', async () => {
    const r = await interact({
      type: 'message_action',
      callback_id: 'ask_faktabot',
      user: { id: 'UAGENT' },
      team: { id: 'T1' },
      channel: { id: 'C9' },
      message: { type: 'message', user: 'USTAFF', text: 'Hej! Vem gjorde riskanalysen inför beslutet?', ts: '1700000100.000200' },
      response_url: slack.responseUrl('sc1'),
      trigger_id: 't',
      message_ts: '1700000100.000200',
    });
    expect(r.status).toBe(200);
    const [eph] = await slack.waitFor('chat.postEphemeral');
    expect(eph!.body).toMatchObject({ channel: 'C9', user: 'UAGENT' });
    expect(eph!.body.text).toContain('Chefläkargruppen');
    const button = (eph!.body.blocks as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'faktabot_post_in_thread');
    expect(button).toBeDefined();

    const before = slack.of('chat.postMessage').length;
    await interact({
      type: 'block_actions',
      user: { id: 'UAGENT' },
      team: { id: 'T1' },
      channel: { id: 'C9' },
      response_url: slack.responseUrl('sc2'),
      actions: [{ action_id: 'faktabot_post_in_thread', type: 'button', value: button!.value, action_ts: '1' }],
      trigger_id: 't',
    });
    const posted = await slack.waitFor('chat.postMessage', before + 1);
    expect(posted.at(-1)!.body).toMatchObject({ channel: 'C9', thread_ts: '1700000100.000200' });
    expect(posted.at(-1)!.body.text).toContain('Chefläkargruppen');

    // Where the bot is not in the channel: through the response_url, in the thread; if that fails too, the agent is told.
    slack.failNext.set('chat.postMessage', { error: 'not_in_channel' });
    const click = (id: string) =>
      interact({
        type: 'block_actions',
        user: { id: 'UAGENT' },
        team: { id: 'T1' },
        channel: { id: 'C9' },
        response_url: slack.responseUrl(id),
        actions: [{ action_id: 'faktabot_post_in_thread', type: 'button', value: button!.value, action_ts: '1' }],
        trigger_id: 't',
      });
    await click('sc3');
    const [viaUrl] = await slack.waitFor('response/sc3');
    expect(viaUrl!.body).toMatchObject({ response_type: 'in_channel', thread_ts: '1700000100.000200' });
    slack.failNext.set('chat.postMessage', { error: 'not_in_channel' });
    slack.failNext.set('response/sc4', { httpStatus: 404 });
    await click('sc4');
    const [told] = await slack.waitFor('response/sc4');
    expect(told!.body.text).toBe(
      'Svaret kunde inte postas i tråden. Bjud in @Faktabot till kanalen och försök igen, eller kopiera svaret.',
    );
  });

  it("puts Slack's feedback buttons under an answer, and records a 👍 click in the question log, the answer kept", async () => {
    const ts = '1700000200.0';
    await postJson(eventCallback({ type: 'app_mention', user: 'U3', text: '<@UBOT> Vad är FVM?', ts, channel: 'C2' }));
    const msg = await slack.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts);
    const blocks = msg.body.blocks as { type: string; block_id?: string }[];
    expect(blocks.at(-1)).toMatchObject({ type: 'context_actions', block_id: 'feedback' });
    const buttons = feedbackButtons(blocks)!;
    const id = (await s.service.sql.get<{ id: number }>("SELECT MAX(id) id FROM questions WHERE channel = 'slack'"))!.id;
    expect(buttons).toMatchObject({
      type: 'feedback_buttons',
      action_id: 'faktabot_feedback',
      positive_button: { value: `positive:${id}`, accessibility_label: 'Svaret var hjälpsamt' },
      negative_button: { value: `negative:${id}`, accessibility_label: 'Svaret var inte hjälpsamt' },
    });
    await interact({
      type: 'block_actions',
      user: { id: 'U3' },
      team: { id: 'T1' },
      channel: { id: 'C2' },
      message: { ts: '1', blocks },
      response_url: slack.responseUrl('fb0'),
      actions: [feedbackClick(buttons, 'positive')],
      trigger_id: 't',
    });
    const [thanks] = await slack.waitFor('response/fb0');
    expect(thanks!.body).toMatchObject({ replace_original: true, text: FEEDBACK_MESSAGES.helpful });
    // The answer stays as it was, with a line for the vote in place of the buttons.
    expect(feedbackButtons(thanks!.body.blocks)).toBeUndefined();
    expect(texts(thanks!.body.blocks)).toContain('förkortningen FVM');
    expect(texts(thanks!.body.blocks)).toContain(FEEDBACK_MESSAGES.helpful);
    expect(await s.service.sql.all('SELECT helpful FROM feedback WHERE question_id = ?', [id])).toEqual([{ helpful: 1 }]);
  });

  it('records 👎 in the question log, and says who reads it and that no one answers personally where no desk is set', async () => {
    const ts = '1700000200.1';
    await postJson(eventCallback({ type: 'app_mention', user: 'U3', text: '<@UBOT> Vad betyder avropa?', ts, channel: 'C2' }));
    const msg = await slack.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts);
    const buttons = feedbackButtons(msg.body.blocks)!;
    await interact({
      type: 'block_actions',
      user: { id: 'U3' },
      team: { id: 'T1' },
      channel: { id: 'C2' },
      response_url: slack.responseUrl('fb1'),
      actions: [feedbackClick(buttons, 'negative')],
      trigger_id: 't',
    });
    const [thanks] = await slack.waitFor('response/fb1');
    const line = `${FEEDBACK_MESSAGES.notHelpful} ${FEEDBACK_MESSAGES.noReply}`;
    expect(thanks!.body.text).toBe(line);
    expect(JSON.stringify(thanks!.body.blocks)).toContain(line);
    expect(JSON.stringify(thanks!.body.blocks)).not.toContain('faktabot_escalate');
    const id = Number(buttons.negative_button.value.split(':')[1]);
    expect(await s.service.sql.get('SELECT helpful FROM feedback WHERE question_id = ?', [id])).toEqual({ helpful: 0 });
  });

  it('still records a click on the 👍/👎 buttons that answers posted earlier carry in their tools row', async () => {
    await postJson(eventCallback({ type: 'app_mention', user: 'U3', text: '<@UBOT> Vad är FVM?', ts: '1700000200.3', channel: 'C2' }));
    await slack.waitForCall('chat.postMessage', (c) => c.body.thread_ts === '1700000200.3');
    const id = (await s.service.sql.get<{ id: number }>("SELECT MAX(id) id FROM questions WHERE channel = 'slack'"))!.id;
    await interact({
      type: 'block_actions',
      user: { id: 'U3' },
      team: { id: 'T1' },
      channel: { id: 'C2' },
      response_url: slack.responseUrl('fb-old'),
      actions: [{ action_id: 'faktabot_helpful', block_id: 'tools', type: 'button', value: String(id), action_ts: '1' }],
      trigger_id: 't',
    });
    expect((await slack.waitFor('response/fb-old'))[0]!.body.text).toBe(FEEDBACK_MESSAGES.helpful);
    expect(await s.service.sql.all('SELECT helpful FROM feedback WHERE question_id = ?', [id])).toEqual([{ helpful: 1 }]);
  });

  it('records nothing for a feedback click whose value is not ours, and says so', async () => {
    const before = await s.service.sql.get<{ n: number }>('SELECT COUNT(*) n FROM feedback');
    for (const value of ['positive', 'positive:abc', '7'])
      await interact({
        type: 'block_actions',
        user: { id: 'U3' },
        team: { id: 'T1' },
        channel: { id: 'C2' },
        response_url: slack.responseUrl(`fb-bad-${value}`),
        actions: [{ type: 'feedback_buttons', action_id: 'faktabot_feedback', block_id: 'feedback', value, action_ts: '1' }],
        trigger_id: 't',
      });
    for (const value of ['positive', 'positive:abc', '7'])
      expect((await slack.waitFor(`response/fb-bad-${value}`))[0]!.body).toMatchObject({
        response_type: 'ephemeral',
        text: FEEDBACK_MESSAGES.notSaved,
      });
    expect(await s.service.sql.get('SELECT COUNT(*) n FROM feedback')).toEqual(before);
  });

  it('says what the page does not state and leads into the nearby question once, with no second heading', async () => {
    const ts = '1700000200.2';
    await postJson(eventCallback({ type: 'app_mention', user: 'U3', text: '<@UBOT> Vad kostar Millennium?', ts, channel: 'C2' }));
    const msg = await slack.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts);
    const blocks = msg.body.blocks as { block_id?: string; text?: { text: string } }[];
    expect(blocks.find((b) => b.block_id === 'answer')?.text?.text).toBe(
      `${MESSAGES.notStated('vad det kostar')} ${MESSAGES.notStatedRelated}`,
    );
    expect(askButtons(blocks, 'related').map((b) => b.text.text)).toEqual(['Vad är Millennium?']);
    expect(blocks.map((b) => b.block_id)).not.toContain('related_title');
    expect(JSON.stringify(blocks)).not.toContain(MESSAGES.relatedHeading);
  });

  it('"Menade du…?" buttons ask that question', async () => {
    await interact({
      type: 'block_actions',
      user: { id: 'U4' },
      team: { id: 'T1' },
      channel: { id: 'C2' },
      response_url: slack.responseUrl('sug1'),
      actions: [{ action_id: 'faktabot_ask_0', type: 'button', value: 'Vad är FVM?', action_ts: '1' }],
      trigger_id: 't',
    });
    const [reply] = await slack.waitFor('response/sug1');
    expect(reply!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(reply!.body.text).toContain('förkortningen FVM');
  });

  it('records which suggestion staff chose after a declined question (ids only), and not for someone else', async () => {
    const ts = '1700000200.9';
    await postJson(
      eventCallback({ type: 'app_mention', user: 'U7', text: '<@UBOT> vad tycker ni om hela millenniumgrejen', ts, channel: 'C7' }),
    );
    const msg = await slack.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts);
    const button = askButtons(msg.body.blocks, 'suggestions')[0]!;
    const click = (user: string, channel: string, id: string) =>
      interact({
        type: 'block_actions',
        user: { id: user },
        team: { id: 'T1' },
        channel: { id: channel },
        response_url: slack.responseUrl(id),
        actions: [{ action_id: button.action_id, type: 'button', value: button.value, action_ts: '1' }],
        trigger_id: 't',
      });
    await click('U7', 'C7', 'click1');
    await slack.waitFor('response/click1');
    const { f } = JSON.parse(button.value) as { f: number };
    const rows = async () =>
      await s.service.sql.all(
        'SELECT from_question_id f, entry_id e, kind k, question_id q FROM suggestion_clicks WHERE from_question_id = ?',
        [f],
      );
    expect(await rows()).toEqual([{ f, e: expect.any(String), k: 'suggestion', q: expect.any(Number) }]);
    // Someone in another conversation gets the answer, but no click is recorded for them.
    await click('U8', 'C8', 'click2');
    await slack.waitFor('response/click2');
    expect(await rows()).toHaveLength(1);
  });

  it('publishes the App Home tab with examples and most asked questions', async () => {
    await postJson(eventCallback({ type: 'app_home_opened', user: 'U5', channel: 'D5', tab: 'home', event_ts: '1' }));
    const [pub] = await slack.waitFor('views.publish');
    expect(pub!.body.user_id).toBe('U5');
    const view = JSON.stringify(pub!.body.view);
    expect(view).toContain('"type":"home"');
    expect(view).toContain('Mest frågat');
    expect(view).toContain('Vad är FVM?'); // asked twice so far: the most asked
    expect(view).toContain('publicerad 2022');
  });

  it("sets the agent view's suggested prompts when the Messages tab is opened: the most asked FAQ questions, at most four", async () => {
    await postJson(eventCallback({ type: 'app_home_opened', user: 'U5', channel: 'D5', tab: 'messages', event_ts: '1' }));
    const [set] = await slack.waitFor('assistant.threads.setSuggestedPrompts');
    // No thread_ts: an app with the agent view has its prompts on the DM, and Slack drops a call that names a thread.
    expect(set!.body).not.toHaveProperty('thread_ts');
    expect(set!.body).toMatchObject({ channel_id: 'D5', title: 'Vanliga frågor' });
    const prompts = set!.body.prompts as { title: string; message: string }[];
    expect(prompts.length).toBeGreaterThan(0);
    expect(prompts.length).toBeLessThanOrEqual(4);
    expect(prompts[0]).toEqual({ title: 'Vad är FVM?', message: 'Vad är FVM?' }); // the most asked so far
    expect(new Set(prompts.map((p) => p.message)).size).toBe(prompts.length);
    const faq = new Set(s.service.knowledge.engine.kb.faq.map((e) => e.question));
    expect(prompts.every((p) => faq.has(p.message))).toBe(true);
    // The Home tab is not published for it.
    expect(slack.of('views.publish').filter((c) => c.body.user_id === 'U5')).toHaveLength(1);
  });

  it('a workspace without the agent view refuses the prompts: logged as a warning, nothing else happens', async () => {
    slack.failNext.set('assistant.threads.setSuggestedPrompts', { error: 'not_allowed_token_type' });
    await postJson(eventCallback({ type: 'app_home_opened', user: 'U6', channel: 'D6', tab: 'messages', event_ts: '1' }));
    await slack.waitFor('assistant.threads.setSuggestedPrompts (failed)');
    await new Promise((r) => setTimeout(r, 200));
    expect(s.logs.some((l) => l.includes('slack optional call skipped') && l.includes('not_allowed_token_type'))).toBe(true);
    expect(s.logs.some((l) => l.includes('slack api call failed') && l.includes('setSuggestedPrompts'))).toBe(false);
  });

  it('shows "söker i faktasidan…" in a DM while the answer is made, and clears it once the answer is posted', async () => {
    const ts = '1700000600.1';
    await postJson(eventCallback({ type: 'message', channel_type: 'im', channel: 'D8', user: 'U8', text: 'Vad står VGR för?', ts }));
    const answer = await slack.waitForCall('chat.postMessage', (c) => c.body.channel === 'D8');
    await slack.waitForCall('assistant.threads.setStatus', (c) => c.body.channel_id === 'D8' && c.body.status === '');
    const mine = slack.of('assistant.threads.setStatus').filter((c) => c.body.channel_id === 'D8');
    expect(mine.map(({ body: { channel_id, thread_ts, status } }) => ({ channel_id, thread_ts, status }))).toEqual([
      { channel_id: 'D8', thread_ts: ts, status: 'söker i faktasidan…' },
      { channel_id: 'D8', thread_ts: ts, status: '' },
    ]);
    // Set before the answer, cleared after it.
    const order = slack.calls.filter((c) => c.body.channel_id === 'D8' || c === answer);
    expect(order.map((c) => (c === answer ? 'answer' : (c.body.status as string)))).toEqual(['söker i faktasidan…', 'answer', '']);
    expect(answer.body.text).toContain('Västra Götalandsregionen');
    // The answer's source stays a link in the message.
    expect(texts(answer.body.blocks)).toMatch(/Källa: .*<https:\/\/www\.vgregion\.se\//);
    // An @mention in a channel gets no status: the agent view is the DM's.
    expect(slack.of('assistant.threads.setStatus').every((c) => String(c.body.channel_id).startsWith('D'))).toBe(true);
  });

  it('answers a DM all the same where the status is refused, and does not try to clear it', async () => {
    slack.failNext.set('assistant.threads.setStatus', { error: 'feature_not_enabled' });
    const ts = '1700000600.2';
    await postJson(eventCallback({ type: 'message', channel_type: 'im', channel: 'D9', user: 'U9', text: 'Vad är FVM?', ts }));
    const answer = await slack.waitForCall('chat.postMessage', (c) => c.body.channel === 'D9');
    expect(answer.body.text).toContain('förkortningen FVM');
    await new Promise((r) => setTimeout(r, 200));
    expect(slack.of('assistant.threads.setStatus').filter((c) => c.body.channel_id === 'D9')).toEqual([]);
    expect(s.logs.some((l) => l.includes('slack optional call skipped') && l.includes('feature_not_enabled'))).toBe(true);
  });

  it('survives Web API errors: channel_not_found is logged, a rate limit is retried after Retry-After', async () => {
    slack.failNext.set('chat.postMessage', { error: 'channel_not_found' });
    await postJson(eventCallback({ type: 'app_mention', user: 'U6', text: '<@UBOT> Vad är FVM?', ts: '1700000300.1', channel: 'CGONE' }));
    await slack.waitFor('chat.postMessage (failed)');
    await new Promise((r) => setTimeout(r, 200));
    expect(s.logs.some((l) => l.includes('slack api call failed') && l.includes('channel_not_found'))).toBe(true);

    slack.failNext.set('chat.postMessage', { rateLimit: 1 });
    const ts = '1700000301.1';
    await postJson(eventCallback({ type: 'app_mention', user: 'U6', text: '<@UBOT> Vad är FVM?', ts, channel: 'C1' }));
    const deadline = Date.now() + 6000;
    while (!slack.of('chat.postMessage').some((c) => c.body.thread_ts === ts) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(slack.of('chat.postMessage').some((c) => c.body.thread_ts === ts)).toBe(true);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it('never logs the bot token or the signing secret', () => {
    const all = s.logs.join('\n');
    expect(all).not.toContain('xoxb-test-token');
    expect(all).not.toContain(SIGNING_SECRET);
  });
});

/** Regression tests for the Slack findings of the security review (#11). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from './fake-slack';
import { type SlackHarness, startSlackHarness } from './harness';

let h: SlackHarness;
let seq = 0;

beforeAll(async () => {
  h = await startSlackHarness({ OUTBOUND_TIMEOUT_MS: '300' });
});
afterAll(() => h?.stop());

const post = (body: string, type: string, headers?: Record<string, string>) => h.post(body, type, headers);
const postJson = (obj: unknown) => h.postJson(obj);
const interact = (payload: unknown) => h.interact(payload);
const eventCallback = (event: Record<string, unknown>) => ({
  type: 'event_callback',
  team_id: 'T1',
  api_app_id: 'A1',
  event_id: `EvS${++seq}`,
  event_time: 1,
  event,
});
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('Slack request checks', () => {
  it('refuses a request timestamped more than 5 minutes in the future, as it refuses a stale one', async () => {
    const answers = () => h.slack.calls.filter((c) => c.method !== 'auth.test').length;
    const before = answers();
    const body = JSON.stringify(eventCallback({ type: 'app_mention', user: 'U1', text: '<@UBOT> Vad är FVM?', ts: '9.1', channel: 'C1' }));
    const r = await post(body, 'application/json', sign(body, Math.floor(Date.now() / 1000) + 360));
    expect(r.status).toBe(401);
    await settle();
    expect(answers()).toBe(before);
  });

  it('ignores @mentions by bots: another bot, or its own user quoting itself', async () => {
    const before = h.slack.of('chat.postMessage').length;
    await postJson(
      eventCallback({ type: 'app_mention', bot_id: 'B999', user: 'U999', text: '<@UBOT> Vad är FVM?', ts: '9.2', channel: 'C1' }),
    );
    await postJson(eventCallback({ type: 'app_mention', user: 'UBOT', text: '<@UBOT> Vad är FVM?', ts: '9.3', channel: 'C1' }));
    await settle();
    expect(h.slack.of('chat.postMessage').length).toBe(before);
    await postJson(eventCallback({ type: 'app_mention', user: 'U1', text: '<@UBOT> Vad är FVM?', ts: '9.4', channel: 'C1' }));
    await h.slack.waitFor('chat.postMessage', before + 1);
  });

  it('answers a DM of 10,000 "<@A|" at once as too long (the text cleaning was quadratic)', async () => {
    const started = performance.now();
    const r = await postJson(
      eventCallback({ type: 'message', channel_type: 'im', channel: 'D9', user: 'U3', text: '<@A|'.repeat(10_000), ts: '9.5' }),
    );
    expect(r.status).toBe(200);
    const msg = await h.slack.waitForCall('chat.postMessage', (c) => c.body.channel === 'D9');
    expect(String(msg.body.text)).toMatch(/^Frågan är för lång/);
    // Generous: the quadratic version took seconds of CPU here; the limit only guards against that order.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('who sees and changes what', () => {
  it('shows FAQ questions in App Home "Mest frågat" and the suggested prompts, never what staff wrote', async () => {
    const before = h.slack.of('chat.postMessage').length;
    for (const [i, text] of ['Vad betyder FVM? Jag heter Zebulon Quxberg', 'vad står fvm för, frågar Zebulon Quxberg'].entries())
      await postJson(eventCallback({ type: 'message', channel_type: 'im', channel: 'D2', user: 'U2', text, ts: `9.6${i}` }));
    await h.slack.waitFor('chat.postMessage', before + 2);
    const published = h.slack.of('views.publish').length;
    await postJson(eventCallback({ type: 'app_home_opened', user: 'U8', channel: 'D8', tab: 'home', event_ts: '1' }));
    const pub = (await h.slack.waitFor('views.publish', published + 1)).at(-1);
    const view = JSON.stringify(pub?.body.view);
    expect(view).toContain('Mest frågat');
    expect(view).toContain('Vad är FVM?');
    expect(view).not.toContain('Quxberg');
    await postJson(eventCallback({ type: 'app_home_opened', user: 'U8', channel: 'D8', tab: 'messages', event_ts: '2' }));
    const prompts = JSON.stringify((await h.slack.waitFor('assistant.threads.setSuggestedPrompts')).at(-1)?.body.prompts);
    expect(prompts).toContain('Vad är FVM?');
    expect(prompts).not.toContain('Quxberg');
  });

  it('lets only the asker, or someone in the same conversation, vote on an answer', async () => {
    await post(
      new URLSearchParams({
        command: '/fraga',
        text: 'Vad är FVM?',
        user_id: 'UASK',
        channel_id: 'CASK',
        response_url: h.slack.responseUrl('vote-q'),
        trigger_id: 't',
        team_id: 'T1',
      }).toString(),
      'application/x-www-form-urlencoded',
    );
    await h.slack.waitFor('response/vote-q');
    const id = String(((await h.s.service.sql.get('SELECT MAX(id) id FROM questions')) as { id: number }).id);
    const vote = (user: string, channel: string, response: string, helpful = true) =>
      interact({
        type: 'block_actions',
        user: { id: user },
        channel: { id: channel },
        team: { id: 'T1' },
        response_url: h.slack.responseUrl(response),
        actions: [
          {
            type: 'feedback_buttons',
            action_id: 'faktabot_feedback',
            block_id: 'feedback',
            value: `${helpful ? 'positive' : 'negative'}:${id}`,
          },
        ],
        trigger_id: 't',
      });
    await vote('USTRANGER', 'COTHER', 'vote-stranger');
    const [refused] = await h.slack.waitFor('response/vote-stranger');
    expect(refused?.body.text).toMatch(/^Bara den som frågade/);
    await vote('UASK', 'CASK', 'vote-asker');
    await vote('UASK', 'CASK', 'vote-asker-again', false);
    await h.slack.waitFor('response/vote-asker-again');
    expect(await h.s.service.sql.all('SELECT helpful FROM feedback WHERE question_id = ?', [Number(id)])).toEqual([{ helpful: 0 }]);
  });
});

describe('outbound calls', () => {
  it('gives up a Web API call that does not answer within OUTBOUND_TIMEOUT_MS, and retries it', async () => {
    h.slack.delayNext.set('chat.postMessage', 10_000);
    const ts = '9.7';
    await postJson(eventCallback({ type: 'app_mention', user: 'U4', text: '<@UBOT> Vad är FVM?', ts, channel: 'C4' }));
    // The first call hangs for 10 s; the answer arrives long before that, through the retry after the timeout.
    const msg = await h.slack.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts, 4000);
    expect(msg.body.text).toContain('förkortningen FVM');
  });
});

describe('Slack markup typed by users', () => {
  let d: SlackHarness;
  beforeAll(async () => {
    d = await startSlackHarness({ SUPPORT_CHANNEL: 'slack:CDESK' });
  });
  afterAll(() => d?.stop());

  // Live markup in a message's text: a mention of everyone or of a user, or a link with a label of its own.
  const LIVE = /<[!@#]|<https?:/;
  const QUESTION = 'Vem ansvarar? <!channel> se <https://evil.example|faktabot.vgregion.se>';
  const submit = (user: Record<string, string>, callbackId: string, metadata: unknown, values: Record<string, unknown>) =>
    d.interact({
      type: 'view_submission',
      team: { id: 'T1' },
      user,
      view: { callback_id: callbackId, private_metadata: JSON.stringify(metadata), state: { values } },
    });

  it('escapes the question, the names and the answer in the text fallbacks of the desk card and the answer DM', async () => {
    d.slack.profiles.set('UMARK', { display_name: '<@U0ADMIN> <!here>' });
    d.slack.profiles.set('UDESK', { display_name: 'Desk <!everyone>' });
    const sent = await submit(
      { id: 'UMARK', name: 'mark' },
      'faktabot_escalate_modal',
      { q: null, c: 'C1' },
      {
        question: { question_input: { type: 'plain_text_input', value: QUESTION } },
        context: { context_input: { type: 'plain_text_input', value: null } },
      },
    );
    expect(sent.status).toBe(200);
    const card = await d.slack.waitForCall('chat.postMessage', (c) => c.body.channel === 'CDESK');
    const text = String(card.body.text);
    expect(text).not.toMatch(LIVE);
    expect(text).toContain('&lt;!channel&gt; se &lt;https://evil.example|faktabot.vgregion.se&gt;');
    expect(text).toContain('från &lt;@U0ADMIN&gt; &lt;!here&gt;');
    const ticketId = Number(/Ärende (\d+)/.exec(text)?.[1]);

    const answered = await submit(
      { id: 'UDESK', name: 'desk' },
      'faktabot_ticket_answer_modal',
      { t: ticketId, c: 'CDESK' },
      {
        answer: { answer_input: { type: 'plain_text_input', value: 'Läs <!everyone> <https://evil.example|vgregion.se>' } },
      },
    );
    expect(answered.status).toBe(200);
    const dm = await d.slack.waitForCall('chat.postMessage', (c) => c.body.channel === 'UMARK' && String(c.body.text).startsWith('Svar'));
    expect(String(dm.body.text)).not.toMatch(LIVE);
    expect(String(dm.body.text)).toContain('Läs &lt;!everyone&gt; &lt;https://evil.example|vgregion.se&gt;');
    expect(JSON.stringify(dm.body.blocks)).not.toMatch(LIVE);
    const update = await d.slack.waitForCall('chat.update', (c) => String(c.body.text).includes('besvarad'));
    expect(String(update.body.text)).not.toMatch(LIVE);
  });

  it('shows a profile name on the desk card without its direction overrides', async () => {
    d.slack.profiles.set('UBIDI', { display_name: '\u202Enimd\u200fA adA\u202C' });
    await submit(
      { id: 'UBIDI', name: 'bidi' },
      'faktabot_escalate_modal',
      { q: null, c: 'C1' },
      {
        question: { question_input: { type: 'plain_text_input', value: 'Vem bestämmer om licenserna?' } },
      },
    );
    const card = await d.slack.waitForCall(
      'chat.postMessage',
      (c) => c.body.channel === 'CDESK' && String(c.body.text).includes('licenserna'),
    );
    expect(JSON.stringify(card.body)).not.toMatch(/[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]|\\u20(0e|0f|2[a-e]|6[6-9])/i);
    expect(String(card.body.text)).toContain('från nimdA adA:');
  });
});

describe('replayed requests', () => {
  let r: SlackHarness;
  beforeAll(async () => {
    r = await startSlackHarness({ SUPPORT_CHANNEL: 'slack:CDESK' });
  });
  afterAll(() => r?.stop());

  const FORM = 'application/x-www-form-urlencoded';
  /** One signed request, sent `times` times exactly as captured: same body, timestamp and signature. */
  const replay = async (body: string, type: string, times: number) => {
    const headers = sign(body);
    const statuses: number[] = [];
    for (let i = 0; i < times; i++) statuses.push((await r.post(body, type, headers)).status);
    return statuses;
  };

  it('makes one ticket from a signed form submission sent three times, answering each with 200', async () => {
    const body = new URLSearchParams({
      payload: JSON.stringify({
        type: 'view_submission',
        team: { id: 'T1' },
        user: { id: 'UREPLAY', name: 'replay' },
        view: {
          callback_id: 'faktabot_escalate_modal',
          private_metadata: JSON.stringify({ q: null, c: 'C1' }),
          state: { values: { question: { question_input: { type: 'plain_text_input', value: 'Vem äger frågan om licenser?' } } } },
        },
      }),
    }).toString();
    expect(await replay(body, FORM, 3)).toEqual([200, 200, 200]);
    await r.slack.waitForCall('chat.postMessage', (c) => c.body.channel === 'CDESK');
    await settle();
    expect(r.slack.of('chat.postMessage').filter((c) => c.body.channel === 'CDESK')).toHaveLength(1);
    expect(await r.s.service.sql.get('SELECT COUNT(*) AS "n" FROM tickets')).toEqual({ n: 1 });
    expect(r.s.logs.filter((l) => l.includes('a replayed request was ignored'))).toHaveLength(1);
  });

  it('answers a replayed slash command once, and the same question asked again (signed anew) twice', async () => {
    const command = (response: string) =>
      new URLSearchParams({
        command: '/fraga',
        text: 'Vad är FVM?',
        user_id: 'UCMD',
        channel_id: 'CCMD',
        team_id: 'T1',
        trigger_id: 't',
        response_url: r.slack.responseUrl(response),
      }).toString();
    expect(await replay(command('replayed'), FORM, 2)).toEqual([200, 200]);
    await r.slack.waitFor('response/replayed');
    // A new request with the same body but its own timestamp is the user asking again: answered.
    // Two timestamps from one reading of the clock: read twice, a second's tick between could make them the same.
    const again = command('again');
    const now = Math.floor(Date.now() / 1000);
    expect((await r.post(again, FORM, sign(again, now - 1))).status).toBe(200);
    expect((await r.post(again, FORM, sign(again, now - 2))).status).toBe(200);
    await r.slack.waitFor('response/again', 2);
    await settle();
    expect(r.slack.of('response/replayed')).toHaveLength(1);
  });

  it('refuses a signature with anything after its hex, so a suffix cannot make a replay look new', async () => {
    const body = new URLSearchParams({
      command: '/fraga',
      text: 'Vad är FVM?',
      user_id: 'USUFFIX',
      channel_id: 'CCMD',
      team_id: 'T1',
      trigger_id: 't',
      response_url: r.slack.responseUrl('suffixed'),
    }).toString();
    const headers = sign(body);
    const signature = headers['x-slack-signature'] as string;
    const statuses: number[] = [];
    for (const variant of [signature, `${signature}=1`, `${signature}=`, `${signature}=a=b`, signature.toUpperCase()])
      statuses.push((await r.post(body, FORM, { ...headers, 'x-slack-signature': variant })).status);
    expect(statuses).toEqual([200, 401, 401, 401, 401]);
    await r.slack.waitFor('response/suffixed');
    await settle();
    expect(r.slack.of('response/suffixed')).toHaveLength(1);
  });

  it('still drops Slack’s retry of an event by its id, re-signed or not, and says so in the log', async () => {
    const event = (id: string) =>
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T1',
        event_id: id,
        event: { type: 'message', channel_type: 'im', channel: 'DRETRY', user: 'URETRY', text: 'Vad står VGR för?', ts: '7.1' },
      });
    const body = event('EvRetry1');
    const retry = { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' };
    expect((await r.post(body, 'application/json', sign(body))).status).toBe(200);
    expect((await r.post(body, 'application/json', { ...sign(body, Math.floor(Date.now() / 1000) - 3), ...retry })).status).toBe(200);
    await r.slack.waitForCall('chat.postMessage', (c) => c.body.channel === 'DRETRY');
    await settle();
    expect(r.slack.of('chat.postMessage').filter((c) => c.body.channel === 'DRETRY')).toHaveLength(1);
    expect(r.s.logs.some((l) => l.includes('slack retry of a handled event ignored'))).toBe(true);
  });
});

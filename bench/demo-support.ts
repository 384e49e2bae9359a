/**
 * `npm run demo:support`: the support desk loop on this machine, with no Slack or Microsoft account. It starts the
 * real service as `npm start` does (both adapters; Teams in local mode) against the test fakes of Slack's Web API and
 * the Bot Framework connector on loopback, then walks the loop and prints what each side sees:
 *   a Teams user's question is declined -> "Fråga supporten" -> a ticket card in the Slack desk channel ->
 *   a desk member claims and answers it -> the Teams user gets the answer -> the card says "besvarad".
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slackAdapters } from '../bots/slack/index';
import { teamsAdapters } from '../bots/teams/index';
import { loadConfig } from '../src/service/config';
import { createLogger } from '../src/service/logger';
import { adapterHost } from '../src/service/main';
import { createService } from '../src/service/server';
import { FakeSlack, SIGNING_SECRET, sign } from '../test/bots/slack/fake-slack';
import { activity, FakeConnector } from '../test/bots/teams/fake-connector';

type Json = Record<string, unknown>;
const say = (who: string, text: string) => process.stdout.write(`\n[${who}]\n  ${text.replace(/\n/g, '\n  ')}\n`);
const cardText = (a: Json) =>
  JSON.stringify((a.attachments as { content: Json }[] | undefined)?.[0]?.content ?? {})
    .match(/"(?:text|title|value)":"[^"]*"/g)
    ?.map((m) => m.replace(/^"\w+":"|"$/g, ''))
    .join(' | ') ?? '';

async function main(): Promise<void> {
  const slack = new FakeSlack();
  const connector = new FakeConnector();
  await Promise.all([slack.start(), connector.start()]);
  const data = mkdtempSync(join(tmpdir(), 'faktabot-demo-'));
  const config = loadConfig(
    {
      PORT: '0',
      DATABASE_PATH: join(data, 'faktabot.db'),
      LOG_LEVEL: 'warn',
      SUPPORT_CHANNEL: 'slack:CDESK',
      SLACK_BOT_TOKEN: 'xoxb-demo',
      TEAMS_LOCAL: 'true',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    },
    '',
  );
  const service = createService(config, { logger: createLogger('warn') });
  const { port } = await service.start();
  const host = adapterHost(service);
  const adapters = [...slackAdapters(host), ...teamsAdapters(host)];
  for (const a of adapters) await a.start();
  const url = `http://127.0.0.1:${port}`;
  const teams = async (body: Json) => {
    const before = connector.sent.length;
    await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await connector.waitFor(before + 1)).at(-1)?.activity as Json;
  };
  const slackInteract = (payload: Json) => {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
      body,
    });
  };
  try {
    const question = 'vad kostar hela millenniumgrejen';
    say('Teams, Anna asks', question);
    const reply = await teams(activity(connector.url, { text: question }));
    say('Teams, Faktabot replies', cardText(reply));
    const escalate = JSON.stringify(reply).match(/\{"faktabot":"escalate-form","questionId":\d+(,"inText":true)?\}/)?.[0] as string;
    const form = await teams(activity(connector.url, { text: undefined, value: JSON.parse(escalate) }));
    say('Teams, the form Anna fills in', cardText(form));
    const sent = await teams(
      activity(connector.url, {
        text: undefined,
        replyToId: 'form',
        value: { faktabot: 'escalate', question, context: 'Inför APT på IVA.' },
      }),
    );
    say('Teams, Anna is told', cardText(sent));
    const ticket = await slack.waitForCall('chat.postMessage', (c) => c.body.channel === 'CDESK');
    say('Slack #desk, the ticket card', String(ticket.body.text));
    const id = /Ärende (\d+)/.exec(String(ticket.body.text))?.[1] as string;
    const click = (action: string, trigger: string) =>
      slackInteract({
        type: 'block_actions',
        user: { id: 'UBO', name: 'Bo' },
        team: { id: 'T1' },
        channel: { id: 'CDESK' },
        response_url: slack.responseUrl(trigger),
        trigger_id: trigger,
        actions: [{ action_id: action, type: 'button', value: id, action_ts: '1' }],
      });
    await click('faktabot_ticket_claim', 'claim');
    say('Slack #desk, after "Jag tar den"', String((await slack.waitFor('chat.update'))[0]?.body.text));
    await click('faktabot_ticket_answer', 'answer');
    const modal = (await slack.waitForCall('views.open', (c) => c.body.trigger_id === 'answer')).body.view as Json;
    const before = connector.sent.length;
    await slackInteract({
      type: 'view_submission',
      user: { id: 'UBO', name: 'Bo' },
      view: {
        callback_id: modal.callback_id,
        private_metadata: modal.private_metadata,
        state: {
          values: {
            answer: { answer_input: { type: 'plain_text_input', value: 'Kostnaden står inte på faktasidan; fråga FVM-programmet.' } },
          },
        },
      },
    });
    const delivered = (await connector.waitFor(before + 1)).at(-1)?.activity as Json;
    say('Teams, Anna receives privately', cardText(delivered));
    const updates = await slack.waitFor('chat.update', 2);
    say('Slack #desk, the card now', String(updates.at(-1)?.body.text));
    say('Done', `In a running service the console's Ärenden tab lists such tickets (this demo's data: ${data}).`);
  } finally {
    for (const a of adapters) await a.stop();
    await service.stop();
    await Promise.all([slack.stop(), connector.stop()]);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`demo:support failed: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});

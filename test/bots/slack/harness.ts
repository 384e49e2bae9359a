/**
 * The service with the Slack adapter mounted over HTTP, a fake Slack, and helpers that send signed requests; with
 * `teams`, also the Teams adapter (local mode) and a fake Bot Framework connector to reply to; with `calibration`, the
 * engine's thresholds set by the test.
 */
import { slackAdapters } from '../../../bots/slack/index';
import { teamsAdapters } from '../../../bots/teams/index';
import type { Calibration } from '../../../src/answer/confidence';
import { adapterHost } from '../../../src/service/main';
import { type Running, startService } from '../../service/helpers';
import { FakeConnector } from '../teams/fake-connector';
import { FakeSlack, SIGNING_SECRET, sign } from './fake-slack';

export interface SlackHarness {
  slack: FakeSlack;
  /** Started only with `teams`. */
  connector: FakeConnector;
  s: Running;
  post(body: string, type: string, headers?: Record<string, string>): Promise<Response>;
  postJson(obj: unknown, headers?: Record<string, string>): Promise<Response>;
  postForm(fields: Record<string, string>): Promise<Response>;
  interact(payload: unknown): Promise<Response>;
  stop(): Promise<void>;
}

export async function startSlackHarness(
  env: Record<string, string> = {},
  options: { teams?: boolean; calibration?: Calibration } = {},
): Promise<SlackHarness> {
  const slack = new FakeSlack();
  const connector = new FakeConnector();
  await Promise.all([slack.start(), options.teams ? connector.start() : undefined]);
  const s = await startService(
    {
      WATCH_KNOWLEDGE: 'false',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      ...(options.teams && { TEAMS_LOCAL: 'true' }),
      ...env,
    },
    { calibration: options.calibration },
  );
  for (const a of [...slackAdapters(adapterHost(s.service)), ...(options.teams ? teamsAdapters(adapterHost(s.service)) : [])])
    await a.start();
  const post = (body: string, type: string, headers: Record<string, string> = sign(body)) =>
    fetch(`${s.url}/slack/events`, { method: 'POST', headers: { 'content-type': type, ...headers }, body });
  const postJson = (obj: unknown, headers?: Record<string, string>) => {
    const body = JSON.stringify(obj);
    return post(body, 'application/json', headers ?? sign(body));
  };
  const postForm = (fields: Record<string, string>) => post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
  return {
    slack,
    connector,
    s,
    post,
    postJson,
    postForm,
    interact: (payload) => postForm({ payload: JSON.stringify(payload) }),
    stop: async () => {
      await s.stop();
      await Promise.all([slack.stop(), options.teams ? connector.stop() : undefined]);
    },
  };
}

type AskButton = { action_id: string; value: string; text: { text: string } };
/** The buttons that ask a question, in order, whether shown as one row (`blockId`) or one per line (`blockId_i`). */
export function askButtons(blocks: unknown, blockId: string): AskButton[] {
  return (blocks as { block_id?: string; elements?: AskButton[]; accessory?: AskButton }[])
    .filter((b) => b.block_id === blockId || b.block_id?.startsWith(`${blockId}_`))
    .flatMap((b) => b.elements ?? (b.accessory ? [b.accessory] : []));
}

type FeedbackButton = { text: { type: string; text: string }; value: string; accessibility_label?: string };
export type FeedbackButtons = {
  type: string;
  action_id: string;
  positive_button: FeedbackButton;
  negative_button: FeedbackButton;
};
/** The feedback buttons in an answer's context_actions block; undefined when it has none. */
export function feedbackButtons(blocks: unknown): FeedbackButtons | undefined {
  return (blocks as { type?: string; elements?: FeedbackButtons[] }[])
    .filter((b) => b.type === 'context_actions')
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.type === 'feedback_buttons');
}

/** The action of a block_actions payload as Slack sends it for a click on one of those buttons. */
export function feedbackClick(buttons: FeedbackButtons, vote: 'positive' | 'negative', blockId = 'feedback') {
  const button = vote === 'positive' ? buttons.positive_button : buttons.negative_button;
  return {
    type: 'feedback_buttons',
    action_id: buttons.action_id,
    block_id: blockId,
    value: button.value,
    text: button.text,
    action_ts: '1',
  };
}

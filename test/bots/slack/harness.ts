/** The service with the Slack adapter mounted over HTTP, a fake Slack, and helpers that send signed requests. */
import { slackAdapters } from '../../../bots/slack/index';
import { type Running, startService } from '../../service/helpers';
import { FakeSlack, SIGNING_SECRET, sign } from './fake-slack';

export interface SlackHarness {
  slack: FakeSlack;
  s: Running;
  post(body: string, type: string, headers?: Record<string, string>): Promise<Response>;
  postJson(obj: unknown, headers?: Record<string, string>): Promise<Response>;
  postForm(fields: Record<string, string>): Promise<Response>;
  interact(payload: unknown): Promise<Response>;
  stop(): Promise<void>;
}

export async function startSlackHarness(env: Record<string, string> = {}): Promise<SlackHarness> {
  const slack = new FakeSlack();
  await slack.start();
  const s = await startService({
    WATCH_KNOWLEDGE: 'false',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    ...env,
  });
  for (const a of slackAdapters(s.service)) await a.start();
  const post = (body: string, type: string, headers: Record<string, string> = sign(body)) =>
    fetch(`${s.url}/slack/events`, { method: 'POST', headers: { 'content-type': type, ...headers }, body });
  const postJson = (obj: unknown, headers?: Record<string, string>) => {
    const body = JSON.stringify(obj);
    return post(body, 'application/json', headers ?? sign(body));
  };
  const postForm = (fields: Record<string, string>) => post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
  return {
    slack,
    s,
    post,
    postJson,
    postForm,
    interact: (payload) => postForm({ payload: JSON.stringify(payload) }),
    stop: async () => {
      await s.stop();
      await slack.stop();
    },
  };
}

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeSlack, SIGNING_SECRET, sign } from '../bots/slack/fake-slack';
import { ROOT } from '../helpers';
import { freshDatabase } from '../pg/databases';
import { onPostgres } from '../store/backends';

const SECRETS = {
  CONSOLE_TOKEN: 'console-secret-token-0123456789',
  SLACK_BOT_TOKEN: 'xoxb-secret-bot-token-987654',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
  MicrosoftAppPassword: 'teams-app-password-secret-42',
  MicrosoftAppTenantId: '99999999-8888-7777-6666-555555555555',
  LOG_SALT: 'log-salt-secret-value-77-0123456789',
};
/** In the "postgres" project: the database URL carries a password (the test server ignores it: trust on loopback). */
const DB_PASSWORD = 'pg-password-secret-31';
const RAW_USER = 'URAWUSER4242';
const PERSONNUMMER = '19850312-1234';

describe('secrets in the log of a full run', () => {
  it('never prints a token, secret, password, raw user id or unredacted personal data', async () => {
    const slack = new FakeSlack();
    await slack.start();
    const db = join(mkdtempSync(join(tmpdir(), 'faktabot-secrets-')), 'faktabot.db');
    const pg = onPostgres ? { DATABASE_URL: (await freshDatabase()).replace('faktabot@', `faktabot:${DB_PASSWORD}@`) } : {};
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'bots', 'main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        DATABASE_PATH: db,
        WATCH_KNOWLEDGE: 'false',
        LOG_LEVEL: 'debug',
        SLACK_API_URL: slack.apiUrl,
        ...SECRETS,
        ...pg,
      },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start:\n${output}`)), 10_000);
        const poll = setInterval(() => {
          const m = /"url":"(http:\/\/[^"]+)"/.exec(output);
          if (m && output.includes('teams: listening')) {
            clearTimeout(timer);
            clearInterval(poll);
            resolve(m[1] as string);
          }
        }, 20);
      });
      // Slack: a mention with personal data, a bad signature.
      const event = JSON.stringify({
        type: 'event_callback',
        event_id: 'EvSecret1',
        team_id: 'T1',
        event: {
          type: 'app_mention',
          user: RAW_USER,
          text: `<@UBOT> Vad är FVM? Mitt personnummer är ${PERSONNUMMER}`,
          ts: '1.1',
          channel: 'C1',
        },
        authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
      });
      expect(
        (
          await fetch(`${url}/slack/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...sign(event) },
            body: event,
          })
        ).status,
      ).toBe(200);
      await slack.waitFor('chat.postMessage');
      await fetch(`${url}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...sign(event, undefined, 'wrong') },
        body: event,
      });
      // Console: wrong and right sign-in, a question with personal data, a bearer request.
      await fetch(`${url}/console/api/login`, { method: 'POST', body: JSON.stringify({ token: 'wrong-wrong-wrong-wrong' }) });
      await fetch(`${url}/console/api/login`, { method: 'POST', body: JSON.stringify({ token: SECRETS.CONSOLE_TOKEN }) });
      await fetch(`${url}/console/api/ask`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SECRETS.CONSOLE_TOKEN}` },
        body: JSON.stringify({ question: `ring mig på 070-123 45 67, ${PERSONNUMMER}` }),
      });
      // Teams with an app id: unauthenticated and forged requests.
      for (const authorization of ['', `Bearer ${SECRETS.MicrosoftAppPassword}`]) {
        const r = await fetch(`${url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({
            type: 'message',
            text: 'hej',
            serviceUrl: slack.url,
            channelId: 'msteams',
            from: { id: RAW_USER },
            conversation: { id: 'c' },
            recipient: { id: 'b' },
          }),
        });
        expect(r.status).toBe(401);
      }
      await fetch(`${url}/metrics`);
    } finally {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
      await slack.stop();
    }
    expect(output).toContain('faktabot stopped');
    for (const [name, secret] of Object.entries(SECRETS)) expect(output.includes(secret), `${name} in the log`).toBe(false);
    expect(output.includes(DB_PASSWORD), 'the database password in the log').toBe(false);
    if (onPostgres) expect(output).toContain('"dialect":"postgres"');
    expect(output).not.toContain(RAW_USER);
    expect(output).not.toContain(PERSONNUMMER);
    expect(output).not.toContain('070-123 45 67');
  });
});

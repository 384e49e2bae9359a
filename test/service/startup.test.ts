/**
 * What a newcomer meets at `npm start`: every setting checked before anything listens, names that look like ours,
 * a port in use, a second process on one SQLite file, a start from another folder. Spawns the built service.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers';

const MAIN = join(ROOT, 'dist', 'bots', 'main.js');
const dataDir = () => mkdtempSync(join(tmpdir(), 'faktabot-startup-'));
const env = (extra: Record<string, string>) => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  PORT: '0',
  WATCH_KNOWLEDGE: 'false',
  DATABASE_PATH: join(dataDir(), 'db.sqlite'),
  ...extra,
});
const run = (extra: Record<string, string>, cwd = ROOT) =>
  spawnSync(process.execPath, [MAIN], { cwd, env: env(extra), encoding: 'utf8', timeout: 20_000 });

/** Starts the service and resolves with its listening line and the process, to be killed by the test. */
function start(extra: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env: env(extra) });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<{ url: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not listening:\n${out}`)), 15_000);
    child.stdout.on('data', () => {
      const line = out.split('\n').find((l) => l.includes('"faktabot listening"'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
  });
  return { child, listening, exited, output: () => out };
}

describe('settings are checked before anything listens', () => {
  it('refuses a Slack bot token without its signing secret with exit 78, the config message, and no listening line', () => {
    const r = run({ SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('faktabot: config: 1 problem(s), the service does not start:');
    expect(r.stderr).toContain('  - slack: SLACK_SIGNING_SECRET is missing');
    expect(r.stdout).not.toContain('listening');
  });

  it('refuses a Teams app id that is no GUID the same way', () => {
    const r = run({ MicrosoftAppId: 'my-bot', MicrosoftAppPassword: 'x', MicrosoftAppTenantId: 't' });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('  - teams: MicrosoftAppId must be the Azure Bot registration id (a GUID)');
    expect(r.stdout).not.toContain('listening');
  });
});

describe('environment names that look like ours but are not', () => {
  it("warns once per name at start, naming the right one, and not on other programs' names", async () => {
    const s = start({ MICROSOFT_APP_ID: 'x', SLACK_BOT_TOKN: 'xoxb-1', Port: '1', npm_config_cache: '/tmp', HOSTNAME: 'box' });
    await s.listening;
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    const warnings = s
      .output()
      .split('\n')
      .filter((l) => l.includes('"level":"warn"'))
      .map((l) => JSON.parse(l).msg as string);
    expect(warnings.sort()).toEqual([
      'MICROSOFT_APP_ID is not a Faktabot setting and is ignored; did you mean MicrosoftAppId?',
      'Port is not a Faktabot setting and is ignored; did you mean PORT?',
      'SLACK_BOT_TOKN is not a Faktabot setting and is ignored; did you mean SLACK_BOT_TOKEN?',
    ]);
  });
});

describe('a port in use', () => {
  it('says which port, what uses it and what to do', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const r = run({ PORT: String(port) });
      expect(r.status).toBe(1);
      expect(r.stdout).toContain(
        `port ${port} on 127.0.0.1 is already in use: another Faktabot or another program listens on it; stop that one, or set PORT to a free port`,
      );
    } finally {
      taken.close();
    }
  });
});

describe('two processes on one SQLite file', () => {
  it('refuses the second with a clear message, and the lock goes with the first', async () => {
    const db = join(dataDir(), 'shared.sqlite');
    const first = start({ DATABASE_PATH: db });
    await first.listening;
    const second = run({ DATABASE_PATH: db });
    expect(second.status).toBe(75);
    expect(second.stderr).toContain(`faktabot: store: the database ${db} is in use by another Faktabot (pid ${first.child.pid})`);
    expect(second.stdout).not.toContain('listening');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(`${db}.lock`)).toBe(false);
  });

  it('takes over a lock left by a process that is gone', async () => {
    const db = join(dataDir(), 'stale.sqlite');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${db}.lock`, `${dead.stdout}\n`);
    const s = start({ DATABASE_PATH: db });
    await s.listening;
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });
});

describe('started from another folder', () => {
  it('says where it looked for the knowledge and which setting points to it, and exits non-zero', () => {
    const elsewhere = dataDir();
    const r = run({}, elsewhere);
    expect(r.status).toBe(78);
    expect(r.stderr).toContain(`KNOWLEDGE_DIR="./knowledge": no knowledge folder at ${join(elsewhere, 'knowledge')}`);
    expect(r.stderr).toContain('set KNOWLEDGE_DIR to the folder with faq.yaml');
    expect(r.stdout).not.toContain('keeps serving');
    expect(r.stdout).not.toContain('listening');
  });
});

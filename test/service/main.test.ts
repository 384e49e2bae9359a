import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers';

// The built entry point, as `npm start` runs it (npm test builds first).
const MAIN = join(ROOT, 'dist', 'bots', 'main.js');
const env = (extra: Record<string, string>) => ({
  PATH: process.env.PATH ?? '',
  DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'faktabot-main-')), 'db.sqlite'),
  ...extra,
});

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} in:\n${buffer}`)), 10_000);
    child.stdout?.on('data', (d: Buffer) => {
      buffer += d.toString();
      const line = buffer.split('\n').find((l) => pattern.test(l));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    });
  });
}

describe('npm start (the service process)', () => {
  it('starts on embedded defaults, answers, and stops cleanly on SIGTERM with exit 0', async () => {
    const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env: env({ PORT: '0', WATCH_KNOWLEDGE: 'false' }) });
    const output: string[] = [];
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    const listening = JSON.parse(await waitForLine(child, /faktabot listening/));
    const health = await fetch(`${listening.url}/healthz`);
    expect(health.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output.join('')).toContain('"msg":"faktabot stopped"');
  });

  it('refuses to start on a malformed setting and says why', () => {
    const r = spawnSync(process.execPath, [MAIN], { cwd: ROOT, env: env({ PORT: 'http', LOG_RETENTION_DAYS: '-1' }), encoding: 'utf8' });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('PORT="http" must be a whole number');
    expect(r.stderr).toContain('LOG_RETENTION_DAYS="-1"');
  });

  it('refuses to start on invalid knowledge, naming file:line', () => {
    const r = spawnSync(process.execPath, [MAIN], {
      cwd: ROOT,
      env: env({ PORT: '0', KNOWLEDGE_DIR: join(ROOT, 'test') }),
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('faktabot could not start');
    expect(r.stdout).toContain('innehåller ingen kunskap');
  });
});

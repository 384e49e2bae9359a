import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database = require('better-sqlite3');

import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers';
import { onPostgres } from '../store/backends';

const MAIN = join(ROOT, 'dist', 'bots', 'main.js');

// SQLite's WAL; on PostgreSQL the same is tested with two replicas in test/replicas/replicas.test.ts.
describe.skipIf(onPostgres)('crash safety (SQLite)', () => {
  it('keeps every acknowledged question when the service is killed with SIGKILL mid-burst', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'faktabot-crash-')), 'faktabot.db');
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: '0', DATABASE_PATH: db, WATCH_KNOWLEDGE: 'false', LOG_LEVEL: 'info' },
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`service did not start:\n${out}`)), 10_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1] as string);
        }
      });
    });

    // Keep 8 console questions in flight at a time; kill the process once 150 have been acknowledged.
    const acknowledged: { id: number; question: string }[] = [];
    let n = 0;
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const question = `Vad är FVM? fråga nummer ${n++}`;
        try {
          const r = await fetch(`${url}/console/api/ask`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ question }),
          });
          const body = (await r.json()) as { questionId?: number };
          if (r.status === 200 && typeof body.questionId === 'number') acknowledged.push({ id: body.questionId, question });
          if (acknowledged.length >= 150 && !killed) {
            killed = true;
            child.kill('SIGKILL');
          }
        } catch {
          return; // the connection dies with the process
        }
      }
    };
    const exited = new Promise<string | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(await exited).toBe('SIGKILL');

    const after = new Database(db);
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = new Map(
      (after.prepare('SELECT id, question FROM questions').all() as { id: number; question: string }[]).map((r) => [r.id, r.question]),
    );
    for (const a of acknowledged) expect(rows.get(a.id), `question ${a.id}`).toBe(a.question);
    expect(rows.size).toBeGreaterThanOrEqual(acknowledged.length);
    after.close();
  });
});

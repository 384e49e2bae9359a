/**
 * Service processes as production runs them: `node dist/bots/main.js` (what `npm start` runs after building), each
 * with its own port and the given settings, the output kept for the test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../src/paths';
import { freePort } from '../pg/cluster';

export interface Replica {
  port: number;
  url: string;
  output: string[];
  process: ChildProcess;
  /** SIGKILL: a crash, no graceful stop. */
  kill(): void;
  stop(): Promise<void>;
}

/** `ready`: the log line that says the replica is up (by default: the Teams adapter in local mode is listening). */
export async function startReplica(env: Record<string, string>, ready = 'teams: listening'): Promise<Replica> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(repoRoot(), 'dist', 'bots', 'main.js')], {
    cwd: repoRoot(),
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', TEAMS_LOCAL: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`replica exited with ${child.exitCode}:\n${output.join('')}`);
    try {
      // Up, and the chat adapters mounted (they start right after the HTTP server).
      if ((await fetch(`${url}/healthz`)).status === 200 && output.join('').includes(ready)) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`replica did not start:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port,
    url,
    output,
    process: child,
    kill: () => child.kill('SIGKILL'),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Microsoft's own Teams client for the tests: the Microsoft 365 Agents Playground (npm
 * @microsoft/m365agentsplayground), started on loopback against the bot's /api/messages, with telemetry off and a
 * preload (no-network.cjs) that refuses and records every connection off this machine; and a Chromium page on it
 * that reaches nothing but loopback (host-resolver rules, and every other request aborted).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../../helpers';
import { freePort } from '../../pg/cluster';

const CLI = join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');

export interface Playground {
  url: string;
  /** Everything the playground process printed. */
  output: string[];
  /** Connections and look-ups off this machine it tried (refused). */
  offMachine(): string[];
  stop(): Promise<void>;
}

export async function startPlayground(appEndpoint: string): Promise<Playground> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'faktabot-playground-'));
  const networkLog = join(dir, 'network.log');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      join(ROOT, 'test', 'bots', 'teams', 'no-network.cjs'),
      CLI,
      '--app-endpoint',
      appEndpoint,
      '--channel-id',
      'msteams',
      '--port',
      String(port),
      '--disable-telemetry',
    ],
    {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        TEAMSAPPTESTER_BROWSER: 'none',
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
        NO_NETWORK_LOG: networkLog,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const deadline = Date.now() + 30_000;
  while (!output.join('').includes(`Listening on ${port}`)) {
    if (child.exitCode !== null) throw new Error(`the Agents Playground exited:\n${output.join('')}`);
    if (Date.now() > deadline) throw new Error(`the Agents Playground did not start:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}/`,
    output,
    offMachine: () => {
      try {
        return readFileSync(networkLog, 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Aborts every request of the page that is not to loopback, and lists them (the page works without its CDN fonts). */
export async function loopbackOnly(page: Page): Promise<string[]> {
  const aborted: string[] = [];
  await page.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1' || host === 'localhost') return route.continue();
    aborted.push(new URL(route.request().url()).host);
    return route.abort();
  });
  return aborted;
}

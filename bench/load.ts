/**
 * `npm run bench:load`: drives signed Slack events and Teams activities at a fixed rate against a running service
 * (spawned here, with fake Slack and connector servers), on loopback only, bounded in count and time. Reports
 * throughput, p50/p99 acknowledgement latency, errors, answers delivered, the service's CPU time per request and its
 * memory over time.
 *   LOAD_RPS (default 200), LOAD_SECONDS (default 60)
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../src/paths';
import { FakeSlack, SIGNING_SECRET, sign } from '../test/bots/slack/fake-slack';
import { activity, FakeConnector } from '../test/bots/teams/fake-connector';

const QUESTIONS = [
  'Varför blev IVA-modulerna optioner?',
  'Vad är FVM?',
  'Ska IVA dokumentera i Millennium?',
  'Vad upphandlas istället?',
  'hur manga system ersatter millenium',
  'Vem gjorde riskanalysen?',
  'Hur byter jag lösenord?',
];

/** CPU time (user + system) a process has used so far, in ms: unlike latency, it hardly moves with the neighbours. */
function cpuMs(pid: number): number {
  // /proc/<pid>/stat: the command may contain spaces, so count fields after its closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks of 1/100 s
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const rps = Number(process.env.LOAD_RPS ?? 200);
  const seconds = Number(process.env.LOAD_SECONDS ?? 60);
  if (!(rps > 0 && rps <= 2000 && seconds > 0 && seconds <= 600)) throw new Error('LOAD_RPS must be 1..2000 and LOAD_SECONDS 1..600');
  const slack = new FakeSlack();
  const connector = new FakeConnector();
  await Promise.all([slack.start(), connector.start()]);
  const child = spawn(process.execPath, [join(repoRoot(), 'dist', 'bots', 'main.js')], {
    cwd: repoRoot(),
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      DATABASE_PATH: join(tmpdir(), `faktabot-load-${process.pid}.db`),
      WATCH_KNOWLEDGE: 'false',
      LOG_LEVEL: 'info', // as in production: a JSON line per request
      SLACK_BOT_TOKEN: 'xoxb-load',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let portFound = false;
  child.stdout.on('data', (d: Buffer) => {
    if (!portFound) out += d.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('service did not start')), 15_000);
    const poll = setInterval(() => {
      const m = /"url":"http:\/\/[^:]+:(\d+)"/.exec(out);
      if (m && out.includes('teams: listening')) {
        portFound = true;
        clearInterval(poll);
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    }, 20);
  }).catch(async () => {
    child.kill();
    throw new Error(`service did not start:\n${out}`);
  });

  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const post = (path: string, body: string, headers: Record<string, string>) =>
    new Promise<{ status: number; error?: string }>((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) => resolve({ status: 0, error: e.code ?? e.message }));
      req.end(body);
    });

  const latencies: number[] = [];
  const memory: { t: number; rss: number }[] = [{ t: 0, rss: rssMb(child.pid as number) }];
  let errors = 0;
  const errorKinds = new Map<string, number>();
  let sent = 0;
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  const cpuStart = cpuMs(child.pid as number);
  const total = rps * seconds;
  const memTimer = setInterval(
    () => memory.push({ t: Math.round((performance.now() - start) / 1000), rss: rssMb(child.pid as number) }),
    5000,
  );
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rps;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const q = QUESTIONS[i % QUESTIONS.length] as string;
    const user = `U${i % 2000}`; // 2,000 users: about 6 questions a minute each, under the per-user limit
    let path: string;
    let body: string;
    let headers: Record<string, string> = {};
    if (i % 2 === 0) {
      path = '/slack/events';
      body = JSON.stringify({
        type: 'event_callback',
        event_id: `EvLoad${i}`,
        team_id: 'T1',
        event: { type: 'app_mention', user, text: `<@UBOT> ${q}`, ts: `${i}.1`, channel: 'C1' },
        authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
      });
      headers = sign(body);
    } else {
      path = '/api/messages';
      body = JSON.stringify(activity(connector.url, { text: q, from: { id: `29:${user}`, aadObjectId: `aad-${user}` } }));
    }
    const t0 = performance.now();
    sent++;
    inflight.push(
      post(path, body, headers).then(({ status, error }) => {
        latencies.push(performance.now() - t0);
        if (status < 200 || status >= 300) {
          errors++;
          const kind = error ?? `HTTP ${status} on ${path}`;
          errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
        }
      }),
    );
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - start) / 1000;
  clearInterval(memTimer);
  if (memory.at(-1)?.t !== Math.round(elapsed)) memory.push({ t: Math.round(elapsed), rss: rssMb(child.pid as number) });
  await new Promise((r) => setTimeout(r, 1000));
  const delivered = slack.of('chat.postMessage').length + connector.sent.length;
  const cpuPerRequest = (cpuMs(child.pid as number) - cpuStart) / Math.max(1, sent);
  child.kill('SIGTERM');
  agent.destroy();
  await Promise.all([slack.stop(), connector.stop()]);

  const p50 = quantile(latencies, 0.5);
  const p99 = quantile(latencies, 0.99);
  const rows = [
    ['target rate', `${rps} req/s for ${seconds} s`],
    ['requests sent', String(sent)],
    ['throughput', `${(sent / elapsed).toFixed(1)} req/s`],
    ['ack latency p50', `${p50.toFixed(2)} ms`],
    ['ack latency p99', `${p99.toFixed(2)} ms`],
    ['errors (non-2xx or failed)', errors ? `${errors} (${[...errorKinds].map(([k, n]) => `${k}: ${n}`).join(', ')})` : '0'],
    ['answers delivered to Slack/Teams', `${delivered} of ${sent}`],
    ['service CPU per request (user + system)', `${cpuPerRequest.toFixed(2)} ms`],
    ['service RSS start → end', `${memory[0]?.rss.toFixed(0)} MB → ${memory.at(-1)?.rss.toFixed(0)} MB`],
  ];
  process.stdout.write(
    `### Load (signed Slack events and Teams activities, loopback, ${new Date().toISOString().slice(0, 10)})\n\n| measure | value |\n| --- | --- |\n`,
  );
  for (const [k, v] of rows) process.stdout.write(`| ${k} | ${v} |\n`);
  process.stdout.write(`\nService RSS over time (s: MB): ${memory.map((m) => `${m.t}: ${m.rss.toFixed(0)}`).join(', ')}\n`);
  // Flat memory: after the warm-up (the first sixth of the run, at least 5 s), the highest resident size in the last
  // third of the samples may be at most 15 % above the highest in the middle third. Peaks, not means: the heap grows
  // and shrinks in a saw-tooth as the collector runs, and a leak shows as peaks that keep rising.
  const warm = memory.filter((m) => m.t >= Math.max(5, seconds / 6)).map((m) => m.rss);
  const third = Math.floor(warm.length / 3);
  const growth =
    third >= 2 ? Math.max(...warm.slice(warm.length - third)) / Math.max(...warm.slice(third, warm.length - third)) - 1 : Number.NaN;
  const checks: [string, boolean][] = [
    [`${rps} req/s sustained`, sent / elapsed >= rps * 0.95],
    [`p99 ${p99.toFixed(0)} ms < 100 ms`, p99 < 100],
    [`${errors} errors`, errors === 0],
    [
      `memory after warm-up ${Number.isNaN(growth) ? 'not measured (run too short)' : `${growth >= 0 ? '+' : ''}${(100 * growth).toFixed(0)} %`}`,
      growth <= 0.15,
    ],
  ];
  const asTarget = rps >= 200 && seconds >= 60;
  process.stdout.write(
    `Targets (200 req/s for 60 s${asTarget ? '' : `; this run was ${rps} req/s for ${seconds} s, so it does not show them`}): ${checks
      .map(([label, ok]) => `${label}: ${ok ? 'met' : 'NOT met'}`)
      .join('; ')}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:load: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});

/**
 * `npm run bench:load`: drives signed Slack events and Teams activities at a fixed rate against running services
 * (spawned here, with fake Slack and connector servers), on loopback only, bounded in count and time. Reports
 * throughput, p50/p99 acknowledgement latency, errors, answers delivered, the services' CPU time per request and
 * memory over time, for two set-ups measured in the same run, one after the other:
 *   single    one process on SQLite (the default deployment)
 *   replicas  two processes on one PostgreSQL behind a round-robin balancer (test/replicas/proxy.ts); PostgreSQL is
 *             DATABASE_URL_BENCH, else a throwaway cluster (test/pg/cluster.ts), else this mode is skipped, saying so
 *   LOAD_RPS (default 200), LOAD_SECONDS (default 60, per mode), LOAD_MODE (both | single | replicas; default both),
 *   LOAD_WARMUP_SECONDS (default 5: load at the same rate before measuring, not counted)
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../src/paths';
import { FakeSlack, SIGNING_SECRET, sign } from '../test/bots/slack/fake-slack';
import { activity, FakeConnector } from '../test/bots/teams/fake-connector';
import { type Cluster, createDatabase, startCluster } from '../test/pg/cluster';
import { type Replica, startReplica } from '../test/replicas/replica';

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

/** A reading of a process that may have ended meanwhile: 0 then. */
function gone0(read: () => number): number {
  try {
    return read();
  } catch {
    return 0;
  }
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
}

interface Setup {
  name: string;
  replicas: Replica[];
  /** The balancer's process, whose CPU is reported on its own. */
  balancerPid?: number;
  /** PostgreSQL's processes, when this run started the server (its CPU is then measured too). */
  databasePids?: () => number[];
  port: number;
  stop(): Promise<void>;
}

const baseEnv = (slack: FakeSlack) => ({
  WATCH_KNOWLEDGE: 'false',
  LOG_LEVEL: 'info', // as in production: a JSON line per request
  SLACK_BOT_TOKEN: 'xoxb-load',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: slack.apiUrl,
  // The load generator (or the balancer in front of the replicas) is one client address with up to 128 connections.
  MAX_CONNECTIONS_PER_CLIENT: '0',
});

async function single(slack: FakeSlack): Promise<Setup> {
  const r = await startReplica({ ...baseEnv(slack), DATABASE_PATH: join(tmpdir(), `faktabot-load-${process.pid}-${Date.now()}.db`) });
  return { name: 'one process, SQLite', replicas: [r], port: r.port, stop: () => r.stop() };
}

async function replicas(slack: FakeSlack, databaseUrl: string, databasePids?: () => number[]): Promise<Setup> {
  // A database of its own for this run.
  const url = await createDatabase(databaseUrl, 'faktabot_load');
  const env = { ...baseEnv(slack), DATABASE_URL: url, LOG_SALT: randomBytes(32).toString('hex') };
  const started = await Promise.all([startReplica(env), startReplica(env)]);
  // The balancer in a process of its own, as a real one is: in this process it would share the load generator's
  // event loop and add its delays to every measured latency.
  const proxy = join(repoRoot(), 'dist', 'test', 'replicas', 'proxy.js');
  if (!existsSync(proxy)) {
    await Promise.all(started.map((r) => r.stop()));
    throw new Error(`the balancer ${proxy} is missing (npm run build makes it)`);
  }
  const balancer = spawn(process.execPath, [proxy, ...started.map((r) => String(r.port))], { stdio: ['ignore', 'pipe', 'inherit'] });
  const balancerUrl = await new Promise<string>((resolve, reject) => {
    balancer.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
    balancer.once('exit', (code) => reject(new Error(`balancer exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => balancer.once('exit', () => resolve()));
  return {
    name: 'two replicas, PostgreSQL, round-robin balancer',
    replicas: started,
    balancerPid: balancer.pid,
    databasePids,
    port: Number(new URL(balancerUrl).port),
    stop: async () => {
      balancer.kill('SIGTERM');
      await exited;
      await Promise.all(started.map((r) => r.stop()));
    },
  };
}

async function main(): Promise<void> {
  const rps = Number(process.env.LOAD_RPS ?? 200);
  const seconds = Number(process.env.LOAD_SECONDS ?? 60);
  const mode = process.env.LOAD_MODE ?? 'both';
  const warmup = Number(process.env.LOAD_WARMUP_SECONDS ?? 5);
  if (!(warmup >= 0 && warmup <= 120)) throw new Error('LOAD_WARMUP_SECONDS must be 0..120');
  if (!(rps > 0 && rps <= 2000 && seconds > 0 && seconds <= 600)) throw new Error('LOAD_RPS must be 1..2000 and LOAD_SECONDS 1..600');
  if (!['both', 'single', 'replicas'].includes(mode)) throw new Error('LOAD_MODE must be both, single or replicas');
  process.stdout.write(`### Load (signed Slack events and Teams activities, loopback, ${new Date().toISOString().slice(0, 10)})\n\n`);
  const results: Result[] = [];
  if (mode !== 'replicas') results.push(await measure(rps, seconds, warmup, (slack) => single(slack)));
  if (mode !== 'single') {
    let cluster: Cluster | undefined;
    let url = process.env.DATABASE_URL_BENCH;
    try {
      if (!url) {
        try {
          cluster = await startCluster();
        } catch (e) {
          // Only here is PostgreSQL itself what is missing; every other failure says what it is.
          throw new Error(`${(e as Error).message}; or set DATABASE_URL_BENCH to a running server`);
        }
        url = cluster.url;
      }
      const databaseUrl = url;
      results.push(await measure(rps, seconds, warmup, (slack) => replicas(slack, databaseUrl, cluster?.pids)));
    } catch (e) {
      process.stdout.write(`Two-replica mode skipped: ${(e as Error).message}\n\n`);
    } finally {
      cluster?.stop();
    }
  }
  const rows: [string, (r: Result) => string][] = [
    ['target rate', () => `${rps} req/s for ${seconds} s (after ${warmup} s of warm-up)`],
    ['requests sent', (r) => String(r.sent)],
    ['throughput', (r) => `${r.throughput.toFixed(1)} req/s`],
    ['ack latency p50', (r) => `${r.p50.toFixed(2)} ms`],
    ['ack latency p99', (r) => `${r.p99.toFixed(2)} ms`],
    ['errors (non-2xx or failed)', (r) => r.errors],
    ['answers delivered to Slack/Teams', (r) => `${r.delivered} of ${r.sent}`],
    ['service CPU per request (user + system, all replicas)', (r) => `${r.cpuPerRequest.toFixed(2)} ms`],
    ['balancer CPU per request', (r) => (r.balancerCpuPerRequest === undefined ? '–' : `${r.balancerCpuPerRequest.toFixed(2)} ms`)],
    [
      'PostgreSQL CPU per request (all its processes)',
      (r) => (r.databaseCpuPerRequest === undefined ? '–' : `${r.databaseCpuPerRequest.toFixed(2)} ms`),
    ],
    ['service RSS start → end (per replica)', (r) => r.rss],
  ];
  process.stdout.write(`| measure | ${results.map((r) => r.name).join(' | ')} |\n| --- |${results.map(() => ' --- |').join('')}\n`);
  for (const [label, value] of rows) process.stdout.write(`| ${label} | ${results.map(value).join(' | ')} |\n`);
  process.stdout.write('\n');
  for (const r of results) process.stdout.write(`${r.name}: RSS over time (s: MB): ${r.memory}\n${r.targets}\n\n`);
  if (results.length === 2) {
    const [a, b] = results as [Result, Result];
    process.stdout.write(
      `Ratios (replicas / single, same run): p50 ${(b.p50 / a.p50).toFixed(2)}×, p99 ${(b.p99 / a.p99).toFixed(2)}×, CPU per request ${(b.cpuPerRequest / a.cpuPerRequest).toFixed(2)}× (PostgreSQL's own CPU not included)\n`,
    );
  }
}

interface Result {
  name: string;
  sent: number;
  throughput: number;
  p50: number;
  p99: number;
  errors: string;
  delivered: number;
  cpuPerRequest: number;
  databaseCpuPerRequest?: number;
  balancerCpuPerRequest?: number;
  rss: string;
  memory: string;
  targets: string;
}

async function measure(rps: number, seconds: number, warmupSeconds: number, setUp: (slack: FakeSlack) => Promise<Setup>): Promise<Result> {
  const slack = new FakeSlack();
  const connector = new FakeConnector();
  await Promise.all([slack.start(), connector.start()]);
  const setup = await setUp(slack);
  const port = setup.port;
  const pids = setup.replicas.map((r) => r.process.pid as number);
  const cpuAll = () => pids.reduce((n, pid) => n + cpuMs(pid), 0);
  // PostgreSQL starts and ends backends as connections come and go: the CPU of processes that ended is lost, so
  // this is a lower bound (the pools keep their connections, so it is close).
  const databaseCpu = () => setup.databasePids?.().reduce((n, pid) => n + gone0(() => cpuMs(pid)), 0);
  const rssAll = () => Math.max(...pids.map(rssMb));

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

  /** Request `i`: a signed Slack mention (even) or a Teams message (odd), from one of 2,000 users. */
  const send = (i: number) => {
    const q = QUESTIONS[i % QUESTIONS.length] as string;
    const user = `U${i % 2000}`; // 2,000 users: about 6 questions a minute each, under the per-user limit
    if (i % 2 === 0) {
      const body = JSON.stringify({
        type: 'event_callback',
        event_id: `EvLoad${i}`,
        team_id: 'T1',
        event: { type: 'app_mention', user, text: `<@UBOT> ${q}`, ts: `${i}.1`, channel: 'C1' },
        authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
      });
      return { path: '/slack/events', done: post('/slack/events', body, sign(body)) };
    }
    const body = JSON.stringify(activity(connector.url, { text: q, from: { id: `29:${user}`, aadObjectId: `aad-${user}` } }));
    return { path: '/api/messages', done: post('/api/messages', body, {}) };
  };
  /** Sends `count` requests at the target rate, numbered from `first`; `onDone` gets each one's outcome. */
  const drive = async (count: number, first: number, onDone: (path: string, ms: number, status: number, error?: string) => void) => {
    const inflight: Promise<void>[] = [];
    const begin = performance.now();
    for (let i = 0; i < count; i++) {
      const wait = begin + (i * 1000) / rps - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const t0 = performance.now();
      const { path, done } = send(first + i);
      inflight.push(done.then(({ status, error }) => onDone(path, performance.now() - t0, status, error)));
    }
    await Promise.all(inflight);
  };
  // Warm-up, not measured: new processes compile their hot code and open their database connections first, as a
  // replica does once after a deploy; what is compared is the steady state.
  await drive(rps * warmupSeconds, 10_000_000, () => undefined);
  await new Promise((r) => setTimeout(r, 1000)); // the warm-up's last replies reach the fakes
  const deliveredBefore = slack.of('chat.postMessage').length + connector.sent.length;

  const latencies: number[] = [];
  const memory: { t: number; rss: number }[] = [{ t: 0, rss: rssAll() }];
  let errors = 0;
  const errorKinds = new Map<string, number>();
  const start = performance.now();
  const cpuStart = cpuAll();
  const databaseCpuStart = databaseCpu();
  const balancerCpu = () => (setup.balancerPid === undefined ? undefined : gone0(() => cpuMs(setup.balancerPid as number)));
  const balancerCpuStart = balancerCpu();
  const sent = rps * seconds;
  const memTimer = setInterval(() => memory.push({ t: Math.round((performance.now() - start) / 1000), rss: rssAll() }), 5000);
  await drive(sent, 0, (path, ms, status, error) => {
    latencies.push(ms);
    if (status < 200 || status >= 300) {
      errors++;
      const kind = error ?? `HTTP ${status} on ${path}`;
      errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
    }
  });
  const elapsed = (performance.now() - start) / 1000;
  clearInterval(memTimer);
  if (memory.at(-1)?.t !== Math.round(elapsed)) memory.push({ t: Math.round(elapsed), rss: rssAll() });
  await new Promise((r) => setTimeout(r, 1000));
  const delivered = slack.of('chat.postMessage').length + connector.sent.length - deliveredBefore;
  const cpuPerRequest = (cpuAll() - cpuStart) / Math.max(1, sent);
  const databaseCpuEnd = databaseCpu();
  const balancerCpuEnd = balancerCpu();
  const balancerCpuPerRequest =
    balancerCpuStart === undefined || balancerCpuEnd === undefined ? undefined : (balancerCpuEnd - balancerCpuStart) / Math.max(1, sent);
  const databaseCpuPerRequest =
    databaseCpuStart === undefined || databaseCpuEnd === undefined ? undefined : (databaseCpuEnd - databaseCpuStart) / Math.max(1, sent);
  agent.destroy();
  await setup.stop();
  await Promise.all([slack.stop(), connector.stop()]);

  const p50 = quantile(latencies, 0.5);
  const p99 = quantile(latencies, 0.99);
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
  return {
    name: setup.name,
    sent,
    throughput: sent / elapsed,
    p50,
    p99,
    errors: errors ? `${errors} (${[...errorKinds].map(([k, n]) => `${k}: ${n}`).join(', ')})` : '0',
    delivered,
    cpuPerRequest,
    databaseCpuPerRequest,
    balancerCpuPerRequest,
    rss: `${memory[0]?.rss.toFixed(0)} MB → ${memory.at(-1)?.rss.toFixed(0)} MB`,
    memory: memory.map((m) => `${m.t}: ${m.rss.toFixed(0)}`).join(', '),
    targets: `Targets (200 req/s for 60 s${asTarget ? '' : `; this run was ${rps} req/s for ${seconds} s, so it does not show them`}): ${checks
      .map(([label, ok]) => `${label}: ${ok ? 'met' : 'NOT met'}`)
      .join('; ')}`,
  };
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:load: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});

/**
 * A fake Slack for tests, on loopback: the Web API (auth.test, chat.postMessage, chat.postEphemeral, views.publish,
 * users.info, apps.connections.open, and any other method answered with ok), response_url posts, and a Socket Mode
 * WebSocket. Records every call.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface Call {
  method: string;
  body: Record<string, unknown>;
}

export class FakeSlack {
  readonly calls: Call[] = [];
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  socket: WebSocket | undefined;
  readonly acks: string[] = [];
  /** Web API methods whose next call answers only after this many milliseconds. */
  readonly delayNext = new Map<string, number>();
  /** Web API methods (or response/<id> paths) that fail next: an error, a rate limit, or an HTTP status (response_url). */
  readonly failNext = new Map<string, { error: string } | { rateLimit: number } | { httpStatus: number }>();
  /** users.info answers: the profile's display name and full name by user id. */
  readonly profiles = new Map<string, { display_name?: string; real_name?: string }>();
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const body = parse(raw, req.headers['content-type'] ?? '');
        const path = req.url ?? '';
        const method = path.startsWith('/api/') ? path.slice(5).split('?')[0]! : path.slice(1);
        const delay = this.delayNext.get(method);
        if (delay) {
          this.delayNext.delete(method);
          setTimeout(() => this.reply(method, body, res), delay);
          return;
        }
        this.reply(method, body, res);
      });
    });
    this.wss = new WebSocketServer({ server: this.server, path: '/socket' });
    this.wss.on('connection', (ws) => {
      this.socket = ws;
      ws.on('message', (m) => {
        const msg = JSON.parse(m.toString()) as { envelope_id?: string };
        if (msg.envelope_id) this.acks.push(msg.envelope_id);
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { approximate_connection_time: 3600 } }));
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private reply(method: string, body: Record<string, unknown>, res: ServerResponse): void {
    const fail = this.failNext.get(method);
    if (fail) {
      this.failNext.delete(method);
      if ('httpStatus' in fail) {
        this.calls.push({ method: `${method} (failed)`, body });
        res.writeHead(fail.httpStatus, { 'content-type': 'text/plain' });
        res.end('channel_not_found');
        return;
      }
      if ('rateLimit' in fail) {
        res.writeHead(429, { 'retry-after': String(fail.rateLimit), 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      this.calls.push({ method: `${method} (failed)`, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: fail.error }));
      return;
    }
    this.calls.push({ method, body });
    const reply: Record<string, unknown> = { ok: true };
    if (method === 'auth.test') Object.assign(reply, { user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'faktabot' });
    if (method === 'chat.postMessage') Object.assign(reply, { ts: `${Date.now() / 1000}`, channel: body.channel });
    if (method === 'chat.postEphemeral') Object.assign(reply, { message_ts: '1.1' });
    if (method === 'users.info') {
      // A user without a set profile has neither name filled in, as a new account may.
      const profile = this.profiles.get(String(body.user)) ?? { display_name: '', real_name: '' };
      Object.assign(reply, { user: { id: body.user, name: 'handle', real_name: profile.real_name ?? '', profile } });
    }
    if (method === 'apps.connections.open') Object.assign(reply, { url: `${this.url.replace('http', 'ws')}/socket` });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply));
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }

  of(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves when `count` calls of `method` have been recorded. */
  async waitFor(method: string, count = 1, ms = 5000): Promise<Call[]> {
    const deadline = Date.now() + ms;
    while (this.of(method).length < count) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${count} × ${method}; got: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.of(method);
  }

  /** Resolves with the first call of `method` that satisfies `match`. */
  async waitForCall(method: string, match: (c: Call) => boolean, ms = 5000): Promise<Call> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.of(method).find(match);
      if (hit) return hit;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for a matching ${method}; got: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    for (const c of this.wss?.clients ?? []) c.terminate();
    this.wss?.close();
    await new Promise<void>((r) => {
      this.server?.close(() => r());
      this.server?.closeAllConnections();
    });
  }
}

function parse(raw: string, type: string): Record<string, unknown> {
  if (!raw) return {};
  if (type.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const form = Object.fromEntries(new URLSearchParams(raw)) as Record<string, unknown>;
  for (const k of ['blocks', 'view', 'attachments', 'prompts', 'loading_messages'])
    if (typeof form[k] === 'string') form[k] = JSON.parse(form[k] as string);
  return form;
}

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

/** Signs a body as Slack does: v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}"). */
export function sign(body: string, timestamp = Math.floor(Date.now() / 1000), secret = SIGNING_SECRET): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) };
}

/** A fake Bot Framework connector (the serviceUrl) on loopback: records every activity the bot sends. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Sent {
  method: string;
  path: string;
  activity: Record<string, unknown>;
}

export class FakeConnector {
  readonly sent: Sent[] = [];
  readonly authHeaders: (string | undefined)[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        this.authHeaders.push(req.headers.authorization);
        this.sent.push({
          method: req.method ?? '',
          path: req.url ?? '',
          activity: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `reply-${this.sent.length}` }));
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async waitFor(count: number, ms = 5000): Promise<Sent[]> {
    const deadline = Date.now() + ms;
    while (this.sent.length < count) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} activities; got ${this.sent.length}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.sent;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => {
      this.server?.close(() => r());
      this.server?.closeAllConnections();
    });
  }
}

let seq = 0;
/** A Bot Framework activity as Teams sends it. */
export function activity(serviceUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return {
    type: 'message',
    id: `act-${seq}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:user-1', aadObjectId: '00000000-0000-0000-0000-0000000000aa', name: 'Anna' },
    recipient: { id: '28:faktabot', name: 'Faktabot' },
    conversation: { id: 'a:personal-conv', conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    locale: 'sv-SE',
    ...overrides,
  };
}

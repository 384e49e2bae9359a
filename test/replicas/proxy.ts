/**
 * A tiny loopback load balancer for the replica tests and the two-replica load bench: each request goes to the next
 * backend in turn (round robin per request, not per connection). A backend that refuses the connection is marked
 * down for a while and the request goes to the next one, as a load balancer with passive health checks does; a
 * request already sent to a backend that then dies gets a 502 (the client was never answered, so nothing was
 * acknowledged). No Forwarded headers are added: to the service it is a local client, like a TCP balancer.
 */
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  url: string;
  /** Requests per backend port, for the tests to check the spread. */
  served: Map<number, number>;
  stop(): Promise<void>;
}

export async function startProxy(ports: number[]): Promise<Balancer> {
  let next = 0;
  const downUntil = new Map<number, number>();
  const served = new Map<number, number>();
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const pick = (skip: Set<number>): number | undefined => {
    for (let i = 0; i < ports.length; i++) {
      const port = ports[next++ % ports.length] as number;
      if (!skip.has(port) && (downUntil.get(port) ?? 0) <= Date.now()) return port;
    }
    return undefined;
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const tried = new Set<number>();
      const attempt = () => {
        const port = pick(tried);
        if (port === undefined) {
          res.writeHead(502, { 'content-type': 'text/plain' }).end('no backend');
          return;
        }
        tried.add(port);
        let sent = false;
        const out = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
          served.set(port, (served.get(port) ?? 0) + 1);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        out.on('socket', (socket) => {
          if (!socket.connecting) sent = true;
          else socket.once('connect', () => (sent = true));
        });
        out.on('error', (e: NodeJS.ErrnoException) => {
          // Refused (or a pooled socket found dead before anything was answered): this backend is down, try another.
          if (!res.headersSent && (e.code === 'ECONNREFUSED' || (!sent && e.code === 'ECONNRESET'))) {
            downUntil.set(port, Date.now() + 2000);
            return attempt();
          }
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('backend failed');
          else res.destroy();
        });
        out.end(body);
      };
      attempt();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    stop: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Standalone, for the load bench (a process of its own, so it does not share the load generator's event loop):
 * `node proxy.js <port> <port> …` prints the balancer's URL on its first line. */
if (require.main === module) {
  startProxy(process.argv.slice(2).map(Number)).then(
    (b) => process.stdout.write(`${b.url}\n`),
    (e: unknown) => {
      process.stderr.write(`proxy: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}

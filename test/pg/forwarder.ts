/**
 * A TCP forwarder to the test PostgreSQL that can cut the line: `cut()` drops every open connection and refuses
 * new ones (accepted, then closed at once), `restore()` lets them through again. What a service sees when the
 * database server restarts or the network between them fails.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface Forwarder {
  /** The database URL through the forwarder. */
  url: string;
  cut(): void;
  restore(): void;
  stop(): Promise<void>;
}

export async function startForwarder(databaseUrl: string): Promise<Forwarder> {
  const target = new URL(databaseUrl);
  const open = new Set<Socket>();
  let up = true;
  const server = createServer((client) => {
    if (!up) return void client.destroy();
    const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
    open.add(client);
    open.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(databaseUrl);
  url.port = String((server.address() as { port: number }).port);
  return {
    url: url.toString(),
    cut: () => {
      up = false;
      for (const s of open) s.destroy();
      open.clear();
    },
    restore: () => {
      up = true;
    },
    stop: async () => {
      up = false;
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * At most MAX_CONNECTIONS_PER_CLIENT open connections per client address. The server-wide cap (MAX_CONNECTIONS)
 * keeps the process alive under a flood, but one client holding slow or idle sockets could take every slot, and with
 * them Slack, Teams and the health probes. A connection over its address's share is closed on arrival, before a
 * byte of it is read, so the other addresses keep theirs.
 *
 * A trusted proxy (TRUST_PROXY) is not capped: every client behind it arrives from its address, so the proxy has
 * to cap and time out clients itself (docs/operations.md). Loopback is capped like any address: a proxy on the same
 * machine belongs in TRUST_PROXY, and a local probe is then never behind a flood from elsewhere.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ClientCapOptions {
  /** Open connections one address may hold; 0 turns the cap off. */
  perClient: number;
  /** Addresses exempt from the cap (the trusted proxies). */
  exempt: (address: string | undefined) => boolean;
  /** Told when a connection is closed for being over the cap; never given the address. */
  onRefused?: () => void;
}

/** Applies the cap to `server`'s connections from now on. */
export function capConnectionsPerClient(server: Server, options: ClientCapOptions): void {
  if (options.perClient <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const raw = socket.remoteAddress;
    if (!raw || options.exempt(raw)) return;
    // An IPv4 client of a dual-stack listener arrives as ::ffff:a.b.c.d: the same client either way.
    const address = raw.startsWith('::ffff:') ? raw.slice(7) : raw;
    const held = open.get(address) ?? 0;
    if (held >= options.perClient) {
      socket.destroy();
      options.onRefused?.();
      return;
    }
    open.set(address, held + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

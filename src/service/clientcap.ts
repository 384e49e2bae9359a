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
import { MINUTE_MS } from '../limits';
import type { Logger } from './logger';

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

/** Share of MAX_CONNECTIONS from which idle connections are closed as new ones arrive. */
const IDLE_CLOSE_SHARE = 0.9;

/**
 * The service's connection limits on its server: the cap per client address (warned about at most once a minute,
 * without the address), and near MAX_CONNECTIONS idle keep-alive connections are closed, so that a client holding
 * many idle sockets cannot keep Slack, Teams and the probes out.
 */
export function limitConnections(
  server: Server,
  limits: { maxConnections: number; maxConnectionsPerClient: number },
  trustedProxy: (address: string | undefined) => boolean,
  log: Logger,
): void {
  let lastWarning = 0;
  capConnectionsPerClient(server, {
    perClient: limits.maxConnectionsPerClient,
    exempt: trustedProxy,
    onRefused: () => {
      if (Date.now() - lastWarning < MINUTE_MS) return;
      lastWarning = Date.now();
      log.warn('connections over MAX_CONNECTIONS_PER_CLIENT from one client address were closed on arrival');
    },
  });
  let open = 0;
  server.on('connection', (socket: Socket) => {
    open++;
    socket.once('close', () => open--);
    if (open >= Math.max(1, Math.floor(limits.maxConnections * IDLE_CLOSE_SHARE))) server.closeIdleConnections();
  });
}

/**
 * Who may reach what, decided in one place:
 * - Host names: the console and the local (unauthenticated) Teams mode answer only requests addressed to a known
 *   host name (loopback names, the HOST setting when it is a specific address, PUBLIC_URL's host). A web page the
 *   operator visits cannot reach them through DNS rebinding, where the browser sends the attacker's host name.
 * - Origin: a state-changing console call that carries an Origin must come from one of the service's own origins
 *   (scheme, host and port): PUBLIC_URL's, or http on the listening port under one of the names it answers to
 *   directly. Another port or scheme on the same host is another site (a second web app there, an http page).
 * - Local clients: a request is local only when it comes from loopback, not from a trusted proxy (TRUST_PROXY), and
 *   carries no Forwarded/X-Forwarded-For header: behind a reverse proxy on the same machine every client would
 *   otherwise look local. A service reachable from elsewhere (PUBLIC_URL, a non-loopback HOST) needs CONSOLE_TOKEN.
 * - Client addresses: from a trusted proxy, the address it forwards (Fastify's trustProxy); else the socket's.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { type Config, isLoopback } from './config';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** The host names this service answers to (lower case, without port or brackets). */
export function allowedHosts(config: Pick<Config, 'host' | 'publicUrl'>): Set<string> {
  const hosts = new Set(LOOPBACK_NAMES);
  if (config.host && !['0.0.0.0', '::', '*'].includes(config.host)) hosts.add(hostName(config.host));
  if (config.publicUrl) hosts.add(hostName(config.publicUrl.hostname));
  return hosts;
}

/** "Example.se:3978" -> "example.se", "[::1]:80" -> "::1". */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.indexOf(':');
  return colon >= 0 && h.indexOf(':', colon + 1) < 0 ? h.slice(0, colon) : h;
}

export function hostAllowed(headers: IncomingHttpHeaders, allowed: Set<string>): boolean {
  const host = headers.host;
  return typeof host === 'string' && allowed.has(hostName(host));
}

/**
 * The origins a browser shows when it talks to this service: PUBLIC_URL's (as the proxy serves it), and
 * `http://<name>:<port>` for every name the service answers to directly (the loopback names, a specific HOST) on
 * the port it listens on. Known once the server listens (PORT=0 picks a port then).
 */
export function allowedOrigins(config: Pick<Config, 'host' | 'publicUrl'>, port: number): Set<string> {
  const origins = new Set<string>();
  const direct = allowedHosts({ host: config.host, publicUrl: undefined });
  for (const name of direct) origins.add(new URL(`http://${isIP(name) === 6 ? `[${name}]` : name}:${port}`).origin);
  if (config.publicUrl) origins.add(config.publicUrl.origin);
  return origins;
}

/** True when there is no Origin header, or it is one of the service's own origins (scheme, host and port). */
export function originAllowed(headers: IncomingHttpHeaders, origins: ReadonlySet<string>): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  try {
    return origins.has(new URL(String(origin)).origin);
  } catch {
    return false;
  }
}

export function forwarded(headers: IncomingHttpHeaders): boolean {
  return headers.forwarded !== undefined || headers['x-forwarded-for'] !== undefined;
}

/** A test of whether an address is one of the trusted proxies (TRUST_PROXY: IPs and CIDR ranges). */
export function proxyList(entries: readonly string[]): (address: string | undefined) => boolean {
  if (!entries.length) return () => false;
  const list = new BlockList();
  for (const entry of entries) {
    const [ip, bits] = entry.split('/') as [string, string | undefined];
    const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, Number(bits), type);
  }
  return (address) => {
    if (!address) return false;
    const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
    const type = isIP(v4) === 6 ? 'ipv6' : 'ipv4';
    return isIP(v4) !== 0 && list.check(v4, type);
  };
}

/** From this machine, not from or through a proxy, and addressed to a known host name. */
export function localClient(
  remoteAddress: string | undefined,
  headers: IncomingHttpHeaders,
  allowed: Set<string>,
  trustedProxy: (address: string | undefined) => boolean = () => false,
): boolean {
  return isLoopback(remoteAddress) && !trustedProxy(remoteAddress) && !forwarded(headers) && hostAllowed(headers, allowed);
}

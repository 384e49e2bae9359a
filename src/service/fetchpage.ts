/**
 * Fetches a page for the console's *Sidor* by the address a communicator gives. The service makes the request from
 * inside the region's network, so the address is an attack surface (server-side request forgery): only http and
 * https, only hosts on the operator's allow-list (IMPORT_ALLOWED_HOSTS), never a host name that resolves to a
 * loopback, private, link-local or otherwise internal address (checked on the address actually connected to, so a
 * name that changes its answer between check and use gains nothing), every redirect held to the same rules, one
 * deadline for the whole fetch and a cap on the bytes read.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { HttpError } from './http';
import { HTTP_MESSAGES } from './messages';

export interface FetchPageOptions {
  /** Host names (each with its subdomains) and IP addresses the service may fetch from. */
  allowedHosts: readonly string[];
  /** For the whole fetch, redirects included. */
  timeoutMs: number;
  maxBytes: number;
}

export interface FetchedPage {
  bytes: Buffer;
  /** The address the bytes came from, after redirects. */
  url: string;
  /** A file name the importer can tell the kind of document by: the address's own, or one from the content type. */
  fileName: string;
}

/** Redirects followed before giving up: a site's own moves take one or two. */
const MAX_REDIRECTS = 5;

/** Addresses no fetch may connect to by a host name: the machine itself and networks that are not the internet. */
const INTERNAL = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const)
  INTERNAL.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 127],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  INTERNAL.addSubnet(net, bits, 'ipv6');

/** True for an address that is not on the public internet (an IPv4-mapped IPv6 address is read as its IPv4). */
export function isInternalAddress(address: string): boolean {
  const a = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a)?.[1];
  if (mapped) return INTERNAL.check(mapped, 'ipv4');
  if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(a)) return true;
  const family = isIP(a);
  if (family === 0) return true;
  return INTERNAL.check(a, family === 4 ? 'ipv4' : 'ipv6');
}

/** The host as the allow-list is written: lower case, an IPv6 address without its brackets, no trailing dot. */
const hostOf = (url: URL) =>
  url.hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');

/** A host name is allowed when it is an entry or a subdomain of one; an IP address only when listed itself. */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  if (isIP(host)) return allowed.includes(host);
  return allowed.some((a) => !isIP(a) && (host === a || host.endsWith(`.${a}`)));
}

/** The address as a URL the rules accept, or a 4xx in Swedish. */
function checkedUrl(address: string | URL, allowed: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new HttpError(400, HTTP_MESSAGES.importAddress);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HttpError(400, HTTP_MESSAGES.importAddress);
  if (url.username || url.password) throw new HttpError(400, HTTP_MESSAGES.importAddress);
  if (!hostAllowed(hostOf(url), allowed)) throw new HttpError(422, HTTP_MESSAGES.importHostNotAllowed(hostOf(url), allowed));
  return url;
}

/** DNS, but a name that resolves to any internal address fails with the refusal: the request never connects. */
const publicLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    if (!addresses.length || addresses.some((a) => isInternalAddress(a.address)))
      return callback(new HttpError(422, HTTP_MESSAGES.importInternal), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0] as LookupAddress;
    callback(null, first.address, first.family);
  });
};

/** The kind of document by content type, for an address whose path does not say it. */
const BY_TYPE: Record<string, string> = {
  'text/html': 'sida.html',
  'application/xhtml+xml': 'sida.html',
  'application/pdf': 'dokument.pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'dokument.docx',
};

function fileNameFor(url: URL, contentType: string | undefined): string {
  const last = decodeURIComponent(url.pathname.split('/').at(-1) ?? '').replace(/[^\p{L}\p{N}._-]/gu, '');
  if (/\.(html?|pdf|docx)$/i.test(last)) return last;
  return BY_TYPE[(contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''] ?? (last || 'sida');
}

/**
 * Fetches `address` under the rules above. Throws HttpError (4xx, Swedish) for an address the rules refuse, a page
 * that does not answer in time, answers with an error or is too large.
 */
export async function fetchPage(address: string, options: FetchPageOptions): Promise<FetchedPage> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs);
  try {
    let url = checkedUrl(address, options.allowedHosts);
    for (let hop = 0; ; hop++) {
      const res = await get(url, abort.signal);
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (hop >= MAX_REDIRECTS) throw new HttpError(422, HTTP_MESSAGES.importTooManyRedirects);
        url = checkedUrl(new URL(res.headers.location, url), options.allowedHosts);
        continue;
      }
      if (status < 200 || status >= 300) {
        res.resume();
        throw new HttpError(422, HTTP_MESSAGES.importFetchStatus(status));
      }
      const bytes = await body(res, options.maxBytes);
      return { bytes, url: url.href, fileName: fileNameFor(url, res.headers['content-type']) };
    }
  } catch (e) {
    // The lookup's refusal reaches here as the request's error, or inside the error of a connection that tried
    // several addresses.
    const refusal = [e, (e as { cause?: unknown }).cause, ...((e as { errors?: unknown[] }).errors ?? [])].find(
      (x) => x instanceof HttpError,
    );
    if (refusal) throw refusal;
    if (abort.signal.aborted) throw new HttpError(422, HTTP_MESSAGES.importTimeout);
    throw new HttpError(422, HTTP_MESSAGES.importUnreachable);
  } finally {
    clearTimeout(timer);
  }
}

function get(url: URL, signal: AbortSignal): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'GET', signal, lookup: publicLookup, headers: { 'user-agent': 'Faktabot', accept: '*/*' } },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

/** The response's bytes, refused as soon as they pass `max` (by its Content-Length, or while reading). */
function body(res: IncomingMessage, max: number): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, HTTP_MESSAGES.importFetchTooLarge(max));
  if (Number(res.headers['content-length']) > max) {
    res.destroy();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        res.destroy();
        reject(tooLarge());
      } else chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
  });
}

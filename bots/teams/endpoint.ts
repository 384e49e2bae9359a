/**
 * POST /api/messages: one Bot Framework activity per request, through the CloudAdapter. Authenticated requests are
 * checked as botbuilder does (401 without a valid token). Local mode has no token, so it answers with the console's
 * rules (JSON only, no foreign Origin, a known host name, not through a proxy) and replies only to a serviceUrl on
 * a loopback IP address or exactly "localhost".
 */
import type { Activity, TurnContext } from 'botbuilder';
import { isLoopback } from '../../src/index';
import { type AdapterHandler, type AdapterHost, HttpError, jsonObject } from '../../src/service/main';
import { REQUEST_ID } from './bot';
import type { ServiceAdapter } from './connector';

/** jsonwebtoken's errors for a token that is malformed, badly signed, not yet valid or expired. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);
/** A failure to verify tokens is the operator's to know, at most this often. */
const KEY_WARNING_MS = 60_000;

export interface Endpoint {
  adapter: ServiceAdapter;
  /** The bot's turn logic. */
  run(context: TurnContext): Promise<void>;
  /** The Azure Bot registration id; undefined in local mode. */
  appId: string | undefined;
  host: Pick<AdapterHost, 'log' | 'sameOrigin'>;
}

export function teamsEndpoint({ adapter, run, appId, host }: Endpoint): AdapterHandler {
  const authFailed = keyWarnings(host.log);
  return async (req, res) => {
    if (req.method !== 'POST') throw new HttpError(405, 'Använd POST.');
    if (!appId) {
      // Local mode has no token: the console's rules keep a web page the operator visits from driving it.
      if (!req.local) throw new HttpError(403, 'Lokalt läge svarar bara på den här datorn.');
      if (!host.sameOrigin(req.headers)) throw new HttpError(403, 'Förfrågan kommer från en annan webbplats och nekas.');
      if (!/^application\/json\s*(;|$)/i.test(String(req.headers['content-type'] ?? '')))
        throw new HttpError(415, 'Skicka aktiviteten som JSON (Content-Type: application/json).');
    }
    const body = jsonObject(req.body);
    if (typeof body.type !== 'string') throw new HttpError(400, 'Ingen Bot Framework-aktivitet (fältet "type" saknas).');
    // Local mode has no token: the reply would go wherever the activity's serviceUrl points. Only this machine.
    if (!appId && !loopbackUrl(body.serviceUrl))
      throw new HttpError(403, 'Lokalt läge svarar bara till den här datorn (serviceUrl på 127.0.0.1 eller localhost).');
    const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    let ran = false;
    try {
      const invoke = await adapter.run(authorization, body as unknown as Activity, async (context) => {
        ran = true;
        context.turnState.set(REQUEST_ID, req.requestId);
        await run(context);
      });
      res.send(invoke?.status ?? 200, (invoke?.body as object | string | undefined) ?? undefined);
    } catch (e) {
      if (ran) throw e;
      if (!appId) throw new HttpError(400, 'Faktabot kunde inte tolka aktiviteten.');
      authFailed(e, req.requestId);
      res.send(401);
    }
  };
}

/**
 * A failure to verify a token because the signing keys cannot be fetched is the operator's to know (a warning
 * with its cause, at most once a minute); a forged, expired or missing token is the sender's problem (401, one
 * line at debug). A token signed by a key other than the one it names fails in jsonwebtoken itself, whose error
 * botbuilder passes on without a status.
 */
function keyWarnings(log: AdapterHost['log']): (e: unknown, requestId: string) => void {
  let lastKeyWarning = 0;
  return (e, requestId) => {
    const err = e as { statusCode?: number; message?: string; name?: string };
    if (err.statusCode === 401 || TOKEN_ERRORS.has(err.name ?? '')) {
      log.debug('teams: request not authenticated', { requestId, reason: err.message });
      return;
    }
    if (Date.now() - lastKeyWarning > KEY_WARNING_MS) {
      lastKeyWarning = Date.now();
      log.warn('teams: could not verify a request token (are the Bot Framework signing keys reachable?)', {
        requestId,
        cause: err.message,
      });
    }
  };
}

/**
 * True for an http(s) URL whose host is a loopback IP address (127.0.0.0/8, ::1) or exactly "localhost" (local
 * mode replies only there). A name that merely starts like one ("127.0.0.1.evil.example") is not.
 */
export function loopbackUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    // isLoopback takes only an IP literal or exactly "localhost".
    return isLoopback(url.hostname.replace(/^\[|\]$/g, ''));
  } catch {
    return false;
  }
}

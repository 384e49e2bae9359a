/**
 * A Bolt receiver mounted on the service's HTTP server at /slack/events: it verifies every request's signature
 * (and rejects stale ones, > 5 minutes), answers url_verification, acks within Slack's 3 seconds, drops a retried
 * event it or another replica has already handled, so a retry never answers twice, and drops a replayed request
 * (the same signature and timestamp again), so a captured form submission, button or command acts once.
 */
import { type App, isValidSlackRequest, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { AdapterReply, AdapterRequest, Logger } from '../../src/service/main';

export interface ServiceReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** Injected clock, for signature-age checks in tests. */
  now?: () => number;
  /**
   * True the first time an event id is seen by any replica (the service's shared store); a retry that reaches
   * another replica is then acked and dropped there. Without it, this process remembers event ids itself.
   */
  claim?: (eventId: string) => Promise<boolean>;
  /**
   * True the first time a signed request (timestamp and signature) is seen by any replica (the shared store); a
   * replay is then acked and dropped. Without it, this process remembers signatures itself.
   */
  claimRequest?: (timestamp: string, signature: string) => Promise<boolean>;
}

/** How far a request's timestamp may be from now, either way (Slack's own rule is 5 minutes into the past). */
const MAX_SKEW_SECONDS = 5 * 60;
const SEEN_LIMIT = 10_000;
/** A Slack request signature exactly as Slack writes it: version 0 and an HMAC-SHA256 in lower-case hex. */
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

export class ServiceReceiver implements Receiver {
  private app: App | undefined;
  private readonly seen = new Map<string, number>();
  private lastReplayWarning = 0;

  constructor(private readonly options: ServiceReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** The route handler for POST /slack/events (the body arrives raw, for the signature). */
  handle = async (req: AdapterRequest, res: AdapterReply): Promise<void> => {
    const reply = (status: number, body = '', type = 'text/plain; charset=utf-8') => res.send(status, body, { 'content-type': type });
    if (req.method !== 'POST') return reply(405, 'Method Not Allowed');
    const raw = req.body.toString('utf8');
    const signature = header(req, 'x-slack-signature');
    const timestamp = Number(header(req, 'x-slack-request-timestamp'));
    const now = (this.options.now ?? Date.now)();
    // Bolt refuses stale requests; one from the future is refused the same way (a replay window either way).
    const fresh = Number.isFinite(timestamp) && Math.abs(now / 1000 - timestamp) <= MAX_SKEW_SECONDS;
    // Only the exact form Slack sends: Bolt's check reads the first two "="-parts of the header and ignores the rest, so
    // "v0=<hex>=1" would pass it and, as another key, pass the replay claim too.
    const valid =
      !!signature &&
      SIGNATURE.test(signature) &&
      fresh &&
      isValidSlackRequest({
        signingSecret: this.options.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: now,
      });
    if (!valid) return reply(401, 'Unauthorized');

    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, header(req, 'content-type'));
    } catch {
      return reply(400, 'Bad Request');
    }
    if (body.type === 'url_verification') return reply(200, JSON.stringify({ challenge: body.challenge }), 'application/json');
    if (body.ssl_check) return reply(200);

    const eventId = typeof body.event_id === 'string' ? body.event_id : undefined;
    const retryNum = Number(header(req, 'x-slack-retry-num')) || undefined;
    if (eventId && !(await this.first(eventId))) {
      this.options.logger.info('slack retry of a handled event ignored', { eventId, retryNum });
      return reply(200);
    }
    // Every other effect of a request (a form, a button, a command; an event is claimed by its id above, which also
    // catches Slack's retries, whether re-signed or not) happens once per signature: a replay within the five minutes
    // the signature is valid gets 200 and does nothing.
    if (!(await this.firstRequest(String(timestamp), signature))) {
      if (Date.now() - this.lastReplayWarning > 60_000) {
        this.lastReplayWarning = Date.now();
        this.options.logger.warn('slack: a replayed request was ignored (the same signature and timestamp as one already handled)', {
          type: typeof body.type === 'string' ? body.type.slice(0, 40) : undefined,
        });
      }
      return reply(200);
    }

    if (!this.app) return reply(503, 'Slack app not ready');
    let acked = false;
    const ack = async (response?: unknown) => {
      if (acked) return;
      acked = true;
      if (response === undefined || response === null || response === '') reply(200);
      else if (typeof response === 'string') reply(200, response);
      else reply(200, JSON.stringify(response), 'application/json');
    };
    const event: ReceiverEvent = {
      body,
      ack,
      retryNum,
      retryReason: header(req, 'x-slack-retry-reason') || undefined,
      customProperties: {},
    };
    try {
      await this.app.processEvent(event);
    } catch (e) {
      this.options.logger.error('slack event failed', { error: (e as Error).message, type: body.type });
    }
    if (!acked) reply(200);
  };

  private async first(id: string): Promise<boolean> {
    if (this.seen.has(id)) return false;
    this.remember(id);
    return this.options.claim ? this.options.claim(id) : true;
  }

  private async firstRequest(timestamp: string, signature: string): Promise<boolean> {
    const key = `request:${timestamp}:${signature}`;
    if (this.seen.has(key)) return false;
    this.remember(key);
    return this.options.claimRequest ? this.options.claimRequest(timestamp, signature) : true;
  }

  private remember(id: string): void {
    this.seen.set(id, Date.now());
    if (this.seen.size > SEEN_LIMIT) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}

function header(req: AdapterRequest, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

/** Events come as JSON; commands and interactivity as form fields (interactivity in a JSON "payload" field). */
export function parseBody(raw: string, contentType: string): Record<string, unknown> {
  const object = (text: string): Record<string, unknown> => {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  };
  if (contentType.includes('application/x-www-form-urlencoded')) {
    const form = Object.fromEntries(new URLSearchParams(raw));
    return typeof form.payload === 'string' ? object(form.payload) : form;
  }
  return object(raw);
}

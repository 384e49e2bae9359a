/**
 * The HTTP vocabulary the service and the chat adapters share, independent of the framework underneath: a coded
 * error with a Swedish message, and the small request/reply pair through which an adapter (bots/slack, bots/teams)
 * handles its one endpoint on the raw body. Adapters never see Fastify, as bolt-js receivers never see Express.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { HttpError } from '../errors';
import { HTTP_MESSAGES } from './messages';

export { HttpError };

/** The `:id` of a route as a positive whole number; anything else is a 400 in Swedish. */
export function idParam(params: unknown): number {
  const id = Number((params as { id?: string } | undefined)?.id);
  if (!Number.isInteger(id) || id < 1) throw new HttpError(400, HTTP_MESSAGES.badId);
  return id;
}

/** One request to an adapter's endpoint: the raw body (for signatures) and what the service knows of the caller. */
export interface AdapterRequest {
  method: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as received (at most MAX_BODY_BYTES). */
  body: Buffer;
  requestId: string;
  /** From loopback, not through a proxy, and addressed to a known host name (see access.ts). */
  local: boolean;
}

export interface AdapterReply {
  /** Sends the response once; later calls are ignored (Slack acks early and keeps working). */
  send(status: number, body?: string | object, headers?: Record<string, string>): void;
  readonly sent: boolean;
}

export type AdapterHandler = (req: AdapterRequest, reply: AdapterReply) => Promise<void>;

/** Parses a JSON object body, or throws a 400 with a Swedish message. */
export function jsonObject(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8') || 'null');
  } catch {
    throw new HttpError(400, HTTP_MESSAGES.badJson);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, HTTP_MESSAGES.notAnObject);
  return value as Record<string, unknown>;
}

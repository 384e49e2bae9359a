/**
 * The chat platforms' endpoints (/slack/events, /api/messages). Their adapters (bots/slack, bots/teams) verify
 * signatures and tokens on the body exactly as received, so this scope does not parse bodies: every content type
 * arrives as raw bytes (at most MAX_BODY_BYTES, else 413). A path answers 404 until its adapter mounts a handler
 * in Service.routes (`handlers` here); the adapter sees only the small AdapterRequest/AdapterReply pair, never Fastify.
 */
import type { FastifyInstance } from 'fastify';
import { localClient } from '../access';
import { type AdapterHandler, type AdapterReply, HttpError } from '../http';
import { HTTP_MESSAGES } from '../messages';

export const ADAPTER_PATHS = ['/slack/events', '/api/messages'] as const;

export interface AdapterRouteDeps {
  /** Each adapter's handler by its exact path (Service.routes, where the adapters mount them). */
  handlers: Map<string, AdapterHandler>;
  hosts: Set<string>;
  /** TRUST_PROXY: a request from one of these is never local. */
  trustedProxy: (address: string | undefined) => boolean;
}

export function registerAdapterRoutes(app: FastifyInstance, { handlers, hosts, trustedProxy }: AdapterRouteDeps): void {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    for (const path of ADAPTER_PATHS) {
      scope.all(path, async (request, reply) => {
        const handler = handlers.get(path);
        if (!handler) throw new HttpError(404, HTTP_MESSAGES.notFound);
        let sent = false;
        const adapterReply: AdapterReply = {
          send(status, body, headers = {}) {
            if (sent || reply.sent) return;
            sent = true;
            reply.code(status).headers(headers);
            if (body === undefined || body === '') reply.send();
            else if (typeof body === 'string') {
              if (!headers['content-type']) reply.type('text/plain; charset=utf-8');
              reply.send(body);
            } else reply.send(body);
          },
          get sent() {
            return sent || reply.sent;
          },
        };
        try {
          await handler(
            {
              method: request.method,
              headers: request.headers,
              body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
              requestId: request.id,
              local: localClient(request.socket.remoteAddress, request.headers, hosts, trustedProxy),
            },
            adapterReply,
          );
        } catch (e) {
          // Before the reply is sent the error handler answers (4xx for HttpError); after it, only the log hears.
          if (!adapterReply.sent) throw e;
          request.log.error({ requestId: request.id, error: (e as Error).message }, 'adapter failed after replying');
        }
        if (!adapterReply.sent) adapterReply.send(200);
        return reply;
      });
    }
  });
}

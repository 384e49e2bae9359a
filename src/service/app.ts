/**
 * The Fastify instance with what every request gets: its deadlines, a request id (X-Request-Id), Swedish schema
 * errors, and one log line and one metrics observation per request, labelled by route pattern. Routes, the error
 * handler and the connection caps are added by server.ts.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { HEADERS_TIMEOUT_MS, KEEP_ALIVE_MS, REQUEST_TIMEOUT_MS, SECOND_MS } from '../limits';
import type { Config } from './config';
import { HttpError } from './http';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import { validationMessage } from './validation';

export function createApp(config: Config, log: Logger, metrics: Metrics): FastifyInstance {
  const app = Fastify({
    loggerInstance: log.pino as FastifyBaseLogger,
    // Requests are logged once, by route pattern, in onResponse below: a raw path can carry a personnummer.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.maxBodyBytes,
    // Node checks the header and request deadlines only this often (30 s by default): 1,500 trickling clients then
    // held their connections 33 s. Checked every second, a slow client is cut at the deadline.
    http: { connectionsCheckingInterval: SECOND_MS },
    // Behind TRUST_PROXY's proxies request.ip is the client the proxy names (the sign-in limit is keyed on it);
    // otherwise the socket's address, whatever X-Forwarded-For says.
    trustProxy: config.trustProxy.length ? config.trustProxy : false,
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_MS,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    // Bodies are validated as sent: "5" is not a number and "true" not a boolean.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    schemaErrorFormatter: (errors) => new HttpError(400, validationMessage(errors)),
  });
  app.server.headersTimeout = HEADERS_TIMEOUT_MS;
  app.server.maxConnections = config.maxConnections;

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    // Labels come from the fixed route table; anything else is "other", so /metrics cannot grow with random paths.
    const route = request.routeOptions.url ?? 'other';
    metrics.httpSeconds.observe({ route, status: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
    const fields = { requestId: request.id, method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    // Rejected requests (4xx, and 501 for invokes a bot does not implement) are not worth a line at info level.
    if ((reply.statusCode >= 400 && reply.statusCode < 500) || reply.statusCode === 501) log.debug('request rejected', fields);
    else log.info('request', fields);
  });
  return app;
}

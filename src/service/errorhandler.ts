/**
 * The one catch-all for every route: each error becomes a short Swedish `error` (messages.ts) with the right status,
 * and only what is not the client's doing is logged as a failure. Bad input is a 4xx, never a crash; a busy or
 * unreachable database is a 503 with Retry-After, so a proxy or a client knows to come back.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { isConnectionError, PoolBusyError } from '../store/sql';
import { TextRefused } from '../text/clean';
import { HttpError } from './http';
import type { Logger } from './logger';
import { HTTP_MESSAGES } from './messages';
import { validationMessage } from './validation';

export function installErrorHandler(app: FastifyInstance, log: Logger, maxBodyBytes: number): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (status: number, message: string) => reply.code(status).send({ error: message });
    if (error instanceof HttpError) return reply.code(error.status).send({ ...error.details, error: error.message });
    if (error instanceof TextRefused) return send(400, error.message);
    if (error instanceof PoolBusyError) {
      log.warn('request waited too long for a database connection (this replica is busy)', { requestId: request.id });
      return reply.code(503).header('retry-after', '1').send({ error: HTTP_MESSAGES.busy });
    }
    if (isConnectionError(error)) {
      log.warn('request needs the database, which is unreachable', { requestId: request.id, route: request.routeOptions.url });
      return reply.code(503).header('retry-after', '5').send({ error: HTTP_MESSAGES.databaseDown, requestId: request.id });
    }
    if (error.validation) return send(400, validationMessage(error.validation));
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        reply.header('connection', 'close');
        // A route may take more than the service's limit (an imported document): the message names the route's.
        return send(413, HTTP_MESSAGES.tooLarge(request.routeOptions.bodyLimit ?? maxBodyBytes));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(415, HTTP_MESSAGES.sendJson);
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return send(400, HTTP_MESSAGES.badJson);
    }
    if (error instanceof SyntaxError || (error.statusCode && error.statusCode >= 400 && error.statusCode < 500))
      return send(error.statusCode && error.statusCode !== 500 ? error.statusCode : 400, HTTP_MESSAGES.badRequest);
    log.error('request failed', { requestId: request.id, error });
    return reply.code(500).send({ error: HTTP_MESSAGES.failed, requestId: request.id });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: HTTP_MESSAGES.notFound }));
}

import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { GatewayMetrics } from './metrics.js';
import { type ErrorCode, ErrorCodes, errorBody } from './outcomes.js';
import { recordOf, sendError } from './request-record.js';

/** Maps an error fastify raised (body limit, content type, bad framing) or an unexpected one to a code. */
function codeOfError(err: FastifyError): ErrorCode {
  const status = err.statusCode ?? 500;
  if (status === 413) return 'body_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status >= 400 && status < 500) return 'bad_request';
  return 'internal_error';
}

/**
 * Coded JSON answers for 404 and for any error reaching fastify's error handler. A 5xx answer says only
 * "internal error"; the error itself goes to the log.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 'not_found'));
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const code = codeOfError(err);
    if (code === 'internal_error') request.log.error({ err }, 'unhandled error in request');
    else recordOf(request).detail = err.code ?? err.message;
    return sendError(request, reply, code);
  });
}

/**
 * Answers for requests Node's HTTP parser rejects before fastify sees them (request timeout, header overflow,
 * broken framing), in the same JSON shape, counted and logged.
 */
export function clientErrorHandler(logger: Logger, metrics: GatewayMetrics) {
  return (err: NodeJS.ErrnoException, socket: Socket): void => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const code: ErrorCode =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'request_timeout'
        : err.code === 'HPE_HEADER_OVERFLOW'
          ? 'headers_too_large'
          : 'bad_request';
    const { status, outcome } = ErrorCodes[code];
    metrics.requests.inc({ outcome });
    logger.info(
      { outcome, status, code, detail: err.code, ip: socket.remoteAddress },
      'webhook request refused by the HTTP parser',
    );
    if (socket.writable) {
      const body = JSON.stringify(errorBody(code));
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(err);
  };
}

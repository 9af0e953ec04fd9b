import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** A request id we take from the client or a proxy: short, printable, nothing to inject into a log line. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/**
 * The production logger: one JSON object per line on stdout (or `destination`),
 * with pino's level, time and pid. Nothing here logs headers, bodies or query
 * strings, where tokens, codes and links travel.
 */
export function createLogger(destination?: DestinationStream, level = 'info'): Logger {
  return pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

/**
 * Logs one line per request when its answer is complete: method, path (never
 * the query string), status, milliseconds and the request id. The id is the
 * client's `X-Request-Id` when it is sane, else a fresh UUID, and is echoed
 * back in the answer's `X-Request-Id` so a support request can quote it.
 */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const offered = c.req.header('x-request-id');
    const requestId = offered && SANE_REQUEST_ID.test(offered) ? offered : randomUUID();
    try {
      await next();
    } finally {
      c.header('x-request-id', requestId);
      const ms = Math.round((performance.now() - started) * 100) / 100;
      // Probes come every few seconds from a load balancer: kept out of the info stream.
      const level = c.req.path === '/healthz' || c.req.path === '/readyz' ? 'debug' : 'info';
      logger[level]({ reqId: requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms }, 'request');
    }
  };
}

import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { clipEcho } from '../domain/errors.ts';
import { logs, type Logger } from '../logger.ts';
import type { AppEnv } from './env.ts';
import { requestHeader } from './request-header.ts';
import type { StoreProvider } from './route-deps.ts';
import { isStatusPoll } from './admin-path.ts';

/**
 * The request's id for log lines: the client's `X-Request-Id` clipped as an echo is (`clipEcho`:
 * 100 characters and `…`, so a client cannot make every line it causes as long as its header),
 * else a fresh UUID, fixed on first use. A silent server that answers without an error never
 * asks, and so never draws a UUID. It is only logged, never sent back.
 */
export function requestIdOf(c: Context<AppEnv>): string {
  let id = c.get('requestId');
  if (id === undefined) {
    const sent = requestHeader(c, 'x-request-id');
    id = sent === undefined ? randomUUID() : clipEcho(sent);
    c.set('requestId', id);
  }
  return id;
}

/**
 * The outermost API middleware: gives the request its store (`c.get('store')`: the session's or the
 * shared one) and, at `info` and below, writes one access line per request once it is answered.
 * The line is built only when it is written: below `info` this is one `c.set` and no `await`.
 */
export function accessLog(deps: {
  storeFor: StoreProvider;
  logger: Logger;
}): MiddlewareHandler<AppEnv> {
  const { storeFor, logger } = deps;
  if (!logs(logger, 'info')) {
    return (c, next) => {
      c.set('store', storeFor(c));
      return next();
    };
  }
  return async (c, next) => {
    const started = performance.now();
    const id = requestIdOf(c);
    c.set('store', storeFor(c));
    await next();
    const op = c.get('operation')?.operationId ?? '-';
    const url = new URL(c.req.url);
    const line = `${c.req.method} ${url.pathname}${url.search} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms op=${op} id=${id}`;
    // The status page refreshes itself every 2 s: its polls are debug lines, not noise.
    if (isStatusPoll(c)) logger.debug(line);
    else logger.info(line);
  };
}

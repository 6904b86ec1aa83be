import type { Context, MiddlewareHandler, Next } from 'hono';
import { faultOf } from '../faults/fault-middleware.ts';
import { isAdminPath } from './admin-path.ts';
import type { AppEnv } from './env.ts';
import type { RequestLog } from './request-log.ts';
import { sessionOf } from './session-middleware.ts';

/**
 * Records every non-admin request in the ring, with what the client finally got. The arrival
 * time is kept as the clock's milliseconds and written out only when the log is read.
 */
export function requestLogger(log: RequestLog, nowMs: () => number): MiddlewareHandler<AppEnv> {
  return (c, next) => (isAdminPath(c.req.path) ? next() : logged(c, next, log, nowMs()));
}

async function logged(
  c: Context<AppEnv>,
  next: Next,
  log: RequestLog,
  time: number,
): Promise<void> {
  const started = performance.now();
  await next();
  const url = c.req.url;
  log.add({
    time,
    method: c.req.method,
    path: url.slice(url.indexOf('/', url.indexOf('//') + 2)),
    status: c.res.status,
    duration_ms: Math.round((performance.now() - started) * 10) / 10,
    operation_id: c.get('operation')?.operationId ?? null,
    session: sessionOf(c),
    fault: faultOf(c),
  });
}

import type { Context, MiddlewareHandler, Next } from 'hono';
import { faultOf } from '../faults/fault-middleware.ts';
import { isAdminPath } from './admin-path.ts';
import { afterNext } from './middleware-chain.ts';
import type { AppEnv } from './env.ts';
import type { RequestLog } from './request-log.ts';
import { sessionOf } from './session-middleware.ts';

/**
 * Records every API request in the ring, with what the client finally got: a path under one of
 * `apiPrefixes` (`/api/`, `/whisperer/`: where the served operations live), an unknown one there
 * included. What a browser asks for besides (`/favicon.ico`, `/robots.txt`) and the admin
 * namespace are left out. The arrival time is real time (not the mock's movable clock, so the
 * log stays in order after `PUT /__mock/clock`), kept as milliseconds and written out only when
 * the log is read.
 */
export function requestLogger(
  log: RequestLog,
  nowMs: () => number,
  apiPrefixes: readonly string[],
): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const path = c.req.path;
    if (isAdminPath(path) || !apiPrefixes.some((p) => path.startsWith(p))) return next();
    return logged(c, next, log, nowMs());
  };
}

/** The first segment of every operation's path (`/api/`, `/whisperer/`), once each. */
export function apiPrefixesOf(paths: Iterable<string>): string[] {
  const prefixes = new Set<string>();
  for (const path of paths) prefixes.add(path.slice(0, path.indexOf('/', 1) + 1) || path);
  return [...prefixes];
}

/** Runs the steps inside, then adds the entry: in the same tick when they finished in it. */
function logged(
  c: Context<AppEnv>,
  next: Next,
  log: RequestLog,
  time: number,
): Promise<void> {
  const started = performance.now();
  return afterNext(next(), () => {
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
  });
}

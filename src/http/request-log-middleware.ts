import type { Context, MiddlewareHandler } from 'hono';
import { faultOf } from '../faults/fault-middleware.ts';
import { isAdminPath } from './admin-path.ts';
import { hasDotSegment } from './dot-segments.ts';
import { DONE } from './middleware-chain.ts';
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
    if (isAdminPath(path) || !startsWithAny(path, apiPrefixes)) return next();
    const time = nowMs();
    const started = performance.now();
    const handed = next();
    // As `afterNext`, without a closure when the steps inside finished in this tick (a plain read).
    if (handed === DONE) {
      logged(c, log, time, started);
      return DONE;
    }
    return handed.then(() => logged(c, log, time, started));
  };
}

function startsWithAny(path: string, prefixes: readonly string[]): boolean {
  for (const p of prefixes) if (path.startsWith(p)) return true;
  return false;
}

/** The first segment of every operation's path (`/api/`, `/whisperer/`), once each. */
export function apiPrefixesOf(paths: Iterable<string>): string[] {
  const prefixes = new Set<string>();
  for (const path of paths) prefixes.add(path.slice(0, path.indexOf('/', 1) + 1) || path);
  return [...prefixes];
}

/** Adds the entry of a request the steps inside have answered. */
function logged(c: Context<AppEnv>, log: RequestLog, time: number, started: number): void {
  const url = c.req.url;
  const path = c.req.path;
  // A dot segment a raw client sent is routed as sent (dot-segments.ts), and logged so: the URL
  // has it resolved (`/api/%2e%2e/__mock/state` would read as `/__mock/state`).
  const target = hasDotSegment(path) ? path + querySearch(url) : url.slice(url.indexOf('/', url.indexOf('//') + 2));
  log.record(
    time,
    c.req.method,
    target,
    c.res.status,
    Math.round((performance.now() - started) * 10) / 10,
    c.get('operation')?.operationId ?? null,
    sessionOf(c),
    faultOf(c),
  );
}

/** A URL's `?…` part, or '' (no fragment reaches a server). */
function querySearch(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? '' : url.slice(q);
}

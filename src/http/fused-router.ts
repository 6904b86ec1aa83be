import type { Context, ErrorHandler, MiddlewareHandler, Next } from 'hono';
import type { Result, Router } from 'hono/router';
import { hasDotSegment } from './dot-segments.ts';
import type { AppEnv } from './env.ts';
import { openChains, runSteps } from './middleware-chain.ts';
import { SegmentRouter } from './segment-router.ts';

/** What Hono's base stores per route in its router: the handler and the route it came from. */
type Entry = [MiddlewareHandler<AppEnv>, unknown];

/** Hono's words when no step answered (its `compose` path throws them to `onError`). */
const NOT_FINALIZED = 'Context is not finalized. Did you forget to return a Response object or `await next()`?';

/**
 * A router (segment-router.ts: Hono's `TrieRouter`'s matches, found faster) answering each match
 * of several handlers — the app's middleware chains, the route's gate, its handler — as one
 * handler that runs them all (issue 26). Hono calls a lone handler directly, without `compose`
 * (an `async` frame per handler) and without its own `async` wrapper, and hands on a `Response`
 * the handler returned synchronously as it is; the Node adapter then writes it in the same tick.
 * A plain read thus pays no promise at all when every step is synchronous.
 *
 * The handlers run as `compose` runs them (`runSteps`): same order, same rules for returned
 * answers, thrown errors (to `onError`, the app's own handler) and a match that no handler
 * answers (Hono's error, to `onError`). The few differences no route of the mock sees (the last
 * handler's parameters and `routePath` for all, a second `next()`) are listed in ADR 0017.
 *
 * @example new Hono<AppEnv>({ router: fusedRouter(onError) })
 */
export function fusedRouter(onError: ErrorHandler<AppEnv>): Router<Entry> {
  const inner = new SegmentRouter<Entry>();
  // The fused handler of each distinct list of handlers, found by the list's last handler.
  const fusedBy = new Map<MiddlewareHandler<AppEnv>, Array<{ handlers: MiddlewareHandler<AppEnv>[]; fused: MiddlewareHandler<AppEnv> }>>();
  const fusedOf = (entries: ReadonlyArray<readonly [Entry, unknown]>): MiddlewareHandler<AppEnv> => {
    const last = entries[entries.length - 1]![0][0];
    let known = fusedBy.get(last);
    if (known === undefined) fusedBy.set(last, (known = []));
    for (const k of known) if (sameHandlers(k.handlers, entries)) return k.fused;
    const handlers = entries.map((e) => e[0][0]);
    const fused = fuse(handlers, onError);
    known.push({ handlers, fused });
    return fused;
  };
  // A match's entries as one: the fused handler, with the last entry's route (for `c.req.routePath`).
  const combine = (matched: Entry[]): Entry => [fusedOf(matched.map((e) => [e, undefined] as const)), matched[matched.length - 1]![1]];
  return {
    name: 'fusedRouter',
    add: (method, path, handler) => inner.add(method, path, handler),
    match(method, path): Result<Entry> {
      // A `.` or `..` segment is no route's but the catch-all middleware's (dot-segments.ts), also
      // where `TrieRouter` matches (a `*` in the path, a route of another form), whose `:param`
      // takes `..`. One `indexOf` for a path without `/.`.
      const dotted = hasDotSegment(path);
      // Most paths end at one node of the tree, where their fused entry is kept (segment-router.ts).
      const kept = dotted ? null : inner.matchCombined(method, path, combine);
      if (kept !== null) return kept;
      const result = dotted ? inner.matchEverywhere(method) : inner.match(method, path);
      const entries = result[0] as unknown as ReadonlyArray<readonly [Entry, unknown]>;
      // A lone handler too: Hono would answer a chain that answers nothing 404, `compose` 500.
      if (entries.length === 0) return result;
      const lastEntry = entries[entries.length - 1]!;
      // The last handler's route (for `c.req.routePath`) and parameters stand for the match.
      const one = [[fusedOf(entries), lastEntry[0][1]], lastEntry[1]];
      return (result.length === 2 ? [[one], result[1]] : [[one]]) as unknown as Result<Entry>;
    },
  };
}

function sameHandlers(handlers: readonly MiddlewareHandler<AppEnv>[], entries: ReadonlyArray<readonly [Entry, unknown]>): boolean {
  if (handlers.length !== entries.length) return false;
  for (let i = 0; i < handlers.length; i += 1) if (handlers[i] !== entries[i]![0][0]) return false;
  return true;
}

/** One handler running `handlers` as `compose` would, answering `c.res` once they are done. */
function fuse(handlers: readonly MiddlewareHandler<AppEnv>[], onError: ErrorHandler<AppEnv>): MiddlewareHandler<AppEnv> {
  // The app's middleware chains run their steps in this one's row (no run of their own each).
  const run = runSteps(openChains(handlers, onError), onError, true);
  const answer = (c: Context<AppEnv>): Response => {
    if (!c.finalized) throw new Error(NOT_FINALIZED);
    return c.res;
  };
  return ((c: Context<AppEnv>, next: Next) => {
    const pending = run(c, next);
    return pending === undefined ? answer(c) : pending.then(() => answer(c));
  }) as MiddlewareHandler<AppEnv>;
}

import { PlanJsonCache } from '../domain/plans/plan-json-cache.ts';
import type { RouteDeps } from './route-deps.ts';

/**
 * The kept JSON of one app's plans (plan-json-cache.ts), shared by every route that answers
 * plans — the plan list and detail, the sales-channel plan feed and detail — so a plan read one
 * way is kept for the others. Keyed by the route deps, which `createApp` makes once and hands to
 * every resource: one cache per app, none shared between apps.
 */
export function planBodiesOf(deps: RouteDeps): PlanJsonCache {
  let bodies = caches.get(deps);
  if (bodies === undefined) caches.set(deps, (bodies = new PlanJsonCache()));
  return bodies;
}

const caches = new WeakMap<RouteDeps, PlanJsonCache>();

const OPEN = 0x5b; // [
const COMMA = 0x2c; // ,
const CLOSE = 0x5d; // ]

/**
 * `JSON.stringify(array)` as UTF-8 for an array whose items are JSON bytes already (a feed of kept
 * plans): byte for byte what `c.json` answered for the array of objects, with one copy of each.
 */
export function arrayJsonBytes(items: readonly Uint8Array[]): Uint8Array {
  let size = 2 + Math.max(0, items.length - 1);
  for (const item of items) size += item.byteLength;
  const out = new Uint8Array(size);
  out[0] = OPEN;
  let at = 1;
  items.forEach((item, i) => {
    if (i > 0) out[at++] = COMMA;
    out.set(item, at);
    at += item.byteLength;
  });
  out[at] = CLOSE;
  return out;
}

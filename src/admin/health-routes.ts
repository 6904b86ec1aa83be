import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import type { RouteDeps } from '../http/route-deps.ts';

/** How many served operations the domain's handlers answer, and how many the resource engine. */
export interface ServedCounts {
  domain: number;
  engine: number;
}

/** `/__mock/health`, which needs no token. Seed and counts are read per call: a reseed changes both. */
export function healthRoutes(
  deps: RouteDeps & { counts: () => Record<string, number>; seed: () => number; dataset: () => string | null; served?: ServedCounts },
): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: true });
  app.get('/__mock/health', (c) => c.json({ status: 'ok', seed: deps.seed(), dataset: deps.dataset(), counts: deps.counts(), ...(deps.served && { operations: deps.served }) }));
  return app;
}

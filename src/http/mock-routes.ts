import { Hono } from 'hono';
import type { AppEnv } from './env.ts';
import type { RouteDeps } from './route-deps.ts';

/** `/__mock/health`, which needs no token. Seed and counts are read per call: a reseed changes both. */
export function mockRoutes(
  deps: RouteDeps & { counts: () => Record<string, number>; seed: () => number },
): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: true });
  app.get('/__mock/health', (c) => c.json({ status: 'ok', seed: deps.seed(), counts: deps.counts() }));
  return app;
}

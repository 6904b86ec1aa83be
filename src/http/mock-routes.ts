import { Hono } from 'hono';
import type { AppEnv } from './env.ts';
import type { RouteDeps } from './route-deps.ts';

/** `/__mock/` routes that need no token: health. (Admin routes arrive with their issue.) */
export function mockRoutes(deps: RouteDeps & { counts: () => Record<string, number> }): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: true });
  app.get('/__mock/health', (c) => c.json({ status: 'ok', seed: deps.config.seed, counts: deps.counts() }));
  return app;
}

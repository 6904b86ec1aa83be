import type { Server } from 'node:http';
import { buildMock } from '../../src/build-mock.ts';
import { testConfig } from '../../src/config.ts';
import { serveApp } from '../../src/http/serve-app.ts';
import { silentLogger } from '../../src/logger.ts';
import { listeningPort } from './listening.ts';
import { sharedSpecs, TOKEN } from './test-mock.ts';

/**
 * A mock built with the test specs and served on a real socket (loopback, a free port): for what
 * only a raw client shows — dot segments as sent, the status page's request rows, connections.
 */
export async function servedMock(overrides: Parameters<typeof testConfig>[0] = {}): Promise<{ port: number; close: () => Promise<void> }> {
  const { specs, checker } = await sharedSpecs();
  const mock = await buildMock(testConfig({ token: TOKEN, size: 10, ...overrides }), { logger: silentLogger, specs, checker });
  const server: Server = serveApp({ fetch: (req, env) => mock.app.fetch(req, env), hostname: '127.0.0.1', port: 0 });
  const port = await listeningPort(server);
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

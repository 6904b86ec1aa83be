import type { Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { serveApp } from '../src/http/serve-app.ts';
import { silentLogger } from '../src/logger.ts';
import { listeningPort } from './support/listening.ts';
import { rawRequest } from './support/raw-http.ts';
import { sharedSpecs, TOKEN } from './support/test-mock.ts';

// rev-qa5 (nineteenth session): the page needs no token, so masking what merely *begins* a secret
// before a `…` (as the log scrubber does for a clipped value) answered a guesser "yes, it starts
// so": an admin token was recovered in 23 requests. The page masks whole secrets only.
let port: number;
let server: Server;
beforeAll(async () => {
  const { specs, checker } = await sharedSpecs();
  const mock = await buildMock(testConfig({ token: TOKEN, size: 10, adminToken: 'admin-secret-3' }), { logger: silentLogger, specs, checker });
  server = serveApp({ fetch: (req, env) => mock.app.fetch(req, env), hostname: '127.0.0.1', port: 0 });
  port = await listeningPort(server);
}, 60_000);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('shows a guessed start of a secret as it shows any other guess, and still masks the whole secret', async () => {
  // A dot segment is logged decoded, so %E2%80%A6 reaches the page as '…'.
  await rawRequest(port, { path: '/api/v1/../admin-s%E2%80%A6/zzzzzzz%E2%80%A6/' });
  await rawRequest(port, { path: '/api/v1/../admin-secret-3/' });
  const page = (await rawRequest(port, { path: '/__mock/' })).body;
  expect(page).toContain('/api/v1/../admin-s…/zzzzzzz…/');
  expect(page).not.toContain('admin-secret-3');
  expect(page).toContain('/api/v1/../********/');
});

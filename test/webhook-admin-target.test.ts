import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { serveApp } from '../src/http/serve-app.ts';
import { listeningPort } from './support/listening.ts';
import { json } from './support/test-mock.ts';
import { rig, type Rig } from './support/webhook-rig.ts';

/**
 * SECURITY.md: with no MOCK_ADMIN_TOKEN the admin API answers loopback clients only. A webhook
 * delivery is sent by the mock itself, from loopback, to a target any API client chooses (the
 * default MOCK_WEBHOOK_ALLOW is the mock's own host): aimed at `/__mock/reset`, it let a client
 * that the admin API refuses reset the shared state on every approval.
 */
let r: Rig;
let server: Server;
let port: number;
beforeAll(async () => {
  r = await rig();
  server = serveApp({ fetch: (req, env) => r.mock.app.fetch(req, env), hostname: '127.0.0.1', port: 0 });
  port = await listeningPort(server);
});
afterAll(async () => {
  await r.close();
  await new Promise((resolve) => server.close(resolve));
});

it('refuses a webhook delivery aimed at the admin API, so a subscription cannot reset the mock', async () => {
  const tag = await r.mock.postJson('/api/v1/cancellation_requests/1/add_tag/', { key: 'kept-by-qa' });
  expect(tag.status).toBe(204);
  // Its additional headers may blank the event header, which still goes.
  await r.subscribe({ target_url: `http://127.0.0.1:${port}/__mock/reset`, additional_headers: { 'x-whisperer-event': '' } });
  await r.approve();
  await r.mock.webhooks.idle();
  const log = await r.deliveries();
  expect(log.results[0].attempts[0].status).toBe(403);
  expect(await r.mock.getJson('/api/v1/cancellation_requests/1/tags/')).toContain('kept-by-qa');
  // The same loopback client without the delivery's marks is still an administrator.
  const direct = await fetch(`http://127.0.0.1:${port}/__mock/health`);
  expect(direct.status).toBe(200);
  const sessions = await fetch(`http://127.0.0.1:${port}/__mock/sessions`);
  expect(sessions.status, JSON.stringify(await json(sessions))).toBe(200);
});

import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Secrets never reach a log (DOMAIN.md §1, issue 13): the real CLI at `LOG_LEVEL=debug`, every
 * secret set by the operator, requests that carry each of them — in headers, login bodies,
 * webhook subscriptions, a URL's user info, even the query string — and a webhook delivery signed
 * with the secret. Nothing printed on stdout or stderr may contain any of them.
 */

const BIN = new URL('../bin/omnitron-mock.js', import.meta.url).pathname;
const SECRETS = {
  token: 'tok-SECRET-aaaa1111',
  readonly: 'ro-SECRET-bbbb2222',
  admin: 'adm-SECRET-cccc3333',
  webhook: 'whs-SECRET-dddd4444',
  password: 'pw-SECRET-eeee5555',
  wrongToken: 'wrong-SECRET-ffff6666',
  wrongPassword: 'badpw-SECRET-gggg7777',
  subscription: 'sub-SECRET-hhhh8888',
  urlPassword: 'urlpw-SECRET-iiii9999',
};

let output = '';
let child: ReturnType<typeof spawn> | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
});

describe('logs at debug level', () => {
  it('name no secret, whatever the requests carry', async () => {
    child = spawn(process.execPath, [BIN, 'serve', '--size', '10', '--port', '0'], {
      env: {
        ...process.env,
        LOG_LEVEL: 'debug',
        MOCK_TOKEN: SECRETS.token,
        MOCK_READONLY_TOKEN: SECRETS.readonly,
        MOCK_ADMIN_TOKEN: SECRETS.admin,
        MOCK_PASSWORD: SECRETS.password,
        MOCK_WEBHOOK_URL: `http://hook:${SECRETS.urlPassword}@127.0.0.1:9/quick`,
        MOCK_WEBHOOK_SECRET: SECRETS.webhook,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${output}`)), 60_000);
      child!.stdout!.on('data', () => {
        const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
        if (port) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${port}`);
        }
      });
      child!.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    const send = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${base}${path}`, init);
      return { status: res.status, text: await res.text() };
    };
    const json = (auth: string, body: unknown, method = 'POST') => ({
      method,
      headers: { Authorization: `Token ${auth}`, 'Content-Type': 'application/json', 'X-Request-Id': `req-${auth}` },
      body: JSON.stringify(body),
    });

    expect((await send('/api/v1/cancellation_plans/', { headers: { Authorization: `Token ${SECRETS.token}` } })).status).toBe(200);
    expect((await send('/api/v1/cancellation_plans/', { headers: { Authorization: `Token ${SECRETS.readonly}` } })).status).toBe(200);
    expect((await send('/api/v1/cancellation_plans/', { headers: { Authorization: `Token ${SECRETS.wrongToken}` } })).status).toBe(401);
    expect((await send(`/api/v1/cancellation_plans/?token=${SECRETS.token}&password=${SECRETS.password}`, { headers: { Authorization: `Token ${SECRETS.token}` } })).status).toBe(200);
    // An ignored parameter's name over 100 characters: the header clips it, the log must not cut a secret short of its mask.
    expect((await send(`/api/v1/cancellation_plans/?${'a'.repeat(82)}${SECRETS.admin}=1&limit=1`, { headers: { Authorization: `Token ${SECRETS.token}` } })).status).toBe(200);
    // An X-Request-Id over 100 characters is clipped in the log: the clip must not cut a secret short of its mask.
    expect((await send('/api/v1/cancellation_plans/?limit=1', { headers: { Authorization: `Token ${SECRETS.token}`, 'X-Request-Id': `${'r'.repeat(86)}${SECRETS.token}` } })).status).toBe(200);
    expect((await send('/__mock/requests', { headers: { Authorization: `Token ${SECRETS.admin}` } })).status).toBe(200);
    expect((await send('/__mock/requests', { headers: { Authorization: `Token ${SECRETS.wrongToken}` } })).status).toBe(401);
    expect((await send('/api/v1/auth/login/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'akinon', password: SECRETS.password }) })).status).toBe(200);
    expect((await send('/api/v1/auth/login/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'akinon', password: SECRETS.wrongPassword }) })).status).toBe(400);
    const hook = await send('/whisperer/hooks/', json(SECRETS.token, { event_type: 'cancellation_plan.created', target_url: `http://u:${SECRETS.urlPassword}@127.0.0.1:9/sub`, secret_key: SECRETS.subscription }));
    expect(hook.status).toBe(201);
    // An approval publishes cancellation_plan.created: two signed deliveries are attempted (port 9 refuses).
    const list = JSON.parse((await send('/api/v1/cancellation_requests/?status=waiting&limit=1', { headers: { Authorization: `Token ${SECRETS.token}` } })).text);
    const approved = await send(`/api/v1/cancellation_requests/${list.results[0].id}/`, json(SECRETS.token, { status: 'approved' }, 'PATCH'));
    expect(approved.status).toBe(200);
    await send('/__mock/webhooks/deliveries', { headers: { Authorization: `Token ${SECRETS.admin}` } });
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));

    expect(output).toContain('listening on');
    expect(output).toMatch(/DEBUG|INFO/);
    for (const [name, secret] of Object.entries(SECRETS)) {
      const at = output.indexOf(secret);
      expect(at, `${name} was logged: …${output.slice(Math.max(0, at - 120), at + 40)}…`).toBe(-1);
      const part = output.indexOf(secret.slice(0, 12));
      expect(part, `${name} was logged in part: …${output.slice(Math.max(0, part - 120), part + 40)}…`).toBe(-1);
    }
  }, 90_000);
});

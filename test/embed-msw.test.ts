import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupServer } from 'msw/node';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMock, type OmnitronMock, type paths } from 'omnitron-mock';
import { omnitronHandlers } from 'omnitron-mock/msw';

const BASE = 'https://omnitron.shop.test';
const headers = { Authorization: 'Token omnitron-mock-token' };
let mock: OmnitronMock;
let elsewhere: ReturnType<typeof createServer>;
let elsewhereUrl: string;
const server = setupServer();

beforeAll(async () => {
  mock = await createMock({ seed: 5, size: 15 });
  server.use(
    ...omnitronHandlers(mock, { baseUrl: BASE }),
    ...omnitronHandlers(mock, { baseUrl: 'https://gateway.test/omnitron' }),
  );
  server.listen({ onUnhandledRequest: 'bypass' });
  elsewhere = createServer((_req, res) => res.end('not the mock'));
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/api/v1/cancellation_plans/`;
});
afterAll(async () => {
  server.close();
  elsewhere.close();
  await mock.close();
});

describe('MSW handlers: omnitronHandlers(mock) in setupServer', () => {
  it('serves the typed openapi-fetch client: list waiting plans, approve a request, see its plan', async () => {
    const omnitron = createClient<paths, 'application/json'>({ baseUrl: BASE, headers });
    const waiting = await omnitron.GET('/api/v1/cancellation_plans/', {
      params: { query: { status: 'waiting', limit: 3 } },
    });
    expect(waiting.response.status).toBe(200);
    expect(waiting.data!.results.every((p) => p.status === 'waiting')).toBe(true);
    const { request, order } = await mock.fixtures.create({ kind: 'request', status: 'waiting' });
    const approved = await omnitron.PATCH('/api/v1/cancellation_requests/{id}/', {
      params: { path: { id: request! } },
      body: { status: 'approved' },
    });
    expect(approved.response.status).toBe(200);
    // The vendor's request has no plan key: the new plan is found by its order.
    const waitingOfOrder = await omnitron.GET('/api/v1/cancellation_plans/', {
      params: { query: { order: order!, status: 'waiting' } },
    });
    expect(waitingOfOrder.data!.count).toBe(1);
    const planPk = waitingOfOrder.data!.results[0]!.pk;
    const plan = await omnitron.GET('/api/v1/cancellation_plans/{id}/', {
      params: { path: { id: planPk } },
    });
    expect(plan.data).toMatchObject({ pk: planPk, status: 'waiting' });
  });

  it('answers a path under the base URL that the mock does not serve with its own 404', async () => {
    const res = await fetch(`${BASE}/api/v1/no_such_thing/`, { headers });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ detail: 'Not found.', code: 'not_found' });
  });

  it('takes the base URL path off before the mock sees the request, POST bodies included', async () => {
    const res = await fetch('https://gateway.test/omnitron/__mock/fixtures', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'order', items: [{ price: '5.00' }] }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ kind: 'order' });
  });

  it('lets every other URL pass through', async () => {
    const res = await fetch(elsewhereUrl, { headers });
    expect(await res.text()).toBe('not the mock');
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMock, type OmnitronMock, type PlanCreatedEvent, type schemas } from 'omnitron-mock';

const AUTH = { Authorization: 'Token omnitron-mock-token', 'Content-Type': 'application/json' };
let mock: OmnitronMock;
beforeAll(async () => {
  mock = await createMock({ seed: 7, size: 20 });
});
afterAll(() => mock.close());

it('approves a waiting request and announces the new plan', async () => {
  const { request } = await mock.fixtures.create({ kind: 'request', status: 'waiting' });
  const created: PlanCreatedEvent[] = [];
  const stop = mock.on('cancellation_plan.created', (e) => created.push(e));
  const res = await mock.fetch(`/api/v1/cancellation_requests/${request}/`, {
    method: 'PATCH',
    headers: AUTH,
    body: JSON.stringify({ status: 'approved' }),
  });
  stop();
  expect(res.status).toBe(200);
  expect(created).toHaveLength(1);
  const plan = await mock.fetch(`/api/v1/cancellation_plans/${created[0]!.payload.pk}/`, {
    headers: AUTH,
  });
  const body = (await plan.json()) as schemas['CancellationPlan'];
  expect(body.status).toBe('waiting');
});

it('keeps a session apart from the shared state', async () => {
  const alice = mock.session('alice');
  await alice.faults.add({ method: 'GET', path: '/api/v1/cancellation_plans/', status: 503 });
  expect((await alice.fetch('/api/v1/cancellation_plans/', { headers: AUTH })).status).toBe(503);
  expect((await mock.fetch('/api/v1/cancellation_plans/', { headers: AUTH })).status).toBe(200);
  await alice.delete();
});

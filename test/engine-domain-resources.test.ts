import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchDomainResource } from '../src/engine/domain-resources.ts';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';
import { createTestMock, json, type TestMock } from './support/test-mock.ts';

/** Orders, products and reasons described by an extra document (issue 20: domain-held resources). */
const DOMAIN_HELD = fileURLToPath(new URL('./fixtures/engine/domain-held.openapi.yaml', import.meta.url));

const heldMock = () => createTestMock({ spec: [DOMAIN_HELD], size: 20 });

let mock: TestMock;
beforeAll(async () => {
  mock = await heldMock();
}, 60_000);

describe('engine: a resource the domain holds is served from the domain objects', () => {
  it('answers the order a plan points at, with the bytes of the domain order route', async () => {
    const plan = (await mock.getJson('/api/v1/cancellation_plans/?limit=1')).results[0];
    const res = await send(mock, 'GET', `/api/v1/orders/${plan.order.pk}/`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ pk: plan.order.pk, number: plan.order.number });
    const domain = await mock.getJson(`/api/i1/orders/?number=${encodeURIComponent(plan.order.number)}`);
    expect(text).toBe(JSON.stringify(domain.results[0]));
    expect((await send(mock, 'GET', '/api/v1/orders/999999/')).status).toBe(404);
  });

  it('lists as many orders and products as the domain holds, newest first, with its filters', async () => {
    const orders = await mock.getJson('/api/v1/orders/?limit=2');
    expect(orders.count).toBe(mock.store.orders.size);
    expect(orders.count).toBe((await mock.getJson('/api/i1/orders/')).count);
    expect(orders.results[0].pk).toBe(Math.max(...mock.store.orders.keys()));
    const status = orders.results[0].status;
    const filtered = await mock.getJson(`/api/v1/orders/?status=${status}`);
    expect(filtered.count).toBe([...mock.store.orders.values()].filter((o) => o.status === status).length);
    expect(filtered.count).toBe((await mock.getJson(`/api/i1/orders/?status=${status}`)).count);
    const products = await mock.getJson('/api/v1/products/?limit=3');
    expect(products.count).toBe(mock.store.products.size);
    expect(products.results.map((p: any) => p.pk)).toEqual([...mock.store.products.keys()].sort((a, b) => b - a).slice(0, 3));
    expect([...mock.store.engineRows.values()].filter((r) => ['Order', 'Product', 'orders', 'products'].includes(r.c))).toEqual([]);
  });

  it('scopes a channel path by the order channel: another or an unknown channel is 404', async () => {
    const order = mock.store.orders.values().next().value!;
    const other = [...mock.store.channels.keys()].find((pk) => pk !== order.channel)!;
    expect((await mock.getJson(`/api/channel/${order.channel}/orders/${order.pk}/`)).pk).toBe(order.pk);
    expect((await send(mock, 'GET', `/api/channel/${other}/orders/${order.pk}/`)).status).toBe(404);
    expect((await send(mock, 'GET', `/api/channel/999999/orders/${order.pk}/`)).status).toBe(404);
  });

  it('answers writes without a domain rule with 405 and a DRF body, changing nothing', async () => {
    const fresh = mock;
    const order = fresh.store.orders.values().next().value!;
    const before = await (await send(fresh, 'GET', `/api/v1/orders/${order.pk}/`)).text();
    const counts = [fresh.store.orders.size, fresh.store.products.size, fresh.store.engineRows.size];
    for (const [method, path] of [
      ['POST', '/api/v1/orders/'], ['PUT', `/api/v1/orders/${order.pk}/`], ['DELETE', `/api/v1/orders/${order.pk}/`],
      ['POST', '/api/v1/products/'],
    ] as const) {
      const res = await send(fresh, method, path, method === 'DELETE' ? undefined : { number: 'X-1', channel: 1, sku: 'a', name: 'b' });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(await json(res)).toEqual({ detail: `Method "${method}" not allowed.`, code: 'method_not_allowed' });
    }
    expect(await (await send(fresh, 'GET', `/api/v1/orders/${order.pk}/`)).text()).toBe(before);
    expect([fresh.store.orders.size, fresh.store.products.size, fresh.store.engineRows.size]).toEqual(counts);
  });

  it('documents the 405 in the served copy of each such write', () => {
    for (const id of ['fixtureCreateOrder', 'fixtureUpdateOrder', 'fixtureDestroyOrder', 'fixtureCreateProduct']) {
      const op = mock.specs.operations.find((o) => o.operationId === id)!;
      expect(op.responses['405']?.description, id).toMatch(/serves (orders|products) from the domain's own objects/);
    }
  });

  it('writes a reason matched by its schema title through the domain rule, as the reasons route does', async () => {
    const fresh = await heldMock();
    const reason = [...fresh.store.reasons.values()].find((r) => r.is_active)!;
    const patched = await send(fresh, 'PATCH', `/api/v2/reasons/${reason.pk}/`, { subject: 'Fikrimi değiştirdim.' });
    expect(patched.status).toBe(200);
    const body = await patched.text();
    expect(body).toBe(await (await send(fresh, 'GET', `/api/v1/cancellation_reasons/${reason.pk}/`)).text());
    expect(JSON.parse(body)).toMatchObject({ pk: reason.pk, subject: 'Fikrimi değiştirdim.' });
    expect(fresh.store.reasons.get(reason.pk)!.subject).toBe('Fikrimi değiştirdim.');
    const tooLong = await send(fresh, 'PATCH', `/api/v2/reasons/${reason.pk}/`, { subject: 'x'.repeat(101) });
    expect(tooLong.status).toBe(400);
    expect(await json(tooLong)).toEqual({ subject: ['Ensure this field has no more than 100 characters.'] });
    // The domain's rule: a reason requests cite keeps its cancellation type.
    const cited = [...fresh.store.requests.values()][0]!.reason;
    const type = fresh.store.reasons.get(cited)!.cancellation_type === 'cancel' ? 'refund' : 'cancel';
    const refused = await send(fresh, 'PATCH', `/api/v2/reasons/${cited}/`, { cancellation_type: type });
    const viaDomain = await send(fresh, 'PATCH', `/api/v1/cancellation_reasons/${cited}/`, { cancellation_type: type });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toBe(await viaDomain.text());
  });
});

describe('the domain-held resources table', () => {
  const action = (path: string, kind: string, schema: Record<string, unknown> | null = null) =>
    ({ op: { path, method: 'GET', parameters: [] }, kind, schema, parents: [] }) as never;
  const name = (a: never) => matchDomainResource(a)?.name ?? null;

  it('matches by x-mock-collection, then the path noun, then the schema title; opts out on x-mock-domain false', () => {
    expect(name(action('/api/v1/orders/{id}/', 'retrieve'))).toBe('orders');
    expect(name(action('/api/v1/orders/{id}/cancel/', 'item_action'))).toBe('orders');
    expect(name(action('/api/i1/order_items/', 'list'))).toBe('orderItems');
    expect(name(action('/api/v2/lines/{pk}/', 'retrieve', { title: 'CancellationReason' }))).toBe('reasons');
    expect(name(action('/api/v2/lines/', 'list', { 'x-mock-collection': 'products' }))).toBe('products');
    expect(name(action('/api/v1/orders/', 'list', { 'x-mock-collection': 'Widget' }))).toBeNull();
    expect(name(action('/api/v1/products/', 'list', { title: 'Product', 'x-mock-domain': false }))).toBeNull();
    expect(name(action('/api/v1/widgets/', 'list', { title: 'Widget' }))).toBeNull();
  });
});

describe('engine: a generic write never leaves a dangling reference', () => {
  it('refuses a reference to a domain object that does not exist, storing nothing; a display order is no reference', async () => {
    const widgets = await widgetMock({ size: 20 });
    const before = widgets.store.engineRows.size;
    const made = await send(widgets, 'POST', '/api/v1/widgets/', { ...VALID, channel: 999999, order: 999999 });
    expect(made.status).toBe(400);
    expect(await json(made)).toEqual({ channel: ['Invalid pk "999999" - object does not exist.'] });
    expect(widgets.store.engineRows.size).toBe(before);
    const ok = await json(await send(widgets, 'POST', '/api/v1/widgets/', { ...VALID, order: 999999 }));
    expect(ok.order).toBe(999999);
    const patch = await send(widgets, 'PATCH', `/api/v1/widgets/${ok.pk}/`, { channel: 999999 });
    expect(patch.status).toBe(400);
    expect(await json(await send(widgets, 'GET', `/api/v1/widgets/${ok.pk}/`))).toMatchObject({ channel: VALID.channel });
  });
});

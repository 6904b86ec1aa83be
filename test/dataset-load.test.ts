import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTestMock, type TestMock } from './support/test-mock.ts';

/** The shipped dataset, read as plain YAML: what a QA person reads when walking the story. */
const demo = parse(readFileSync(new URL('../seeds/demo.yaml', import.meta.url), 'utf8'));
const orders = new Map<string, any>(demo.orders.map((o: any) => [o.key, o]));
const customers = new Map<string, any>(demo.customers.map((c: any) => [c.key, c]));
const products = new Map<string, any>(demo.products.map((p: any) => [p.key, p]));

let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 0, dataset: 'demo' });
});

describe('the shipped demo dataset', () => {
  it('holds one request of each status and one plan of each status', async () => {
    const requests = await mock.getJson('/api/v1/cancellation_requests/?limit=100');
    expect(new Set(requests.results.map((r: any) => r.status))).toEqual(
      new Set(['waiting', 'confirmed', 'approved', 'rejected', 'completed']),
    );
    const statuses = await mock.getJson('/api/v1/cancellation_plans/statuses/').catch(() => null);
    const plans = await mock.getJson('/api/v1/cancellation_plans/?limit=100');
    const seen = new Set(plans.results.map((p: any) => p.status));
    expect(seen.size).toBe(11);
    if (statuses) expect(seen.size).toBe(Object.keys(statuses).length);
  });

  it('reads every request back through the API as written', async () => {
    for (const r of demo.requests) {
      const order = orders.get(r.order);
      const list = await mock.getJson(`/api/v1/cancellation_requests/detailed/?order_number=${order.number}`);
      expect(list.count, r.key).toBe(1);
      const got = list.results[0];
      expect(got.status, r.key).toBe(r.status);
      for (const f of ['iban', 'holder_name', 'description', 'cancellation_type'])
        if (r[f] !== undefined) expect(got[f], `${r.key}.${f}`).toBe(r[f]);
      const item = order.items[(r.item ?? 1) - 1];
      expect(got.order_item.price, r.key).toBe(item.price);
      expect(got.order_item.product.sku, r.key).toBe(products.get(item.product).sku);
      const tags = await mock.getJson(`/api/v1/cancellation_requests/${got.id}/tags/`);
      expect([...tags].sort(), r.key).toEqual([...(r.tags ?? [])].sort());
    }
  });

  it('reads every order, customer and plan back through the plan list as written', async () => {
    for (const [i, p] of demo.plans.entries()) {
      const order = orders.get(p.order);
      const list = await mock.getJson(`/api/v1/cancellation_plans/?order_number=${order.number}&status=${p.status}`);
      expect(list.count, `plans[${i}]`).toBe(1);
      const plan = list.results[0];
      expect(plan.order.number).toBe(order.number);
      expect(plan.order.shipping_amount).toBe(order.shipping_amount ?? '0.00');
      const line = order.items[p.items[0] - 1];
      const [planItem] = plan.cancellationplanorderitem_set;
      expect(planItem.order_item.price).toBe(line.price);
      expect(planItem.order_item.product.sku).toBe(products.get(line.product).sku);
    }
    for (const c of customers.values()) {
      const mine = demo.requests.filter((r: any) => orders.get(r.order).customer === c.key).length;
      const list = await mock.getJson(`/api/v1/cancellation_requests/?customer_email=${c.email}&customer_last_name=${encodeURIComponent(c.last_name)}`);
      expect(list.count, c.key).toBe(mine);
    }
    const tagged = await mock.getJson('/api/v1/cancellation_plans/?tag=trendyol');
    expect(tagged.count).toBe(1);
    expect(tagged.results[0].order.number).toBe('TR-240120-006');
  });

  it('puts a plan on a Trendyol order, so channel filters find it', async () => {
    const list = await mock.getJson('/api/v1/cancellation_plans/?channel_type=trendyol');
    expect(list.count).toBeGreaterThan(0);
    expect(list.results.every((p: any) => ['TR-240120-006', 'TR-240117-002'].includes(p.order.number))).toBe(true);
  });

  it('is named by health and the status page, and loads no generated order', async () => {
    const health = await (await mock.request('/__mock/health')).json();
    expect(health).toMatchObject({ dataset: 'demo', counts: { orders: demo.orders.length } });
    const page = await (await mock.request('/__mock/')).text();
    expect(page).toContain('dataset demo');
  });

  it('gives the same bytes on any day: the load clock is the dataset\'s now', async () => {
    const other = await createTestMock({ size: 0, dataset: 'demo' });
    const a = await (await mock.request('/api/v1/cancellation_requests/?limit=100', { headers: { Authorization: 'Token test-token' } })).text();
    const b = await (await other.request('/api/v1/cancellation_requests/?limit=100', { headers: { Authorization: 'Token test-token' } })).text();
    expect(a).toBe(b);
    expect(a).toContain('"created_date":"2026-01-20T09:00:00.0');
  });
});

describe('the dataset loader', () => {
  const source = readFileSync(new URL('../src/seed/dataset-apply.ts', import.meta.url), 'utf8');

  it('calls only the domain\'s functions: it imports no store writer and writes no collection itself', () => {
    const imports = [...source.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g)].map((m) => ({
      names: m[1]!.split(',').map((n) => n.trim().replace(/^type\s+/, '')).filter(Boolean),
      from: m[2]!,
    }));
    for (const { names, from } of imports) {
      if (from.startsWith('../domain/') || from.startsWith('../common/') || from === './dataset-types.ts') continue;
      if (from === '../store/store.ts') expect(names.sort(), from).toEqual(['Store', 'orderItemsOf']);
      else if (from === '../store/types.ts') expect(names.every((n) => /^[A-Z]/.test(n)), from).toBe(true);
      else expect.fail(`the loader imports ${from}`);
    }
    expect(source).not.toMatch(/store\.\w+\.(set|delete|clear)\(|store\.sequences|nextId|insert[A-Z]/);
  });

  it('leaves a state that keeps every domain invariant, on its own and on a generated seed', async () => {
    const { checkInvariants } = await import('../src/domain/invariants.ts');
    expect(checkInvariants(mock.store)).toEqual([]);
    const onSeed = await createTestMock({ size: 20, dataset: 'demo' });
    expect(checkInvariants(onSeed.store)).toEqual([]);
    expect(onSeed.store.orders.size).toBeGreaterThan(demo.orders.length);
  });
});

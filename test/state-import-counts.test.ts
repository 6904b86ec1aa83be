import { describe, expect, it } from 'vitest';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';
import { json } from './support/test-mock.ts';

const NDJSON = { 'Content-Type': 'application/x-ndjson' };

describe('PUT /__mock/state answers what it imported', () => {
  it("counts the engine's collections the document holds, one's own included, shared and per session", async () => {
    const mock = await widgetMock();
    await send(mock, 'POST', '/api/v1/widgets/', VALID);
    const listed = (await mock.getJson('/api/v1/widgets/?limit=1')).count as number;
    const kinds = (await mock.getJson('/api/v1/widget_kinds/')).length as number;
    const exported = await (await mock.request('/__mock/state')).text();
    await mock.request('/__mock/reset', { method: 'POST' });
    for (const headers of [NDJSON, { ...NDJSON, 'X-Mock-Session': 'imports' }]) {
      const res = await mock.request('/__mock/state', { method: 'PUT', headers, body: exported });
      expect(res.status).toBe(200);
      const { counts } = await json(res);
      // Named as the engine names a collection: the schema's title, else the path's noun (README).
      expect(counts).toMatchObject({ plans: mock.store.plans.size, Widget: listed, widget_kinds: kinds });
      // The domain's counts first, then the collections by name.
      expect(Object.keys(counts).slice(0, 6)).toEqual(['plans', 'requests', 'orders', 'order_items', 'customers', 'products']);
      expect(Object.keys(counts).slice(6)).toEqual(Object.keys(counts).slice(6).sort());
    }
  });
});

describe('reset and reseed answer the counts import answers', () => {
  it('lists the engine collections too, shared and per session', async () => {
    const mock = await widgetMock();
    const exported = await (await mock.request('/__mock/state')).text();
    const imported = (await json(await mock.request('/__mock/state', { method: 'PUT', headers: NDJSON, body: exported }))).counts;
    expect(imported).toHaveProperty('widget_kinds');
    expect((await json(await mock.request('/__mock/reset', { method: 'POST' }))).counts).toEqual(imported);
    const session = { 'X-Mock-Session': 'counts' };
    expect((await json(await mock.request('/__mock/reset', { method: 'POST', headers: session }))).counts).toEqual(imported);
    const reseeded = await json(await mock.request('/__mock/reseed', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ seed: mock.config.seed, size: mock.config.size }) }));
    expect(reseeded.counts).toEqual(imported);
  });
});

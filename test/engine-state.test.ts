import { builtInDomainOperations, builtInEngineOperations } from './support/domain-operation-count.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';
import { json, type TestMock } from './support/test-mock.ts';

const NDJSON = { 'Content-Type': 'application/x-ndjson' };
const widgets = async (mock: TestMock, query = '', headers: Record<string, string> = {}) => {
  const res = await send(mock, 'GET', `/api/v1/widgets/?limit=1000${query}`, undefined, headers);
  expect(res.status).toBe(200);
  return (await json(res)).results as any[];
};

describe('engine state: sessions, reset, reseed, export and import, health', () => {
  it('keeps a session\'s writes to the session, and reset brings back the seeded collection', async () => {
    const mock = await widgetMock();
    const seeded = await widgets(mock);
    const mine = await json(await send(mock, 'POST', '/api/v1/widgets/', VALID, { 'X-Mock-Session': 'qa' }));
    expect((await widgets(mock, '', { 'X-Mock-Session': 'qa' })).map((w) => w.pk)).toContain(mine.pk);
    expect(await widgets(mock)).toEqual(seeded);
    await send(mock, 'DELETE', `/api/v1/widgets/${seeded[0].pk}/`);
    expect(await widgets(mock)).toHaveLength(seeded.length - 1);
    expect((await mock.request('/__mock/reset', { method: 'POST' })).status).toBe(200);
    expect(await widgets(mock)).toEqual(seeded);
  });

  it('exports the generic collections and imports them back', async () => {
    const mock = await widgetMock();
    const created = await json(await send(mock, 'POST', '/api/v1/widgets/', VALID));
    const exported = await (await mock.request('/__mock/state')).text();
    expect(exported).toContain('"map":"engineRows"');
    await mock.request('/__mock/reset', { method: 'POST' });
    expect((await send(mock, 'GET', `/api/v1/widgets/${created.pk}/`)).status).toBe(404);
    const imported = await mock.request('/__mock/state', { method: 'PUT', headers: NDJSON, body: exported });
    expect(imported.status, await imported.clone().text()).toBe(200);
    expect(await mock.getJson(`/api/v1/widgets/${created.pk}/`)).toEqual(created);
    // The sequence came back too: the next widget takes a new pk.
    const next = await json(await send(mock, 'POST', '/api/v1/widgets/', VALID));
    expect(next.pk).toBeGreaterThan(created.pk);
  });

  it('reseeds the generic collections with the new seed', async () => {
    const mock = await widgetMock({ seed: 3 });
    const reseeded = await widgetMock({ seed: 4 });
    await mock.request('/__mock/reseed', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ seed: 4, size: 120 }) });
    expect(await widgets(mock)).toEqual(await widgets(reseeded));
  });

  it('says in /__mock/health how many operations the domain and the engine serve', async () => {
    const mock = await widgetMock();
    const health = await json(await mock.request('/__mock/health'));
    // Every hand-written operation of the built-in specs; the built-in engine ones and the fixture document's ten.
    expect(health.operations).toEqual({ domain: await builtInDomainOperations(), engine: (await builtInEngineOperations()) + 10 });
  });
});

type Step =
  | { kind: 'create'; priority: number; status: string }
  | { kind: 'patch'; at: number; priority: number }
  | { kind: 'delete'; at: number };

const STEP = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), priority: fc.integer({ min: 0, max: 10 }), status: fc.constantFrom('draft', 'active', 'retired') }),
  fc.record({ kind: fc.constant('patch' as const), at: fc.nat(), priority: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
);

describe('engine: random writes keep lists, retrieves, filters and the export consistent', () => {
  it('holds after any sequence of creates, patches and deletes', async () => {
    const mock = await widgetMock({ size: 40 });
    await fc.assert(
      fc.asyncProperty(fc.array(STEP, { maxLength: 12 }), async (steps) => {
        await mock.request('/__mock/reset', { method: 'POST' });
        const model = new Map<number, any>((await widgets(mock)).map((w) => [w.pk, w]));
        for (const step of steps) {
          const keys = [...model.keys()];
          if (step.kind === 'create') {
            const res = await send(mock, 'POST', '/api/v1/widgets/', { ...VALID, priority: step.priority, status: step.status });
            expect(res.status).toBe(201);
            const w = await json(res);
            expect(model.has(w.pk)).toBe(false);
            model.set(w.pk, w);
          } else if (keys.length > 0) {
            const pk = keys[step.at % keys.length]!;
            if (step.kind === 'patch') {
              const res = await send(mock, 'PATCH', `/api/v1/widgets/${pk}/`, { priority: step.priority });
              model.set(pk, await json(res));
            } else {
              expect((await send(mock, 'DELETE', `/api/v1/widgets/${pk}/`)).status).toBe(204);
              model.delete(pk);
            }
          }
        }
        const listed = await widgets(mock);
        expect(listed.length).toBe(model.size);
        for (const w of listed) expect(w).toEqual(model.get(w.pk));
        const high = await widgets(mock, '&priority__gte=5&status=active');
        expect(high.map((w) => w.pk).sort()).toEqual([...model.values()].filter((w) => w.priority >= 5 && w.status === 'active').map((w) => w.pk).sort());
        const some = [...model.keys()][0];
        if (some !== undefined) expect(await mock.getJson(`/api/v1/widgets/${some}/`)).toEqual(model.get(some));
        const exported = await (await mock.request('/__mock/state')).text();
        const rows = exported.split('\n').filter((l) => l.includes('"map":"engineRows"')).map((l) => JSON.parse(l).v).filter((r) => r.c === 'Widget');
        expect(rows.length).toBe(model.size);
        for (const r of rows) expect(r.o).toEqual(model.get(r.k));
      }),
      { numRuns: 15, seed: 20 },
    );
  });
});

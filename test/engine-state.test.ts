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
  | { kind: 'create'; priority: number; status: string; session: boolean }
  | { kind: 'patch' | 'put'; at: number; priority: number; session: boolean }
  | { kind: 'delete'; at: number; session: boolean };

const SESSION = { 'X-Mock-Session': 'fc' };
const STEP = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), priority: fc.integer({ min: 0, max: 10 }), status: fc.constantFrom('draft', 'active', 'retired'), session: fc.boolean() }),
  fc.record({ kind: fc.constantFrom('patch' as const, 'put' as const), at: fc.nat(), priority: fc.integer({ min: 0, max: 10 }), session: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), session: fc.boolean() }),
);

/** What the shared state or the session should hold, newest (highest pk) first. */
const newest = (model: Map<number, any>) => [...model.values()].sort((a, b) => b.pk - a.pk);

describe('engine: random writes keep lists, retrieves, filters and the export consistent', () => {
  it('holds after any sequence of creates, updates, patches and deletes, in the shared state and a session', async () => {
    const mock = await widgetMock({ size: 40 });
    const kinds = await send(mock, 'GET', '/api/v1/widget_kinds/');
    const kindsBefore = await kinds.text();
    await fc.assert(
      fc.asyncProperty(fc.array(STEP, { maxLength: 12 }), async (steps) => {
        await mock.request('/__mock/reset', { method: 'POST' });
        await mock.request('/__mock/reset', { method: 'POST', headers: SESSION });
        const seeded = await widgets(mock);
        const models = { shared: new Map<number, any>(seeded.map((w) => [w.pk, w])), session: new Map<number, any>(seeded.map((w) => [w.pk, w])) };
        for (const step of steps) {
          const model = step.session ? models.session : models.shared;
          const headers = step.session ? SESSION : {};
          const keys = [...model.keys()];
          if (step.kind === 'create') {
            const res = await send(mock, 'POST', '/api/v1/widgets/', { ...VALID, priority: step.priority, status: step.status }, headers);
            expect(res.status).toBe(201);
            const w = await json(res);
            expect(model.has(w.pk)).toBe(false);
            model.set(w.pk, w);
          } else if (keys.length > 0) {
            const pk = keys[step.at % keys.length]!;
            if (step.kind === 'delete') {
              expect((await send(mock, 'DELETE', `/api/v1/widgets/${pk}/`, undefined, headers)).status).toBe(204);
              expect((await send(mock, 'GET', `/api/v1/widgets/${pk}/`, undefined, headers)).status).toBe(404);
              model.delete(pk);
            } else {
              const body = step.kind === 'put' ? { ...VALID, priority: step.priority } : { priority: step.priority };
              const res = await send(mock, step.kind === 'put' ? 'PUT' : 'PATCH', `/api/v1/widgets/${pk}/`, body, headers);
              expect(res.status).toBe(200);
              model.set(pk, await json(res));
            }
          }
        }
        for (const [model, headers] of [[models.shared, {}], [models.session, SESSION]] as const) {
          // The whole list, newest first, and one page of it, as the model says.
          expect(await widgets(mock, '', headers)).toEqual(newest(model));
          const second = await send(mock, 'GET', '/api/v1/widgets/?limit=2&page=2', undefined, headers);
          expect(second.status).toBe(model.size > 2 ? 200 : 404);
          if (model.size > 2) expect(await json(second)).toMatchObject({ count: model.size, results: newest(model).slice(2, 4) });
          const high = await widgets(mock, '&priority__gte=5&status=active', headers);
          expect(high).toEqual(newest(model).filter((w) => w.priority >= 5 && w.status === 'active'));
          const some = [...model.keys()][0];
          if (some !== undefined) expect(await json(await send(mock, 'GET', `/api/v1/widgets/${some}/`, undefined, headers))).toEqual(model.get(some));
        }
        const exported = await (await mock.request('/__mock/state')).text();
        const rows = exported.split('\n').filter((l) => l.includes('"map":"engineRows"')).map((l) => JSON.parse(l).v).filter((r) => r.c === 'Widget');
        expect(rows.length).toBe(models.shared.size);
        for (const r of rows) expect(r.o).toEqual(models.shared.get(r.k));
        // Writes to one collection leave another as it was.
        expect(await (await send(mock, 'GET', '/api/v1/widget_kinds/')).text()).toBe(kindsBefore);
      }),
      { numRuns: 15, seed: 20 },
    );
  });
});

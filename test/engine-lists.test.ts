import { describe, expect, it } from 'vitest';
import { AUTH, json, type TestMock } from './support/test-mock.ts';
import { widgetMock } from './support/engine-fixture.ts';

const create = async (mock: TestMock, body: Record<string, unknown>) => {
  const res = await mock.request('/api/v1/widgets/', {
    method: 'POST',
    headers: { ...AUTH, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Vida', status: 'draft', priority: 0, channel: 1, ...body }),
  });
  expect(res.status).toBe(201);
  return json(res);
};

const pks = async (mock: TestMock, query: string): Promise<number[]> =>
  (await mock.getJson(`/api/v1/widgets/?limit=1000&${query}`)).results.map((w: any) => w.pk);

describe('engine lists like django-filter', () => {
  it('filters by exact, __in, __gte/__lt, __icontains and __isnull as the parameters declare', async () => {
    const mock = await widgetMock();
    const a = await create(mock, { name: 'Çelik Somun', status: 'retired', priority: 7, note: null });
    const b = await create(mock, { name: 'Pirinç somun', status: 'retired', priority: 9, note: 'x' });
    const all = (await mock.getJson('/api/v1/widgets/?limit=1000')).results as any[];
    const expectOf = (p: (w: any) => boolean) => all.filter(p).map((w) => w.pk);
    expect(await pks(mock, 'status=retired')).toEqual(expectOf((w) => w.status === 'retired'));
    expect(await pks(mock, 'status__in=retired,draft')).toEqual(expectOf((w) => ['retired', 'draft'].includes(w.status)));
    expect(await pks(mock, 'priority__gte=7&priority__lt=9')).toEqual(expectOf((w) => w.priority >= 7 && w.priority < 9));
    expect(await pks(mock, 'name__icontains=SOMUN')).toEqual(expectOf((w) => /somun/i.test(w.name)));
    expect(await pks(mock, 'name__icontains=SOMUN&note__isnull=true')).toEqual([a.pk]);
    expect(await pks(mock, 'name__icontains=somun&note__isnull=false')).toEqual([b.pk]);
  });

  it('answers django-filter\'s errors for a malformed value', async () => {
    const mock = await widgetMock();
    const res = await mock.request('/api/v1/widgets/?priority__gte=high&status=nope', { headers: AUTH });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({
      priority__gte: ['Enter a whole number.'],
      status: ['Select a valid choice. nope is not one of the available choices.'],
    });
  });

  it('orders by a declared ordering and pages with page and limit', async () => {
    const mock = await widgetMock();
    const byPriority = (await mock.getJson('/api/v1/widgets/?limit=1000&ordering=-priority,pk')).results as any[];
    const sorted = [...byPriority].sort((x, y) => y.priority - x.priority || x.pk - y.pk);
    expect(byPriority.map((w) => w.pk)).toEqual(sorted.map((w) => w.pk));
    const page2 = await mock.getJson('/api/v1/widgets/?limit=2&page=2');
    expect(page2.results.map((w: any) => w.pk)).toEqual((await pks(mock, '')).slice(2, 4));
    expect(page2.previous).toContain('limit=2');
    expect((await mock.request('/api/v1/widgets/?page=99', { headers: AUTH })).status).toBe(404);
  });

  it('names undeclared parameters in X-Mock-Ignored-Params, and refuses them under --strict', async () => {
    const mock = await widgetMock();
    const res = await mock.request('/api/v1/widgets/?colour=red', { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('X-Mock-Ignored-Params')).toBe('colour');
    const strict = await widgetMock({ strict: true });
    const refused = await strict.request('/api/v1/widgets/?colour=red', { headers: AUTH });
    expect(refused.status).toBe(400);
    expect(await json(refused)).toEqual({ colour: ['Unknown query parameter (refused by --strict).'] });
  });
});

describe('engine seed', () => {
  it('is the same for the same SEED, differs for another, and scales with MOCK_SIZE', async () => {
    const one = await widgetMock({ seed: 5 });
    const again = await widgetMock({ seed: 5 });
    const other = await widgetMock({ seed: 6 });
    const list = (m: TestMock) => m.getJson('/api/v1/widgets/?limit=1000');
    expect(JSON.stringify(await list(one))).toBe(JSON.stringify(await list(again)));
    expect(JSON.stringify(await list(one))).not.toBe(JSON.stringify(await list(other)));
    const big = await widgetMock({ size: 400 });
    expect((await list(big)).count).toBeGreaterThan((await list(one)).count);
  });

  it('points reference fields at real objects, unless a default says otherwise (a display order)', async () => {
    const mock = await widgetMock();
    const widgets = (await mock.getJson('/api/v1/widgets/?limit=1000')).results as any[];
    for (const w of widgets) {
      expect(mock.store.channels.has(w.channel), `channel ${w.channel}`).toBe(true);
      expect(w.order).toBe(100);
    }
  });
});

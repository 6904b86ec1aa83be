import { describe, expect, it } from 'vitest';
import { createTestMock, type TestMock } from './support/test-mock.ts';

/**
 * The plan list's filter definitions are made once per store and kept (plan-filters.ts, issue 26).
 * The tag filters among them hold the plans map and the tag index, which a reset replaces: the
 * lists after a reset must read the state the reset left, not the one the kept filters saw first.
 */

const PLANS = '/api/v1/cancellation_plans/';
const pksOf = async (mock: TestMock, query: string) => {
  const body = await mock.getJson(`${PLANS}?${query}&limit=100`);
  return { count: body.count as number, pks: (body.results as { pk: number }[]).map((p) => p.pk) };
};

describe('plan list filters kept across requests', () => {
  it('lists by tag and tag__exclude from the state a reset left, and sees tags put on after it', async () => {
    const mock = await createTestMock({ size: 30 });
    const all = (await pksOf(mock, 'pk__gte=0')).pks;
    const [a, b] = [all[3]!, all[11]!];
    mock.store.tags.cancellation_plan.add(a, 'qa-kept');
    expect(await pksOf(mock, 'tag=qa-kept')).toEqual({ count: 1, pks: [a] });
    expect((await pksOf(mock, 'tag__exclude=qa-kept')).count).toBe(all.length - 1);

    expect((await mock.request('/__mock/reset', { method: 'POST' })).status).toBeLessThan(300);
    expect(await pksOf(mock, 'tag=qa-kept')).toEqual({ count: 0, pks: [] });
    expect((await pksOf(mock, 'tag__exclude=qa-kept')).count).toBe(all.length);

    mock.store.tags.cancellation_plan.add(b, 'qa-kept');
    expect(await pksOf(mock, 'tag=qa-kept')).toEqual({ count: 1, pks: [b] });
    expect((await pksOf(mock, 'tag__exclude=qa-kept')).pks).not.toContain(b);
  });

  it('lists by status from the state after a status move, a fixture and a reset', async () => {
    const mock = await createTestMock({ size: 30 });
    const waiting = await pksOf(mock, 'status=waiting');
    const made = await mock.postJson('/__mock/fixtures', { kind: 'plan', status: 'waiting', items: 1 });
    expect(made.status).toBe(201);
    const { plan } = (await made.json()) as { plan: number };
    const after = await pksOf(mock, 'status=waiting');
    expect(after.count).toBe(waiting.count + 1);
    expect(after.pks[0]).toBe(plan);
    expect((await mock.request('/__mock/reset', { method: 'POST' })).status).toBeLessThan(300);
    expect(await pksOf(mock, 'status=waiting')).toEqual(waiting);
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMock, MockAdminError, type OmnitronMock } from 'omnitron-mock';

const AUTH = { Authorization: 'Token key', 'Content-Type': 'application/json' };
const PLANS = '/api/v1/cancellation_plans/';
let mock: OmnitronMock;
beforeAll(async () => {
  mock = await createMock({ seed: 3, size: 12, token: 'key', readonlyToken: 'look' });
});
afterAll(() => mock.close());

describe('createMock, the in-process mock', () => {
  it('answers a Request of any origin, and checks the tokens it was given', async () => {
    const res = await mock.fetch(
      new Request(`https://omnitron.test${PLANS}?limit=2`, { headers: AUTH }),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { results: unknown[] }).results).toHaveLength(2);
    expect((await mock.fetch(PLANS, { headers: { Authorization: 'Token look' } })).status).toBe(
      200,
    );
    expect(
      (await mock.fetch(PLANS, { headers: { Authorization: 'Token omnitron-mock-token' } })).status,
    ).toBe(401);
  });

  it('seeds from a named dataset when given one, as --dataset does', async () => {
    const demo = await createMock({ size: 0, token: 'key', dataset: 'demo' });
    const health = (await (await demo.fetch('/__mock/health')).json()) as { dataset: string | null };
    expect(health.dataset).toBe('demo');
    const found = (await (
      await demo.fetch('/api/v1/cancellation_requests/?order_number=TR-240117-001', { headers: AUTH })
    ).json()) as { count: number };
    expect(found.count).toBeGreaterThan(0);
  });

  it('is seeded as asked: the same seed reads the same, another seed not', async () => {
    const read = async (m: OmnitronMock) =>
      (await m.fetch(`${PLANS}?limit=3`, { headers: AUTH })).text();
    const same = await createMock({ seed: 3, size: 12, token: 'key' });
    const other = await createMock({ seed: 4, size: 12, token: 'key' });
    expect(await read(same)).toBe(await read(mock));
    expect(await read(other)).not.toBe(await read(mock));
  });

  it('moves the clock, exports and imports the state, and resets', async () => {
    // The moved clock keeps running in real time, so the answer may be a few milliseconds on.
    expect((await mock.clock.set('2030-01-02T03:04:05Z')).now).toMatch(/^2030-01-02T03:04:05\.\d{3}Z$/);
    expect((await mock.clock.advance('PT1H')).now).toMatch(/^2030-01-02T04:04:0/);
    expect((await mock.clock.reset()).real).toBe(true);
    const before = await mock.state.export();
    const made = await mock.fixtures.create({ kind: 'order', items: [{ price: '10.00' }] });
    expect(made.kind).toBe('order');
    expect(await mock.state.export()).not.toBe(before);
    expect((await mock.state.import(before)).imported).toBe('shared');
    expect((await mock.fetch(`/api/v1/orders/${made.order}/`, { headers: AUTH })).status).toBe(404);
    expect((await mock.reset()).reset).toBe('shared');
  });

  it('throws the admin API refusal as a MockAdminError with its status and DRF body', async () => {
    const refused = await mock.fixtures.create({ kind: 'boat' } as never).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MockAdminError);
    expect(refused).toMatchObject({
      status: 400,
      body: { kind: [expect.stringContaining('boat')] },
    });
    await expect(mock.clock.advance('soon')).rejects.toMatchObject({ status: 400 });
  });

  it('lists, removes and clears fault rules of the shared state and of a session apart', async () => {
    const rule = await mock.faults.add({ path: PLANS, status: 500, count: 1 });
    const bob = mock.session('bob');
    const bobs = await bob.faults.add({ path: PLANS, status: 502 });
    expect((await bob.faults.list()).map((r) => r.id)).toEqual([bobs.id]);
    expect((await mock.faults.list()).map((r) => r.id)).toEqual([rule.id, bobs.id]);
    expect((await mock.fetch(PLANS, { headers: AUTH })).status).toBe(500);
    expect((await mock.fetch(PLANS, { headers: AUTH })).status).toBe(200);
    expect((await bob.fetch(PLANS, { headers: AUTH })).status).toBe(502);
    await bob.faults.clear();
    expect((await bob.fetch(PLANS, { headers: AUTH })).status).toBe(200);
    await expect(mock.faults.remove(rule.id + 1000)).rejects.toMatchObject({ status: 404 });
    await bob.delete();
  });
});

describe('the README in-process example', () => {
  it('is the same text as test/examples/in-process.test.ts, which runs as a test', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('./examples/in-process.test.ts', import.meta.url), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toContain(example);
  });
});

import { describe, expect, it } from 'vitest';
import { jsonNestingExceeds, MAX_JSON_DEPTH } from '../src/common/json-depth.ts';
import { AUTH, createTestMock, json } from './support/test-mock.ts';

const JSON_TYPE = { 'Content-Type': 'application/json' };
const arrays = (n: number, inner = '') => `${'['.repeat(n)}${inner}${']'.repeat(n)}`;
const objects = (n: number, inner = '1') => `${'{"a":'.repeat(n)}${inner}${'}'.repeat(n)}`;
const TOO_DEEP = {
  detail: `JSON parse error - nested more than ${MAX_JSON_DEPTH} levels deep`,
  code: 'parse_error',
};

describe('JSON bodies nested past 1,000 levels', () => {
  it('are a parse error before anything reads them, from anyone: login needs no token', async () => {
    const mock = await createTestMock({ size: 5 });
    // The largest such body the 1 MiB limit lets through: 524,000 arrays deep.
    const res = await mock.request('/api/v1/auth/login/', {
      method: 'POST',
      headers: JSON_TYPE,
      body: arrays(524_000),
    });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual(TOO_DEEP);
  });

  it('cannot be stored in a webhook subscription, whose list then answered 500 to every client', async () => {
    const mock = await createTestMock({ size: 5 });
    const hooks = '/whisperer/hooks/';
    const before = await json(await mock.request(hooks, { headers: AUTH }));
    const body = `{"event_type": "cancellation_plan.created", "target_url": "http://127.0.0.1:9/deep", "config": {"extra": ${objects(50_000)}}}`;
    const res = await mock.request(hooks, { method: 'POST', headers: { ...AUTH, ...JSON_TYPE }, body });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual(TOO_DEEP);
    const after = await mock.request(hooks, { headers: AUTH });
    expect(after.status).toBe(200);
    expect((await json(after)).count).toBe(before.count);
  });

  it('cannot be stored in a fault rule, which then answered 500 to its list and to every request it matched', async () => {
    const mock = await createTestMock({ size: 5 });
    const body = `{"path": "/api/v1/cancellation_plans/", "status": 418, "body": ${arrays(100_000)}}`;
    const res = await mock.request('/__mock/faults', { method: 'POST', headers: JSON_TYPE, body });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual(TOO_DEEP);
    expect(await json(await mock.request('/__mock/faults'))).toEqual({ results: [] });
    expect((await mock.request('/api/v1/cancellation_plans/', { headers: AUTH })).status).toBe(200);
  });

  it('leaves a body 1,000 deep as it was: a rule answers it as given', async () => {
    const mock = await createTestMock({ size: 5 });
    const deepest = arrays(MAX_JSON_DEPTH - 1, '"[{"');
    const body = `{"path": "/api/v1/cancellation_plans/", "status": 418, "body": ${deepest}}`;
    const res = await mock.request('/__mock/faults', { method: 'POST', headers: JSON_TYPE, body });
    expect(res.status).toBe(201);
    const faulted = await mock.request('/api/v1/cancellation_plans/', { headers: AUTH });
    expect(faulted.status).toBe(418);
    expect(await faulted.text()).toBe(JSON.stringify(JSON.parse(deepest)));
  });
});

describe('jsonNestingExceeds', () => {
  it('counts brackets as a parser nests them, not those inside strings or after an escape', () => {
    expect(jsonNestingExceeds(arrays(3), 3)).toBe(false);
    expect(jsonNestingExceeds(arrays(4), 3)).toBe(true);
    expect(jsonNestingExceeds(objects(4), 3)).toBe(true);
    expect(jsonNestingExceeds(`["${'['.repeat(50)}"]`, 3)).toBe(false);
    expect(jsonNestingExceeds(`["\\"${'{'.repeat(50)}"]`, 3)).toBe(false);
    expect(jsonNestingExceeds(`["\\\\", ${arrays(3)}]`, 3)).toBe(true);
    expect(jsonNestingExceeds(`[${arrays(3)}, ${arrays(3)}, ${arrays(2)}]`, 3)).toBe(true);
    expect(jsonNestingExceeds(`[${arrays(2)}, ${arrays(2)}, ${arrays(2)}]`, 3)).toBe(false);
  });

  it('agrees with the depth of random JSON values', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const value = (depth: number): unknown => {
      const r = next();
      if (depth > 6 || r < 0.3) return ['[{', '"\\', '}]"', 5, null][Math.floor(next() * 5)];
      const items = Array.from({ length: Math.floor(next() * 3) }, () => value(depth + 1));
      return r < 0.65 ? items : Object.fromEntries(items.map((v, i) => [`k[${i}"`, v]));
    };
    const depthOf = (v: unknown): number =>
      typeof v === 'object' && v !== null ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;
    for (let n = 0; n < 500; n++) {
      const v = value(0);
      const text = JSON.stringify(v);
      const depth = depthOf(v);
      for (const max of [0, 1, 2, 3, 5, 8]) expect(jsonNestingExceeds(text, max), text).toBe(depth > max);
    }
  });
});

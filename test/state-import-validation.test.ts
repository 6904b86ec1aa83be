import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

const SESSION = { 'X-Mock-Session': 'import-check' };
let mock: TestMock;
let valid: string[];
beforeAll(async () => {
  mock = await createTestMock({ size: 6 });
  valid = (await (await mock.request('/__mock/state')).text()).trimEnd().split('\n');
});
afterAll(async () => {
  await mock?.webhooks.close();
});

const importLines = (lines: string[], headers: Record<string, string> = {}) =>
  mock.request('/__mock/state', {
    method: 'PUT',
    headers: { 'Content-Type': 'application/x-ndjson', ...headers },
    body: `${lines.join('\n')}\n`,
  });
const exportText = async (headers: Record<string, string> = {}) =>
  (await mock.request('/__mock/state', { headers })).text();
const lineOf = (pred: (l: any) => boolean) => valid.findIndex((l) => pred(JSON.parse(l)));
/** The valid export with line `i` (0-based) replaced by `f` of its parsed value. */
function edited(i: number, f: (l: any) => unknown): string[] {
  const lines = [...valid];
  lines[i] = JSON.stringify(f(JSON.parse(lines[i]!)));
  return lines;
}
const firstPlan = () => lineOf((l) => l.map === 'plans');
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

/** Every list, detail and export the imported state must answer without a 5xx. */
async function readEverything(headers: Record<string, string>): Promise<void> {
  const h = { ...AUTH, ...headers };
  const statuses: Array<[string, number]> = [];
  const get = async (path: string) => {
    const res = await mock.request(path, { headers: h });
    await res.arrayBuffer();
    statuses.push([path, res.status]);
    return res;
  };
  for (const base of ['/api/v1/cancellation_plans/', '/api/v1/cancellation_requests/', '/api/v1/cancellation_requests/detailed/']) {
    const list = await get(`${base}?limit=1000`);
    await get(`${base}?export_format=csv`);
    await get(`${base}?created_date__gt=2000-01-01&ordering=-pk`);
    if (list.status !== 200) continue;
    const body = await (await mock.request(`${base}?limit=1000`, { headers: h })).json() as { results: Array<{ pk?: number; id?: number }> };
    for (const row of body.results.slice(0, 4)) await get(base.replace('detailed/', '') + `${row.pk ?? row.id}/`);
  }
  await get('/__mock/state');
  expect(statuses.filter(([, s]) => s >= 500)).toEqual([]);
}

describe('state import validates every record and the graph before it commits', () => {
  it.each([
    ['a plan whose order does not exist', () => edited(firstPlan(), (l) => ({ ...l, v: { ...l.v, order: 999_999 } })), /"order" refers to orders 999999/],
    ['a plan value []', () => edited(firstPlan(), (l) => ({ ...l, v: [] })), /must be an object/],
    ['a string key', () => edited(firstPlan(), (l) => ({ ...l, k: String(l.k) })), /"k" must be a whole number/],
    ['a plan status of 123', () => edited(firstPlan(), (l) => ({ ...l, v: { ...l.v, status: 123 } })), /"status" must be one of/],
    ['a missing orderItems collection', () => valid.filter((l) => !l.startsWith('{"map":"orderItems"')).map((l) => (l.startsWith('{"end"') ? JSON.stringify({ end: true, lines: valid.filter((x) => !x.startsWith('{"map":"orderItems"')).length - 2 }) : l)), /line \d+: .*orderItems \d+/],
    ['an extra_field nested 200,000 deep', () => {
      const i = lineOf((l) => l.map === 'orders');
      const lines = edited(i, (l) => ({ ...l, v: { ...l.v, extra_field: { x: 'DEEP' } } }));
      lines[i] = lines[i]!.replace('"DEEP"', deep(200_000));
      return lines;
    }, /"extra_field" must be an object nested at most 32 deep/],
    ['a date past year 9999', () => edited(firstPlan(), (l) => ({ ...l, v: { ...l.v, created_date: '+010000-01-01T00:00:00.000000Z' } })), /"created_date" must be an ISO 8601/],
  ])('refuses %s with 400 naming the line, the state unchanged', async (_name, make, message) => {
    const before = await exportText();
    const res = await importLines(make());
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(body.code).toBe('invalid_state');
    expect(body.detail).toMatch(/line \d+/);
    expect(body.detail).toMatch(message);
    expect(body.detail).not.toMatch(/Maximum call stack|RangeError|TypeError/);
    expect(await exportText()).toBe(before);
  });

  it('answers every read of an import that passed, and refuses the rest naming a line (property)', async () => {
    const data = valid.map((_, i) => i).filter((i) => i > 0 && i < valid.length - 1);
    const corruption = fc.oneof(
      // a field's value replaced by any JSON value
      fc.record({ kind: fc.constant('value' as const), line: fc.constantFrom(...data), pick: fc.nat(), value: fc.jsonValue({ maxDepth: 3 }) }),
      // a field removed, or one added
      fc.record({ kind: fc.constant('drop' as const), line: fc.constantFrom(...data), pick: fc.nat() }),
      fc.record({ kind: fc.constant('add' as const), line: fc.constantFrom(...data), name: fc.string({ maxLength: 8 }) }),
      // a whole line dropped, or a reference pointed elsewhere
      fc.record({ kind: fc.constant('lose' as const), line: fc.constantFrom(...data) }),
      fc.record({ kind: fc.constant('key' as const), line: fc.constantFrom(...data), value: fc.oneof(fc.integer({ min: -2, max: 400 }), fc.string({ maxLength: 3 })) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(corruption, { minLength: 1, maxLength: 3 }), async (changes) => {
        let lines = [...valid];
        for (const c of changes) {
          const at = Math.min(c.line, lines.length - 2);
          if (at < 1) continue;
          const parsed = JSON.parse(lines[at]!);
          if (c.kind === 'lose') {
            lines.splice(at, 1);
            continue;
          }
          if (c.kind === 'key') parsed.k = c.value;
          else if (parsed.v && typeof parsed.v === 'object' && !Array.isArray(parsed.v)) {
            const names = Object.keys(parsed.v);
            const name = names[('pick' in c ? c.pick : 0) % Math.max(names.length, 1)];
            if (c.kind === 'value' && name !== undefined) parsed.v[name] = c.value;
            if (c.kind === 'drop' && name !== undefined) delete parsed.v[name];
            if (c.kind === 'add') parsed.v[`x${c.name}`] = 1;
          } else if (c.kind === 'value') parsed.v = c.value;
          lines[at] = JSON.stringify(parsed);
        }
        // Keep the trailer's count right, so the corruption itself is what is judged.
        lines = [...lines.slice(0, -1), JSON.stringify({ end: true, lines: lines.length - 2 })];
        const before = await exportText(SESSION);
        const res = await importLines(lines, SESSION);
        const body = await json(res);
        if (res.status === 400) {
          expect(body.detail).toMatch(/line \d+/);
          expect(await exportText(SESSION)).toBe(before);
        } else {
          expect(res.status, JSON.stringify(body)).toBe(200);
          await readEverything(SESSION);
        }
      }),
      { numRuns: 30, seed: 19_006 },
    );
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import { AUTH, json, type TestMock } from './support/test-mock.ts';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';

/**
 * A state import of generic rows, past the key check of engine-state-identity.test.ts (the last
 * review of the fourteenth session): an identity JSON reads as Infinity, a refused value echoed
 * whole, a sequence behind its rows (a create then replaced a widget).
 */
const W = '/api/v1/widgets/';
const NDJSON = { ...AUTH, 'Content-Type': 'application/x-ndjson' };

async function exportLines(mock: TestMock): Promise<string[]> {
  const text = await (await mock.request('/__mock/state', { headers: AUTH })).text();
  return text.split('\n').filter((l) => l.length > 0);
}
const put = (mock: TestMock, lines: string[]) =>
  mock.request('/__mock/state', { method: 'PUT', headers: NDJSON, body: `${lines.join('\n')}\n` });
const widgetOne = (lines: string[]) =>
  lines.findIndex((l) => JSON.parse(l).map === 'engineRows' && JSON.parse(l).v?.k === 1);

describe('a state import of generic rows, further', () => {
  it('refuses an identity JSON reads as Infinity (1e999): its export would write "k":null', async () => {
    const mock = await widgetMock();
    const lines = await exportLines(mock);
    const at = widgetOne(lines);
    const one = JSON.parse(lines[at]!);
    // Widget 1's line, its identity 1e999 under the key String(Infinity) files it at.
    lines[at] = JSON.stringify({ ...one, k: `${one.v.c}\u0000Infinity`, v: { ...one.v, k: 0 } })
      .replace(/"k":0,/, '"k":1e999,');
    const res = await put(mock, lines);
    expect(res.status, await res.clone().text()).toBe(400);
    expect(await res.text()).toContain(`line ${at + 1}:`);
    // Whatever an import takes, the mock's own export of it imports again.
    expect((await put(mock, await exportLines(mock))).status).toBe(200);
  });

  it('repeats at most ~100 characters of a refused row\'s values (SECURITY.md, memory budget)', async () => {
    const mock = await widgetMock();
    const lines = await exportLines(mock);
    const at = widgetOne(lines);
    const one = JSON.parse(lines[at]!);
    lines[at] = JSON.stringify({ ...one, v: { ...one.v, k: 'x'.repeat(1_000_000) } });
    const res = await put(mock, lines);
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(400);
    expect(text.length, text.slice(0, 300)).toBeLessThan(2_000);
  });

  it('refuses a generic sequence at or below a numeric identity of its collection', async () => {
    const mock = await widgetMock();
    const lines = await exportLines(mock);
    const at = lines.findIndex((l) => JSON.parse(l).map === 'engineSequences');
    const seq = JSON.parse(lines[at]!);
    lines[at] = JSON.stringify({ ...seq, v: { next: 2 } });
    const res = await put(mock, lines);
    expect(res.status, await res.clone().text()).toBe(400);
    // Had it loaded, the next create took pk 2 and replaced widget 2 (the count stayed 6).
    const before = (await json(await mock.request(`${W}?limit=100`, { headers: AUTH }))).count;
    expect((await send(mock, 'POST', W, { ...VALID, name: 'new' })).status).toBe(201);
    expect((await json(await mock.request(`${W}?limit=100`, { headers: AUTH }))).count).toBe(before + 1);
  });
});

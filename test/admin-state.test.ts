import { beforeAll, describe, expect, it } from 'vitest';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

const JSON_TYPE = { 'Content-Type': 'application/json' };
const NDJSON = { 'Content-Type': 'application/x-ndjson' };

let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 40 });
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  mock.request(path, {
    method: 'POST',
    headers: { ...JSON_TYPE, ...headers },
    body: JSON.stringify(body),
  });
const exportState = async (headers: Record<string, string> = {}) =>
  (await mock.request('/__mock/state', { headers })).text();
const importState = (body: string, headers: Record<string, string> = {}) =>
  mock.request('/__mock/state', { method: 'PUT', headers: { ...NDJSON, ...headers }, body });
const waitingPlan = () => [...mock.store.plans.values()].find((p) => p.status === 'waiting')!;
const moveTo = (pk: number, status: string) =>
  post(`/api/v1/cancellation_plans/${pk}/update_status/`, { status }, AUTH);

describe('admin reset and reseed', () => {
  it('resets the shared state to the seeded one', async () => {
    const plan = waitingPlan();
    expect((await moveTo(plan.pk, 'confirmed')).status).toBe(200);
    expect(mock.store.plans.get(plan.pk)!.status).toBe('confirmed');
    const res = await post('/__mock/reset', {});
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      reset: 'shared',
      session: null,
      counts: { plans: 40 },
    });
    expect(mock.store.plans.get(plan.pk)).toEqual(plan);
  });

  it('reseeds with a new seed and size, and the reset afterwards returns to that seed', async () => {
    const other = await createTestMock({ size: 12 });
    const res = await other.request('/__mock/reseed', {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ seed: 9, size: 7 }),
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      seed: 9,
      size: 7,
      sessions_dropped: 0,
      counts: { plans: 7 },
    });
    expect(other.store.plans.size).toBe(7);
    const health = await json(await other.request('/__mock/health'));
    expect(health).toMatchObject({ seed: 9, counts: { plans: 7 } });
    const first = [...other.store.plans.values()][0]!;
    await other.request('/__mock/reset', { method: 'POST' });
    expect([...other.store.plans.values()][0]).toEqual(first);
  });

  it.each([
    [{}, { seed: ['This field is required.'], size: ['This field is required.'] }],
    [{ seed: 'x', size: 5 }, { seed: ['A valid integer is required.'] }],
    [{ seed: 1, size: -1 }, { size: ['Ensure this value is greater than or equal to 0.'] }],
    [
      { seed: 1, size: 2_000_000 },
      { size: ['Ensure this value is less than or equal to 150000.'] },
    ],
    [[1], { non_field_errors: ['Invalid data. Expected a dictionary.'] }],
  ])('refuses reseed body %j naming the field', async (body, errors) => {
    const res = await post('/__mock/reseed', body);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual(errors);
  });

  it('answers DRF parse and media-type errors on reseed', async () => {
    const bad = await mock.request('/__mock/reseed', {
      method: 'POST',
      headers: JSON_TYPE,
      body: '{',
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).code).toBe('parse_error');
    const text = await mock.request('/__mock/reseed', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'seed=1',
    });
    expect(text.status).toBe(415);
  });
});

describe('admin state export and import', () => {
  it('exports newline-delimited JSON: a header, one line per record, sequences and a counted trailer', async () => {
    const res = await mock.request('/__mock/state');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await res.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ format: 'omnitron-mock-state', version: 1, seed: 1, size: 40 });
    const plans = lines.filter((l) => l.map === 'plans');
    expect(plans).toHaveLength(mock.store.plans.size);
    expect(plans[0].v).toEqual(mock.store.plans.get(plans[0].k));
    expect(lines.some((l) => l.tags === 'cancellation_plan')).toBe(true);
    expect(lines.find((l) => l.record === 'sequences').v).toEqual(mock.store.sequences);
    expect(lines.at(-1)).toEqual({ end: true, lines: lines.length - 2 });
  });

  it('round-trips exactly: export, change, import, export again gives the first export', async () => {
    await post('/__mock/reset', {});
    const first = await exportState();
    const plan = waitingPlan();
    await moveTo(plan.pk, 'cancelled');
    const request = [...mock.store.requests.values()][0]!;
    expect(
      (
        await post(
          `/api/v1/cancellation_requests/${request.id}/add_tag/`,
          { key: 'round-trip' },
          AUTH,
        )
      ).status,
    ).toBe(204);
    await post('/__mock/fixtures', { kind: 'order', items: 2 });
    const changed = await exportState();
    expect(changed).not.toBe(first);
    const res = await importState(first);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      imported: 'shared',
      session: null,
      counts: { plans: 40 },
    });
    expect(await exportState()).toBe(first);
    // Imported state is live: reads and writes work on it.
    expect(mock.store.plans.get(plan.pk)!.status).toBe('waiting');
    expect((await moveTo(plan.pk, 'confirmed')).status).toBe(200);
    await importState(changed);
    expect(await exportState()).toBe(changed);
  });

  it.each([
    [
      'a missing trailer (truncated upload)',
      (doc: string) => doc.split('\n').slice(0, -5).join('\n'),
      /without its end line/,
    ],
    [
      'a line that is not JSON',
      (doc: string) => doc.replace('\n{"map":"plans"', '\n{"map":plans'),
      /line \d+: /,
    ],
    [
      'an unknown collection',
      (doc: string) => doc.replace('"map":"plans"', '"map":"planz"'),
      /unknown collection "planz"/,
    ],
    [
      'a record under another key',
      (doc: string) =>
        doc.replace(
          /"map":"plans","k":(\d+)/,
          (_m, k) => `"map":"plans","k":${Number(k) + 100000}`,
        ),
      /stored under key/,
    ],
    [
      'sequences behind the stored keys',
      (doc: string) => doc.replace(/"plans":(\d+)(,"planItems")/, '"plans":1$2'),
      /sequences\.plans is 1/,
    ],
    ['another format', () => '{"hello":1}\n', /not an omnitron-mock-state document/],
    ['an empty document', () => '', /empty/],
    [
      'a wrong trailer count',
      (doc: string) => doc.replace(/\{"end":true,"lines":(\d+)\}/, '{"end":true,"lines":1}'),
      /counts 1 lines/,
    ],
  ])('refuses %s with 400 invalid_state and keeps the state', async (_name, spoil, message) => {
    await post('/__mock/reset', {});
    const before = await exportState();
    const res = await importState(spoil(before));
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.code).toBe('invalid_state');
    expect(body.detail).toMatch(message);
    expect(await exportState()).toBe(before);
  });

  it('streams the export in small chunks rather than one body', async () => {
    const res = await mock.request('/__mock/state');
    const reader = res.body!.getReader();
    const sizes: number[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read())
      sizes.push(r.value.byteLength);
    expect(sizes.length).toBeGreaterThan(3);
    expect(Math.max(...sizes)).toBeLessThan(256 * 1024);
  });

  it('reads an import as it arrives: a bad first line stops it long before the rest is sent', async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode(`${'{"map":"plans","k":1,"v":{}}\n'.repeat(2000)}`);
    const body = new ReadableStream<Uint8Array>({
      start: (controller) =>
        controller.enqueue(new TextEncoder().encode('{"format":"something-else"}\n')),
      pull: (controller) => {
        pulled += 1;
        if (pulled > 10_000)
          controller.close(); // 600 MB, were it all read
        else controller.enqueue(chunk);
      },
    });
    const res = await mock.request('/__mock/state', {
      method: 'PUT',
      headers: NDJSON,
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(400);
    expect(pulled).toBeLessThan(10);
  });

  it('takes only application/x-ndjson', async () => {
    const res = await mock.request('/__mock/state', {
      method: 'PUT',
      headers: JSON_TYPE,
      body: await exportState(),
    });
    expect(res.status).toBe(415);
  });

  it("exports and imports a session's own state with X-Mock-Session", async () => {
    await post('/__mock/reset', {});
    const shared = await exportState();
    const session = { 'X-Mock-Session': 'state-io' };
    await moveTo(waitingPlan().pk, 'confirmed');
    const res = await importState(shared, session);
    expect(await json(res)).toMatchObject({ imported: 'session', session: 'state-io' });
    expect(await exportState(session)).toBe(shared);
    expect(await exportState()).not.toBe(shared);
  });
});

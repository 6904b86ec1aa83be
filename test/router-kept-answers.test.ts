import { describe, expect, it } from 'vitest';
import { AUTH, createTestMock } from './support/test-mock.ts';

/**
 * The router keeps each path's whole answer by method (segment-router.ts, sixteenth session): the
 * same path again returns the very answer it made, parameters included. A client must still get
 * each path's own object, each method's own handler, and both after the kept paths have rolled
 * over into new generations (1,024 a generation, two kept).
 */
const REQUESTS = '/api/v1/cancellation_requests/';

describe("the router's kept answers", () => {
  it('answers every path with its own object, across more paths than two generations keep', async () => {
    const mock = await createTestMock();
    const ids = Array.from({ length: 2200 }, (_, i) => i + 1);
    const seen = new Map<number, number>();
    // Twice over: the second pass finds the first paths dropped, the last ones kept.
    for (let pass = 0; pass < 2; pass += 1) {
      for (const id of ids) {
        const res = await mock.app.request(`${REQUESTS}${id}/`, { headers: AUTH });
        const body = (await res.json()) as { id?: number };
        if (pass === 0) seen.set(id, res.status);
        expect(res.status, `pass ${pass}, request ${id}`).toBe(seen.get(id));
        if (res.status === 200) expect(body.id, `pass ${pass}, request ${id}`).toBe(id);
      }
    }
    expect([...seen.values()].filter((s) => s === 200).length).toBeGreaterThan(50);
    expect([...seen.values()].filter((s) => s === 404).length).toBeGreaterThan(1000);
  }, 120_000);

  it("runs each method's own handler on a path another method was answered on", async () => {
    const mock = await createTestMock();
    const path = `${REQUESTS}1/`;
    const before = await mock.getJson(path);
    const patched = await mock.request(path, { method: 'PATCH', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: '{"description":"kept answers"}' });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { description: string }).description).toBe('kept answers');
    expect((await mock.getJson(path)).description).toBe('kept answers');
    expect(before.description).not.toBe('kept answers');
    // A method no route of the path serves, then the read again.
    const deleted = await mock.request(path, { method: 'DELETE', headers: AUTH });
    expect(deleted.status).toBe(405);
    expect((await mock.getJson(path)).id).toBe(1);
  });
});

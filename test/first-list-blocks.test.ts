import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setBuildPacing } from '../src/store/sliced-build.ts';
import { healthAnswersDuring } from './support/health-during.ts';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * Issue 19: the first list after a start builds its kind's indexes in slices and waits for them;
 * other requests (health here) are answered between the slices instead of behind the whole build
 * (at 100,000 rows it took 0.3–4 s in one step). The builds are cut into a few rows a step so a
 * cheap size spans many turns; how long a slice holds the loop at 100,000 is the bench's to say
 * (`bench/first-list-blocks.ts`).
 */

/** Health answers that arrive while `list` is in flight: each one was let through between slices. */
async function healthDuring(mock: TestMock, path: string): Promise<{ health: number; body: any }> {
  const { health, result: res } = await healthAnswersDuring(mock, () => mock.request(path, { headers: AUTH }));
  expect(res.status).toBe(200);
  return { health, body: await json(res) };
}

describe('the first list after a start', () => {
  let restore: () => void;
  beforeEach(() => {
    restore = setBuildPacing({ sliceMs: 0, rowsAStep: 20 });
  });
  afterEach(() => restore());

  for (const [kind, path] of [
    ['plan list', '/api/v1/cancellation_plans/?status=waiting&limit=5'],
    ['request list', '/api/v1/cancellation_requests/?created_date__gte=2020-01-01T00:00:00Z&limit=5'],
    ['request tag list', '/api/v1/cancellation_requests/exclude_tags/?key=vip&limit=5'],
  ] as const) {
    it(`answers health between the slices of the ${kind}'s index builds, and the same page as once built`, async () => {
      const mock = await createTestMock();
      // The first answer of a route compiles its response validator: not the build's doing.
      expect((await mock.request('/__mock/health')).status).toBe(200);
      const first = await healthDuring(mock, path);
      expect(first.health).toBeGreaterThanOrEqual(5);
      // Everything is built now: the same answer, without waiting.
      const again = await healthDuring(mock, path);
      expect(again.body).toEqual(first.body);
      expect(first.body.count).toBeGreaterThan(0);
    });
  }
});

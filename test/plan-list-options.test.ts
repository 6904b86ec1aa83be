import { describe, expect, it } from 'vitest';
import { PLAN_TRANSITIONS } from '../src/domain/plans/plan-transitions.ts';
import type { Logger } from '../src/logger.ts';
import { AUTH, createTestMock } from './support/test-mock.ts';

/**
 * The plan list's filter options are made once per routes (issue 26, nineteenth session) instead
 * of once a request, and a list is answered without a promise once the indexes are built: each
 * request must still log its own ignored names and reserve `export_format` for the export, and a
 * session's list must answer the session's plans while the shared list answers the shared ones —
 * asked in turns, so that anything kept from one request or store for the next would show.
 */
const PLANS = '/api/v1/cancellation_plans/';

function capturing(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const none = () => {};
  return {
    level: 'info',
    error: none,
    warn: none,
    info: (m: string) => void lines.push(m),
    debug: none,
    lines,
  };
}
const ignoredLines = (logger: { lines: string[] }) =>
  logger.lines.filter((l) => l.startsWith('ignored query parameters'));

describe('plan list options', () => {
  it('logs each request its own ignored names and keeps export_format for the export, in turns', async () => {
    const logger = capturing();
    const mock = await createTestMock({ size: 30 }, { logger });
    for (let round = 0; round < 3; round += 1) {
      const page = await mock.request(`${PLANS}?zz${round}=1&limit=2`, { headers: AUTH });
      expect(page.status).toBe(200);
      expect(page.headers.get('X-Mock-Ignored-Params')).toBe(`zz${round}`);
      expect(((await page.json()) as { results: unknown[] }).results).toHaveLength(2);
      expect(ignoredLines(logger).at(-1)).toBe(
        `ignored query parameters on listCancellationPlans: zz${round}`,
      );

      const csv = await mock.request(`${PLANS}?export_format=csv&yy${round}=1`, { headers: AUTH });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('Content-Type')).toMatch(/^text\/csv/);
      expect(csv.headers.get('X-Mock-Ignored-Params')).toBe(`yy${round}`);
      expect(ignoredLines(logger).at(-1)).toBe(
        `ignored query parameters on listCancellationPlans: yy${round}`,
      );
    }
  });

  it("answers a session's list from the session's plans and the shared list from the shared ones, in turns", async () => {
    const mock = await createTestMock({ size: 30 });
    const plan = [...mock.store.plans.values()].find((p) => PLAN_TRANSITIONS[p.status].length > 0)!;
    const [from, to] = [plan.status, PLAN_TRANSITIONS[plan.status][0]!];
    const rowOf = async (query: string, session?: string) => {
      const res = await mock.request(`${PLANS}?${query}limit=1000`, {
        headers: { ...AUTH, ...(session && { 'X-Mock-Session': session }) },
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { results: { pk: number; status: string }[] }).results.find(
        (p) => p.pk === plan.pk,
      );
    };
    // The shared list first, so that whatever it keeps is kept before the session exists.
    expect((await rowOf(''))?.status).toBe(from);
    const moved = await mock.request(`${PLANS}${plan.pk}/update_status/`, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json', 'X-Mock-Session': 'p99-a' },
      body: JSON.stringify({ status: to }),
    });
    expect(moved.status).toBe(200);
    for (let round = 0; round < 2; round += 1) {
      expect((await rowOf('', 'p99-a'))?.status).toBe(to);
      expect((await rowOf(`status=${to}&`, 'p99-a'))?.status).toBe(to);
      expect((await rowOf(''))?.status).toBe(from);
      expect(await rowOf(`status=${to}&`)).toBeUndefined();
      expect((await rowOf(`status=${from}&`))?.status).toBe(from);
    }
  });
});

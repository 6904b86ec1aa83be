import { describe, expect, it } from 'vitest';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { createFixedClock } from '../src/common/clock.ts';
import { silentLogger } from '../src/logger.ts';
import { sharedSpecs } from './support/test-mock.ts';

const READS = [
  '/api/v1/cancellation_plans/?limit=50',
  '/api/v1/cancellation_plans/?page=3&status=completed',
  '/api/v1/cancellation_plans/2/',
  '/api/v1/cancellation_plans/cancellation_plan_statuses/',
  '/api/v1/cancellation_plans/?export_format=csv',
];

async function bodies(seed: number, today: string): Promise<string[]> {
  const { specs, checker } = await sharedSpecs();
  const mock = await buildMock(testConfig({ seed, size: 80 }), { logger: silentLogger, clock: createFixedClock(today), specs, checker });
  const auth = { Authorization: `Token ${testConfig().token}` };
  return Promise.all(READS.map(async (p) => (await mock.app.request(p, { headers: auth })).text()));
}

describe('deterministic seeding', () => {
  it('gives byte-identical bodies for every read from a fresh start with the same SEED, on any day', async () => {
    const monday = await bodies(7, '2026-01-05T08:00:00Z');
    const later = await bodies(7, '2031-09-30T23:59:59Z');
    expect(later).toEqual(monday);
    expect(monday[0]).toContain('"results"');
  });

  it('gives other data for another SEED', async () => {
    const a = await bodies(7, '2026-01-05T08:00:00Z');
    const b = await bodies(8, '2026-01-05T08:00:00Z');
    expect(b[0]).not.toEqual(a[0]);
  });
});

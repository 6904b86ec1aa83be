import { describe, expect, it } from 'vitest';
import { healthAnswersDuring } from './support/health-during.ts';
import { createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * Issue 19: a reseed on a running server answers health while it seeds — the seeding, its sorts
 * and tag passes, and the copy of the tags into the new shared state pause between slices — and
 * it gives the very state a start with the same SEED and size gives. How long the longest slice
 * holds the loop is the bench's to say (`bench/seed-blocks.ts`, bench/SOAK.md): at a size cheap
 * enough for this suite the blocks are a few ms, and a bound on them here measured the other
 * test files sharing this worker more than the reseed.
 */

function reseed(mock: TestMock, body: object): Promise<Response> {
  return mock.request('/__mock/reseed', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('a reseed on a running mock', () => {
  it('answers health between its slices', async () => {
    const mock = await createTestMock({ size: 0 });
    // The first answer of a route compiles its response validator: not the reseed's doing.
    expect((await mock.request('/__mock/health')).status).toBe(200);
    // One health call in flight at a time, the next sent as soon as one is answered: each answer
    // that arrives before the reseed's own is one the reseed let through between its slices.
    const { health, result: res } = await healthAnswersDuring(mock, () => reseed(mock, { seed: 3, size: 8_000 }));
    expect(res.status).toBe(200);
    expect((await json(res)).counts.plans).toBe(8_000);
    expect(health).toBeGreaterThanOrEqual(2);
  });

  it('holds byte for byte the state a start with the same seed and size holds', async () => {
    const started = await createTestMock({ seed: 5, size: 800 });
    const reseeded = await createTestMock({ seed: 1, size: 0 });
    expect((await reseed(reseeded, { seed: 5, size: 800 })).status).toBe(200);
    const a = await (await started.request('/__mock/state')).text();
    const b = await (await reseeded.request('/__mock/state')).text();
    expect(a.length).toBeGreaterThan(100_000);
    expect(b).toBe(a);
  });
});

import { describe, expect, it } from 'vitest';
import { createTestMock, json } from './support/test-mock.ts';

/**
 * Issue 19: a reseed on a running server is seeded in slices with a turn of the event loop
 * between them, so every other request is answered while it runs. Counted in turns of the event
 * loop, not in milliseconds: a reseed that ran in one piece would let almost none through.
 */
describe('a reseed', () => {
  it('lets the event loop turn many times, and health answer, while it seeds', async () => {
    const mock = await createTestMock({ size: 0 });
    let turns = 0;
    let healthDuring = 0;
    let done = false;
    const tick = () => {
      if (done) return;
      turns += 1;
      if (turns % 5 === 0)
        void mock.request('/__mock/health').then((r) => {
          if (!done && r.status === 200) healthDuring += 1;
        });
      setImmediate(tick);
    };
    setImmediate(tick);
    const res = await mock.request('/__mock/reseed', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ seed: 7, size: 10_000 }),
    });
    done = true;
    expect(res.status).toBe(200);
    expect((await json(res)).counts.plans).toBe(10_000);
    // Seeding 10,000 plans is several hundred ms of work even on a fast machine (2,000 was about
    // 100 ms, too close to five slices); in slices of 20 ms the loop turns between them.
    expect(turns).toBeGreaterThanOrEqual(5);
    expect(healthDuring).toBeGreaterThanOrEqual(1);
  });
});

import type { CancellationPlan } from '../../src/store/types.ts';
import { createTestMock, type TestMock } from './test-mock.ts';

/**
 * A fresh mock holding a plan that `pred` accepts. Write tests need particular seeded situations
 * (a refund plan taking an order's last open items, say); a small seed usually has one, and when
 * it does not — the seed evolves — a larger one is tried, so the test keeps its subject instead
 * of silently testing something else. Fails naming what it looked for.
 */
export async function mockWithPlan(
  pred: (plan: CancellationPlan, mock: TestMock) => boolean,
  what: string,
  sizes: readonly number[] = [80, 200, 400],
): Promise<{ mock: TestMock; plan: CancellationPlan }> {
  for (const size of sizes) {
    const mock = await createTestMock({ size });
    const plan = [...mock.store.plans.values()].find((p) => pred(p, mock));
    if (plan) return { mock, plan };
  }
  throw new Error(`no seeded plan ${what} (tried sizes ${sizes.join(', ')})`);
}

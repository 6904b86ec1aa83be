import { describe, expect, it } from 'vitest';
import { seedStore } from '../src/seed/seed-store.ts';
import { createStore } from '../src/store/store.ts';
import { seedDigest } from './support/seed-digest.ts';

/**
 * The seed's commit reads its drafts from a ledger of columns cut in chunks of 4,096 entries
 * (`seed-ledger.ts`); test/seed-golden's sizes (300 and 1,000 plans) never fill one. At 5,000
 * plans every column crosses a chunk (6,303 orders, 11,822 items, 4,564 requests): the seeded
 * data must be byte for byte what the seed made before the ledger (the hash is main's at 85372dc,
 * digested as test/seed-golden digests).
 */

describe('seeded data past a ledger chunk', () => {
  it('is byte for byte what it was for seed 7, size 5000', () => {
    const store = createStore();
    seedStore(store, { seed: 7, size: 5000 });
    expect([store.orders.size, store.orderItems.size, store.requests.size]).toEqual([6303, 11822, 4564]);
    expect(seedDigest(store)).toBe('09c6fb3f1cfe3062ce47fd2c3cc7df81cb6fcded55dad40b2e8657e0075213c4');
  });
});

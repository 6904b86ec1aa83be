import { createHash } from 'node:crypto';
import type { Store } from '../../src/store/store.ts';

/** The seeded entities (not derived indexes), in pk and insertion order. */
const ENTITIES = [
  'users', 'channels', 'customers', 'addresses', 'priceLists', 'stockLists', 'products', 'reasons',
  'orders', 'orderItems', 'plans', 'planItems', 'requests',
] as const;

/** The seeded data's digest as test/seed-golden pins it: the entities, then tags and sequences. */
export function seedDigest(store: Store): string {
  const hash = createHash('sha256');
  for (const name of ENTITIES) {
    hash.update(`#${name}\n`);
    for (const [pk, record] of store[name]) hash.update(`${pk}=${JSON.stringify(record)}\n`);
  }
  hash.update(JSON.stringify(store.tags.cancellation_plan.entries()));
  hash.update(JSON.stringify(store.tags.cancellation_request.entries()));
  hash.update(JSON.stringify(store.sequences));
  return hash.digest('hex');
}

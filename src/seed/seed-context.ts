import type { Store } from '../store/store.ts';
import type { Catalog } from './seed-catalog.ts';
import type { SeededCustomer } from './seed-customers.ts';
import type { OrderNumberSet } from './seed-number-set.ts';
import type { SeedPools } from './seed-pools.ts';
import type { SeededProduct } from './seed-products.ts';
import type { SeedRandom } from './seed-random.ts';

/** Everything the order and history generators share while one seed runs. */
export interface SeedContext {
  store: Store;
  random: SeedRandom;
  pools: SeedPools;
  catalog: Catalog;
  customers: SeededCustomer[];
  products: SeededProduct[];
  /** `SEED_REFERENCE_DATE` in epoch µs: every seeded event happens before it. */
  refUs: number;
  /** Order numbers handed out so far (they are unique). */
  orderNumbers: OrderNumberSet;
}

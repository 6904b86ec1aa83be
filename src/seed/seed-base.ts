import type { Store } from '../store/store.ts';
import { applyDataset } from './dataset-apply.ts';
import type { Dataset } from './dataset-types.ts';
import { seedCatalog } from './seed-catalog.ts';
import { buildPools } from './seed-pools.ts';
import { createSeedRandom, microsFromIso } from './seed-random.ts';
import { SEED_REFERENCE_DATE, seedStore, seedStoreInSlices } from './seed-store.ts';

/** What a base state is built from: the generator's seed and size, and a dataset on top. */
export interface BaseParams {
  seed: number;
  size: number;
  dataset?: Dataset | null;
}

/**
 * Fills an empty store with the generated seed and then the dataset, if any. A dataset with
 * `size` 0 is loaded alone: only the reference data it may need (users, channels, price and
 * stock lists, reasons) is generated, no customer, product or order. Throws a `DatasetError`
 * from the dataset; the caller drops the store then.
 */
export function seedBase(store: Store, params: BaseParams): void {
  seedGenerated(store, params.seed, params.size, Boolean(params.dataset));
  if (params.dataset) applyDataset(store, params.dataset);
}

/** The generated part of a base alone: what `dataset export` leaves out of a dataset. */
export function seedGenerated(store: Store, seed: number, size: number, withDataset: boolean): void {
  if (withDataset && size === 0) {
    const random = createSeedRandom(seed, SEED_REFERENCE_DATE);
    seedCatalog(store, random, buildPools(random), microsFromIso(SEED_REFERENCE_DATE));
  } else seedStore(store, { seed, size });
}

/**
 * `seedBase` for a running server: the generated part in slices that leave the event loop free
 * between them (`seedStoreInSlices`, the same bytes; `sliceMs` long at most, its default if not
 * given), then the dataset, if any, in one step.
 */
export async function seedBaseInSlices(store: Store, params: BaseParams, sliceMs?: number): Promise<void> {
  if (params.dataset && params.size === 0) seedGenerated(store, params.seed, 0, true);
  else await seedStoreInSlices(store, { seed: params.seed, size: params.size }, sliceMs);
  if (params.dataset) applyDataset(store, params.dataset);
}

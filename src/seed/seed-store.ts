import { BACKGROUND_SLICE_MS, runInSlices, runToEnd } from '../common/run-in-slices.ts';
import type { Store } from '../store/store.ts';
import { seedCatalog } from './seed-catalog.ts';
import { commitSteps } from './seed-commit.ts';
import type { SeedContext } from './seed-context.ts';
import { seedCustomers } from './seed-customers.ts';
import type { Drafts } from './seed-drafts.ts';
import { draftHistory, scriptFor } from './seed-history.ts';
import { SeedLedger } from './seed-ledger.ts';
import { OrderNumberSet } from './seed-number-set.ts';
import { draftOrder, type OrderKind } from './seed-orders.ts';
import { buildPools } from './seed-pools.ts';
import { seedProducts } from './seed-products.ts';
import { stampStory } from './seed-stamp.ts';
import { US, createSeedRandom, microsFromIso, type SeedRandom } from './seed-random.ts';

/** `size` is the number of cancellation plans; everything else scales with it. */
export interface SeedOptions {
  seed: number;
  size: number;
}

/** How many objects of each kind a seed made (the banner and the admin API show it). */
export interface SeedSummary {
  users: number;
  channels: number;
  customers: number;
  products: number;
  orders: number;
  orderItems: number;
  reasons: number;
  plans: number;
  requests: number;
}

/**
 * Every seeded date lies before this instant, and faker's own reference date is pinned to it, so
 * the same `SEED` answers byte-identical bodies on any day the mock is started.
 */
export const SEED_REFERENCE_DATE = '2025-06-02T09:00:00.000Z';

/** A few hundred plans: enough for every status, filter and page, small enough to start at once. */
export const DEFAULT_SIZE = 300;

/** Every fourth order is left alone (no request, no plan), so API tests can cancel fresh items. */
const UNTOUCHED_EVERY = 4;
/** Even a size-0 seed gets a handful of orders to cancel. */
const MIN_ORDERS = 8;

/**
 * Fills an empty store with a deterministic Omnitron object graph: users, channels, customers,
 * products, price and stock lists, reasons, orders with items, and `size` cancellation plans with
 * about as many requests, in every status, obeying DOMAIN.md's money and status rules
 * (`checkInvariants` holds on the result). The same `seed` and `size` give the same graph.
 * @example seedStore(createStore(), { seed: 42, size: DEFAULT_SIZE })
 */
export function seedStore(store: Store, options: SeedOptions): SeedSummary {
  return runToEnd(seedSteps(store, options));
}

/**
 * `seedStore` for a running server: the same steps (so the same bytes), run in slices of at most
 * `sliceMs` with a turn of the event loop between them, so health and every other request are
 * answered while a large reseed runs (issue 19: a million plans froze the server ~75 s).
 */
export function seedStoreInSlices(store: Store, options: SeedOptions, sliceMs = BACKGROUND_SLICE_MS): Promise<SeedSummary> {
  return runInSlices(seedSteps(store, options), sliceMs);
}

/** The seeding, as a generator that yields between small pieces of work (a few orders each). */
export function* seedSteps(store: Store, options: SeedOptions): Generator<void, SeedSummary> {
  const size = Math.max(0, Math.floor(options.size));
  const refUs = microsFromIso(SEED_REFERENCE_DATE);
  const random = createSeedRandom(options.seed, SEED_REFERENCE_DATE);
  const pools = buildPools(random);
  const catalog = seedCatalog(store, random, pools, refUs);
  const customers = yield* seedCustomers(store, random, pools, catalog, Math.min(30_000, 60 + Math.floor(size / 2)));
  const products = yield* seedProducts(store, random, Math.min(1_200, 40 + Math.floor(size / 25)), refUs);
  const ctx: SeedContext = { store, random, pools, catalog, customers, products, refUs, orderNumbers: new OrderNumberSet() };
  // Each order's drafts are scratch, read until its story is stamped; the ledger keeps what the
  // commit needs (`seed-ledger.ts`: kept drafts were promoted and died old, ~100 MB at 100,000).
  const ledger = new SeedLedger();
  const budget = { plans: size };
  let touchedCount = 0;
  for (let i = 0; budget.plans > 0 || i < MIN_ORDERS; i += 1) {
    const touched = i % UNTOUCHED_EVERY !== UNTOUCHED_EVERY - 1 && budget.plans > 0;
    const script = touched ? scriptFor(touchedCount) : null;
    const kind: OrderKind = script ? (touchedCount % 2 === 0 ? 'unshipped' : 'delivered')
      : random.weighted(touched ? TOUCHED_KINDS : UNTOUCHED_KINDS);
    const customer = script ? customers[touchedCount % customers.length]! : random.pick(customers);
    const units = script ? [1, 1, 1] : lineUnits(random);
    const draft = draftOrder(ctx, kind, customer, units, i);
    const drafts: Drafts = { orders: [], plans: [], requests: [] };
    draftHistory(ctx, drafts, draft, kind, touched, script, budget);
    draft.placedUs = placeInTime(random, refUs, draft.touched, window(kind, touched, draft.items.some((x) => x.held)));
    stampStory(draft, drafts, 0, 0);
    ledger.add(draft, drafts);
    if (touched) touchedCount += 1;
    if (i % 16 === 0) yield;
  }
  yield* commitSteps(store, random, ledger);
  return {
    users: store.users.size, channels: store.channels.size, customers: store.customers.size,
    products: store.products.size, orders: store.orders.size, orderItems: store.orderItems.size,
    reasons: store.reasons.size, plans: store.plans.size, requests: store.requests.size,
  };
}

const TOUCHED_KINDS: ReadonlyArray<readonly [OrderKind, number]> = [['unshipped', 50], ['delivered', 50]];
const UNTOUCHED_KINDS: ReadonlyArray<readonly [OrderKind, number]> = [['unshipped', 35], ['transit', 30], ['delivered', 35]];
const LINES = [[1, 55], [2, 28], [3, 12], [4, 5]] as const;
const UNITS = [[1, 90], [2, 7], [3, 3]] as const;

/** Units per order line (each unit is its own item, DOMAIN.md §2). */
function lineUnits(random: SeedRandom): number[] {
  const lines = random.weighted(LINES);
  const units: number[] = [];
  for (let i = 0; i < lines; i += 1) units.push(random.weighted(UNITS));
  return units;
}

/** How far back an order may lie: stories still open are recent, finished ones up to two years old. */
function window(kind: OrderKind, touched: boolean, open: boolean): number {
  if (open) return 45 * US.day;
  if (!touched) return kind === 'delivered' ? 700 * US.day : 6 * US.day;
  return 700 * US.day;
}

/** Places the story so its last event falls at least an hour before the reference date. */
function placeInTime(random: SeedRandom, refUs: number, spanUs: number, windowUs: number): number {
  return refUs - spanUs - random.int(US.hour, windowUs);
}

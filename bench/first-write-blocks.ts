/**
 * Issue 19 item 4, after the reseed itself: the FIRST write to each large shared collection after
 * a start (or a reseed) at the largest size. On main before the branch `adopt` that write copied
 * the collection's whole base (356,593 order items at 150,000 plans) into one new `Map` in one
 * step (`CopyOnWriteMap.ownAll`); now it starts a background adoption in 10 ms slices.
 *
 * A mock built in this process at `--size` (default `MAX_SIZE`), then, through `app.request()`:
 * a request create (writes the requests and the item), its PATCH, a plan `update_status`
 * (plans, and the order items / orders its side effects touch), a direct write to the plan items
 * (no API call writes them on a seeded plan), a session made `from: shared` (which freezes every
 * collection), and last a write to the orders with a `freeze` right after it, mid-adoption. For each, the longest gap
 * between two turns of the event loop from the write to 1.5 s after it, as the main thread's
 * running time (/proc/thread-self/schedstat: leaves out the waits for a core) and on the wall
 * clock, with the load average beside.
 *
 *   npx tsx bench/first-write-blocks.ts [--size N] [--reseed]
 *
 * The same file runs on code without adoption (it looks for src/state/adoption.ts and goes on
 * without it), so before/after is one file run on both trees. Never part of `npm test`.
 */
import './lib/under-start-flags.mjs';
import { parseArgs } from 'node:util';
import { buildMock } from '../src/build-mock.ts';
import { MAX_SIZE, testConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { load, ranMs, watchLoop } from './lib/loop-watch.ts';

const { values } = parseArgs({ options: { size: { type: 'string' }, reseed: { type: 'boolean' } } });
const size = Number(values.size ?? MAX_SIZE);
const AUTH = { Authorization: 'Token omnitron-mock-token', 'Content-Type': 'application/json' };
const adoption = await import('../src/state/adoption.ts').catch(() => null);
console.log(`code: ${adoption ? 'adoption in slices' : 'no adoption module (one-step ownAll)'}; size ${size.toLocaleString('en')}; load average ${load()}`);

const built = performance.now();
const mock = await buildMock({ ...testConfig(), size }, { logger: silentLogger, start: false });
const app = mock.app;
await app.request('/__mock/health');
if (values.reseed) {
  const res = await app.request('/__mock/reseed', { method: 'POST', headers: AUTH, body: JSON.stringify({ seed: 2, size }) });
  if (res.status !== 200) throw new Error(`reseed answered ${res.status}`);
}
console.log(`built${values.reseed ? ' and reseeded' : ''} in ${((performance.now() - built) / 1000).toFixed(1)} s`);
const store = mock.store;
const sizes = ['orders', 'orderItems', 'plans', 'planItems', 'requests'].map((f) => `${f} ${(store as unknown as Record<string, Map<unknown, unknown>>)[f]!.size}`);
console.log(`  collections: ${sizes.join(', ')}`);

/** Runs `write`, then watches the loop for 1.5 s: the longest gap in running time and wall clock. */
async function measure(label: string, write: () => Promise<Response | void>): Promise<void> {
  const watch = watchLoop();
  const before = load();
  const at = performance.now();
  const atRan = ranMs();
  const res = await write();
  const took = performance.now() - at;
  const tookRan = ranMs() - atRan;
  await new Promise((r) => setTimeout(r, 1500));
  watch.stop();
  const { gaps } = watch;
  const status = res ? `${res.status}` : 'direct';
  const maxRan = Math.max(...gaps.map((g) => g.ran));
  const maxWall = Math.max(...gaps.map((g) => g.ms));
  console.log(`${label} [${status}]: the write ${tookRan.toFixed(0)} ms running (${took.toFixed(0)} ms wall); ` +
    `longest block after it ${maxRan.toFixed(0)} ms running, ${maxWall.toFixed(0)} ms wall; ${gaps.filter((g) => g.ran > 50).length} blocks > 50 ms running ` +
    `(load average ${before} before, ${load()} after)`);
}

const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  Promise.resolve(app.request(path, { method, headers: { ...AUTH, ...headers }, body: body === undefined ? undefined : JSON.stringify(body) }));

// A free item (not shipped/cancelled, no waiting request on its order) and a cancel reason.
const waitingOrders = new Set([...store.orderItems.values()].filter((i) => i.cancel_status === 'waiting').map((i) => i.order));
const item = [...store.orderItems.values()].find((i) => !['50', '100', '600'].includes(i.status) && i.extra_field.quantity === undefined && !waitingOrders.has(i.order))!;
const reason = [...store.reasons.values()].find((r) => r.is_active && r.cancellation_type === 'cancel')!.pk;
let created = 0;
await measure('request create (requests, order items)', async () => {
  const res = await send('POST', '/api/v1/cancellation_requests/', { order_item: item.pk, reason, cancellation_type: 'cancel' });
  created = ((await res.clone().json()) as { id: number }).id;
  return res;
});
await measure('request PATCH (requests)', () => send('PATCH', `/api/v1/cancellation_requests/${created}/`, { description: 'bench' }));
const plan = [...store.plans.values()].find((p) => p.status === 'waiting')!;
await measure('plan update_status waiting → cancelled (plans, order items, orders)', () => send('POST', `/api/v1/cancellation_plans/${plan.pk}/update_status/`, { status: 'cancelled' }));
const [pk, planItem] = store.planItems.entries().next().value!;
await measure('plan item, direct write (plan items)', async () => void store.planItems.set(pk, { ...planItem }));
// A session from the shared state freezes every collection (`snapshotOf`): here none is adopting.
await measure('a session from shared (freezes every collection; none adopting)', () =>
  send('GET', '/api/v1/cancellation_plans/?limit=1', undefined, { 'X-Mock-Session': 'bench', 'X-Mock-Session-From': 'shared' }));
// The orders now read through what that session froze: the next write adopts them again, and a
// freeze right after it (another session from shared) lands mid-adoption (on main before the
// branch `adopt`: the write copied the orders in one step).
await measure('an order write, then orders.freeze() at once (mid-adoption)', async () => {
  const [opk, order] = store.orders.entries().next().value!;
  store.orders.set(opk, { ...order });
  const at = ranMs();
  (store.orders as unknown as { freeze(): unknown }).freeze();
  console.log(`  the freeze alone: ${(ranMs() - at).toFixed(0)} ms running`);
});
if (adoption) console.log(`adoptions still in progress at the end: ${adoption.adoptionsInProgress()}`);
await mock.webhooks.close();
process.exit(0);

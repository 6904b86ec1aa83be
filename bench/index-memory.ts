// What the list indexes cost in memory at a size (issue 26; ADR 0011): seeds a store, then
// builds the plan and request indexes group by group, printing the heap each one adds and how
// long its build took, then the heap, the memory outside it (typed arrays' buffers) and the RSS
// after every group. Run: node --expose-gc --import tsx bench/index-memory.ts [size]
import { loadavg } from 'node:os';
import { compileFilters } from '../src/domain/shared/filter-engine.ts';
import { planFilters } from '../src/domain/plans/plan-filters.ts';
import { requestFilters } from '../src/domain/requests/request-filters.ts';
import { newestFirst } from '../src/http/newest-first.ts';
import { seedStore } from '../src/seed/seed-store.ts';
import { sharedViewOf } from '../src/state/store-views.ts';
import { createStore } from '../src/store/store.ts';

const size = Number(process.argv[2] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
/** The heap in use plus typed arrays' buffers (which live outside it), after two collections. */
const heap = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const base = createStore();
seedStore(base, { seed: 1, size });
const store = sharedViewOf(base);
const r = store.requests.values().next().value!;
const p = store.plans.values().next().value!;
const groups: Array<[string, 'plans' | 'requests', Record<string, string>]> = [
  ['plan common (status, type, order, customer, channel)', 'plans', { status: 'waiting' }],
  ['plan more (invoice, users, remote ids, related)', 'plans', { created_by: '1' }],
  ['plan created_date sorted', 'plans', { created_date__gte: '2000-01-01' }],
  ['plan modified_date sorted', 'plans', { modified_date__gte: '2000-01-01' }],
  ['plan invoice date sorted', 'plans', { invoice_date: '2025-01-01' }],
  ['plan keys sorted', 'plans', { pk__gt: '1' }],
  ['request fields (status … plan status)', 'requests', { status: 'waiting' }],
  ['request folded text (order number … slug)', 'requests', { sku: 'x' }],
  ['request uuid', 'requests', { uuid: r.uuid }],
  ['request created_date sorted', 'requests', { created_date__gte: '2000-01-01' }],
  ['request modified_date sorted', 'requests', { modified_date__gte: '2000-01-01' }],
  ['request keys sorted', 'requests', { pk__gt: '1' }],
  ['request description folded', 'requests', { description: 'a' }],
];
console.log(`size ${size}: ${store.plans.size} plans, ${store.requests.size} requests (plan ${p.pk}); heap ${(heap() / 2 ** 20).toFixed(0)} MiB`);
let total = 0;
for (const [label, list, query] of groups) {
  const before = heap();
  const t = performance.now();
  const defs = list === 'plans' ? planFilters(store) : requestFilters(store);
  const compiled = compileFilters(defs as never, new Map(Object.entries(query)));
  const rows = newestFirst((list === 'plans' ? store.plans : store.requests) as Map<number, unknown>, compiled as never);
  void rows.length;
  const ms = performance.now() - t;
  const added = heap() - before;
  total += added;
  console.log(`  ${label.padEnd(52)} +${(added / 2 ** 20).toFixed(1).padStart(5)} MiB, built in ${ms.toFixed(0)} ms`);
}
const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
const m = process.memoryUsage();
console.log(`  total ${mib(total)} of heap; after every group: heap ${mib(m.heapUsed)}, outside the heap ${mib(m.external + m.arrayBuffers)}, RSS ${mib(m.rss)} (load ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);

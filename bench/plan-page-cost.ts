// What one uncached plan's JSON costs, and one page of ten, at a size (issue 26's plan list rows):
// in one process, side by side — the object graph (`serializePlan`), its `JSON.stringify`, the
// UTF-8 encoding, and `PlanJsonCache` misses (a fresh cache each page, so every plan is a miss)
// against hits. Every page reads ten plans no earlier page read; every tenth page follows a write.
// CPU time per plan (process.cpuUsage), the load average beside each figure.
//   node --import tsx bench/plan-page-cost.ts [size] [pages]
import './lib/under-start-flags.mjs';
import { loadavg } from 'node:os';
import { PlanJsonCache } from '../src/domain/plans/plan-json-cache.ts';
import { planJsonBytes } from '../src/domain/plans/plan-json-bytes.ts';
import { serializePlan } from '../src/domain/plans/serialize-plan.ts';
import { seedStore } from '../src/seed/seed-store.ts';
import { sharedViewOf } from '../src/state/store-views.ts';
import { createStore, type Store } from '../src/store/store.ts';
import type { CancellationPlan } from '../src/store/types.ts';

const size = Number(process.argv[2] ?? 100_000);
const pages = Number(process.argv[3] ?? 400);
const base = createStore();
seedStore(base, { seed: 1, size });
const store: Store = sharedViewOf(base);
const pks = [...store.plans.keys()];
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const utf8 = new TextEncoder();

/** Ten plans no other page of this run reads (a stride through all of them). */
const pageOf = (n: number): CancellationPlan[] =>
  Array.from({ length: 10 }, (_, i) => store.plans.get(pks[((n * 10 + i) * 7919) % pks.length]!)!);

/** A write every tenth page: a plan's status, as the HTTP bench's writer does. */
function write(n: number): void {
  const plan = store.plans.get(pks[(n * 104_729) % pks.length]!)!;
  store.plans.set(plan.pk, { ...plan, modified_date: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString() });
}

type Way = (page: CancellationPlan[], n: number) => number;
const kept = new PlanJsonCache();
const ways: Record<string, Way> = {
  'serializePlan (objects only)': (page) => page.reduce((s, p) => s + Object.keys(serializePlan(store, p)).length, 0),
  'serializePlan + JSON.stringify': (page) => page.reduce((s, p) => s + JSON.stringify(serializePlan(store, p)).length, 0),
  '… + TextEncoder.encode': (page) => page.reduce((s, p) => s + utf8.encode(JSON.stringify(serializePlan(store, p))).byteLength, 0),
  'planJsonBytes (UTF-8 from the records)': (page) => page.reduce((s, p) => s + planJsonBytes(store, p).byteLength, 0),
  'PlanJsonCache.bytes, every plan a miss': (page) => {
    const cache = new PlanJsonCache();
    return page.reduce((s, p) => s + cache.bytes(store, p).byteLength, 0);
  },
  'PlanJsonCache.bytes, every plan a hit (page warmed untimed)': (page) => page.reduce((s, p) => s + kept.bytes(store, p).byteLength, 0),
};

/**
 * Every way in turn on each page (interleaved, not one after the other: on the shared box the
 * load drifts within seconds), each on its own plans; CPU time per way from process.cpuUsage
 * around each call. A collection one way's garbage starts may land in another's time: the
 * interleaving spreads that over all of them.
 */
function measureAll(offset: number): Record<string, number> {
  const names = Object.keys(ways);
  const us: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  const hitWay = 'PlanJsonCache.bytes, every plan a hit (page warmed untimed)';
  const pageFor = (w: number, n: number) => pageOf(offset + (names[w] === hitWay ? n % 100 : (n * names.length + w)));
  for (let n = 0; n < 100; n += 1) for (const p of pageFor(names.indexOf(hitWay), n)) kept.bytes(store, p);
  for (let n = 0; n < 30; n += 1) names.forEach((name, w) => ways[name]!(pageFor(w, n + pages), n)); // warm-up
  for (let n = 0; n < pages; n += 1) {
    if (n % 10 === 9) write(offset + n);
    for (let k = 0; k < names.length; k += 1) {
      const w = (n + k) % names.length;
      const start = process.cpuUsage();
      ways[names[w]!]!(pageFor(w, n), n);
      const used = process.cpuUsage(start);
      us[names[w]!]! += used.user + used.system;
    }
  }
  for (const name of names) us[name] = us[name]! / (pages * 10);
  return us;
}

console.log(`plan page cost at ${size.toLocaleString('en')} plans, ${pages} pages of 10 per way (ways interleaved page by page), CPU µs per plan (user+system, GC included)`);
for (const round of [1, 2, 3]) {
  const us = measureAll(round * pages * 20);
  for (const [name, v] of Object.entries(us)) console.log(`  round ${round}  ${name.padEnd(60)} ${v.toFixed(1).padStart(7)} µs/plan  ${((v * 10) / 1000).toFixed(2)} ms/page  load ${load()}`);
}

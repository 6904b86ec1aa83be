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

function measure(way: Way, offset: number): { usPerPlan: number; bytes: number } {
  let bytes = 0;
  const hits = way === ways['PlanJsonCache.bytes, every plan a hit (page warmed untimed)'];
  for (let n = 0; n < 30; n += 1) bytes += way(pageOf(offset + n), n); // warm-up
  // The hit way reads pages it read just before (untimed): at most 100 pages, the cache's 1,000 plans.
  const warm = (n: number) => { if (hits) for (const p of pageOf(offset + 30 + (n % 100))) kept.bytes(store, p); };
  if (hits) for (let n = 0; n < 100; n += 1) warm(n);
  const start = process.cpuUsage();
  for (let n = 0; n < pages; n += 1) {
    if (n % 10 === 9) write(offset + n);
    bytes += way(pageOf(offset + 30 + (hits ? n % 100 : n)), n);
  }
  const used = process.cpuUsage(start);
  return { usPerPlan: (used.user + used.system) / (pages * 10), bytes };
}

console.log(`plan page cost at ${size.toLocaleString('en')} plans, ${pages} pages of 10 per way, CPU µs per plan (user+system, GC included)`);
let offset = 0;
for (const round of [1, 2]) {
  for (const [name, way] of Object.entries(ways)) {
    const m = measure(way, offset);
    offset += pages + 30;
    console.log(`  round ${round}  ${name.padEnd(42)} ${m.usPerPlan.toFixed(1).padStart(7)} µs/plan  ${(m.usPerPlan * 10 / 1000).toFixed(2)} ms/page  load ${load()}`);
  }
}

// What the kept plan JSON holds on the heap per plan (issue 26, eighth session: the many-match plan
// rows' p99 is the collector's, and what a page of uncached plans leaves behind lives as long as
// the cache keeps it — ~2,000 plans, ~200 pages — so it is promoted to old space and dies there).
// Fills a fresh `PlanJsonCache` to its capacity in one process, and prints the heap it added after
// a full collection (bytes a plan, heap and array buffers), and — with `--snapshot` — the objects
// added, by constructor, from two heap snapshots (before and after the fill). The store is seeded
// at `size` (10,000 by default: what a cache entry holds does not depend on the store's size, and
// a snapshot of a 100,000-plan heap takes minutes).
//   node --expose-gc --import tsx bench/plan-json-retained.ts [size] [--snapshot]
import './lib/under-start-flags.mjs';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { PlanJsonCache } from '../src/domain/plans/plan-json-cache.ts';
import { seedStore } from '../src/seed/seed-store.ts';
import { sharedViewOf } from '../src/state/store-views.ts';
import { createStore, type Store } from '../src/store/store.ts';

const args = process.argv.slice(2);
const size = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const snapshot = args.includes('--snapshot');
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');

const base = createStore();
seedStore(base, { seed: 1, size });
const store: Store = sharedViewOf(base);
const plans = [...store.plans.values()];

// Warm up: the shared records' kept texts (users, reasons, products, lists) are made once for
// good; they are not what a plan entry costs.
const warm = new PlanJsonCache();
for (const p of plans) warm.bytes(store, p);

/** Counts of heap snapshot nodes by type and name (a constructor's name for objects). */
function counts(): Map<string, { n: number; bytes: number }> {
  const file = join(tmpdir(), `plan-json-retained-${process.pid}.heapsnapshot`);
  writeHeapSnapshot(file);
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  rmSync(file);
  const f = snap.snapshot.meta.node_fields as string[];
  const types = snap.snapshot.meta.node_types[0] as string[];
  const [ti, ni, si] = [f.indexOf('type'), f.indexOf('name'), f.indexOf('self_size')];
  const out = new Map<string, { n: number; bytes: number }>();
  const nodes = snap.nodes as number[];
  for (let i = 0; i < nodes.length; i += f.length) {
    const type = types[nodes[i + ti]!];
    const key = `${type}:${type === 'object' || type === 'native' || type === 'closure' ? snap.strings[nodes[i + ni]!] : ''}`;
    const c = out.get(key) ?? { n: 0, bytes: 0 };
    c.n += 1;
    c.bytes += nodes[i + si]!;
    out.set(key, c);
  }
  return out;
}

const cache = new PlanJsonCache();
const fill = Math.min(cache.capacity, plans.length);
// The plans of the fill: from the middle of the store, so none is the warm-up cache's last.
const chosen = plans.slice(0, fill);
gc();
gc();
const before = snapshot ? counts() : null;
gc();
const m0 = process.memoryUsage();
for (const p of chosen) cache.bytes(store, p);
gc();
gc();
const m1 = process.memoryUsage();
const after = snapshot ? counts() : null;
const kept = cache.size;
console.log(`plan JSON cache at ${size.toLocaleString('en')} plans: ${kept} entries, ${(cache.keptBytes / 2 ** 20).toFixed(1)} MiB of JSON kept; load ${load()}`);
console.log(`  heap added ${((m1.heapUsed - m0.heapUsed) / kept).toFixed(0)} B a plan, array buffers ${((m1.arrayBuffers - m0.arrayBuffers) / kept).toFixed(0)} B a plan`);
if (before && after) {
  const rows = [...after].map(([k, a]) => ({ k, dn: a.n - (before.get(k)?.n ?? 0), db: a.bytes - (before.get(k)?.bytes ?? 0) }));
  rows.sort((x, y) => y.db - x.db);
  console.log('  added by the fill (snapshot after − before), largest first: type:name  objects  bytes  a plan');
  for (const r of rows.slice(0, 12)) console.log(`    ${r.k.padEnd(36)} ${String(r.dn).padStart(8)} ${String(r.db).padStart(10)}  ${(r.db / kept).toFixed(0).padStart(6)} B`);
}
// Keep both caches alive to the end (their entries are what is measured).
if (warm.size + cache.size < 0) console.log('');

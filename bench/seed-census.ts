/**
 * What a 100,000-plan seed is made of, and how long each phase takes, in one process: the
 * drafting loop, the commit into the store, the tagging, then buildMock's other work is not
 * included. Prints, per collection, the records and the fields they hold, the heap after each
 * phase, and (with --strings) the distinct and total string values the records hold, by field.
 *
 *   node --expose-gc --import tsx bench/seed-census.ts [size] [--strings]
 *
 * Never part of `npm test`: its figures are times.
 */
import './lib/under-start-flags.mjs';
import { loadavg } from 'node:os';
import { createStore } from '../src/store/store.ts';
import { seedSteps } from '../src/seed/seed-store.ts';

const size = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100_000);
const strings = process.argv.includes('--strings');
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const heap = () => (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0);
const store = createStore();
const steps = seedSteps(store, { seed: 1, size });
const t0 = performance.now();
let commitAt = 0;
// The commit begins when the orders map starts filling; the tags when requests stop growing.
for (let r = steps.next(); !r.done; r = steps.next()) {
  if (commitAt === 0 && store.orders.size > 0) commitAt = performance.now();
}
const t1 = performance.now();
console.log(`size ${size}: draft ${(commitAt - t0).toFixed(0)} ms, commit+tags ${(t1 - commitAt).toFixed(0)} ms, heap ${heap()} MiB (load ${load()})`);
(globalThis as { gc?: () => void }).gc?.();
console.log(`after gc: heap ${heap()} MiB`);
let records = 0;
let fields = 0;
for (const [name, value] of Object.entries(store)) {
  if (!(value instanceof Map) || value.size === 0) continue;
  let f = 0;
  let nested = 0;
  const byField = new Map<string, { total: number; distinct: Set<string> }>();
  for (const row of value.values()) {
    if (typeof row !== 'object' || row === null) continue;
    for (const [k, v] of Object.entries(row)) {
      f += 1;
      if (v !== null && typeof v === 'object') nested += Array.isArray(v) ? v.length : 1;
      if (strings && typeof v === 'string') {
        let s = byField.get(k);
        if (!s) byField.set(k, (s = { total: 0, distinct: new Set() }));
        s.total += 1;
        s.distinct.add(v);
      }
    }
  }
  records += value.size;
  fields += f;
  console.log(`${name.padEnd(20)} ${String(value.size).padStart(8)} records ${String(f).padStart(9)} fields (${(f / value.size).toFixed(1)}/record), nested ${nested}`);
  if (strings) {
    const rows = [...byField].sort((a, b) => b[1].distinct.size - a[1].distinct.size).slice(0, 12);
    for (const [k, s] of rows) console.log(`    ${k.padEnd(28)} ${String(s.total).padStart(8)} strings, ${String(s.distinct.size).padStart(8)} distinct`);
  }
}
console.log(`total ${records} records, ${fields} fields`);

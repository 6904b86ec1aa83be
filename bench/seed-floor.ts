/**
 * How far the 100,000-plan seed is from the cost of merely holding its graph (issue 26's start-up
 * target: ≤ 3 s from `npm start` to the first answer). In one process, side by side:
 *
 * 1. the seed itself (`seedStore`);
 * 2. a shallow copy of every seeded record — new objects, the very same strings — kept alive: what
 *    allocating the records alone costs, with no draw, no string and no index;
 * 3. `v8.deserialize` of the records serialized beforehand: what any cache of the seeded state
 *    (a file, a worker thread handing its result over) would pay to bring them back, before
 *    reading the file and before the store's maps and indexes.
 *
 * Each as the main thread's running time (Linux schedstat: waits for a core left out) and as
 * the process's CPU time (the collector's threads too), with ratios to the seed and the load
 * average beside.
 *
 *   npx tsx bench/seed-floor.ts [--size 100000]
 *
 * Never part of `npm test`: its figures are times, and it needs ~2 GiB.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { seedStore } from '../src/seed/seed-store.ts';
import { createStore } from '../src/store/store.ts';

const { values } = parseArgs({ options: { size: { type: 'string' } } });
const size = Number(values.size ?? 100_000);
const ENTITIES = [
  'users', 'channels', 'customers', 'addresses', 'priceLists', 'stockLists', 'products', 'reasons',
  'orders', 'orderItems', 'plans', 'planItems', 'requests',
] as const;

const ranMs = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
const load = () => loadavg().map((x) => x.toFixed(1)).join(' / ');

/** Runs `work`, answering its main-thread and whole-process CPU milliseconds. */
function measure<T>(work: () => T): { ran: number; cpu: number; value: T } {
  const ran0 = ranMs();
  const cpu0 = process.cpuUsage();
  const value = work();
  const cpu = process.cpuUsage(cpu0);
  return { ran: ranMs() - ran0, cpu: (cpu.user + cpu.system) / 1000, value };
}

const store = createStore();
const seed = measure(() => seedStore(store, { seed: 1, size }));
const rows = ENTITIES.map((name) => [...store[name].values()] as object[]);
const count = rows.reduce((n, list) => n + list.length, 0);
const copies = measure(() => rows.map((list) => list.map((row) => ({ ...row }))));
const blobs = rows.map((list) => serialize(list));
const mib = blobs.reduce((n, b) => n + b.length, 0) / 2 ** 20;
const cached = measure(() => blobs.map((b) => deserialize(b) as unknown));

const line = (what: string, m: { ran: number; cpu: number }) =>
  `${what}: ${m.ran.toFixed(0)} ms main thread (${(m.ran / seed.ran).toFixed(2)} × the seed), ${m.cpu.toFixed(0)} ms CPU`;
console.log(`at ${size.toLocaleString('en')} plans, ${count.toLocaleString('en')} records (load average ${load()}):`);
console.log(`  ${line('the seed', seed)}`);
console.log(`  ${line('shallow copies of the records', copies)}`);
console.log(`  ${line(`v8.deserialize of the records (${mib.toFixed(0)} MiB)`, cached)}`);
// Kept alive to the end, as a store keeps them.
if (copies.value.length + (cached.value as unknown[]).length === 0) console.log('');

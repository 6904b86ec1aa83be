// The derived indexes' two key tables — `KeyColumn` (a row's value by row key) and `ValueBuckets`
// (the keys filed under a value) — from several checkouts in one process, in alternating rounds
// (eighteenth session, tidy: the one slots rule, `DenseSlots`). For each shape, ns a `get` (every
// key once a round, in a scattered order, as a page's `has` and a lookup's value reach them) and
// the heap a table of 100,000 keys holds, so a change of where keys live (slots or the map) shows
// as bytes too, which the load does not move.
//   node --expose-gc --import tsx bench/key-tables-side-by-side.ts /path/a,/path/b [rounds, default 12]
// Shapes: `dense` every key 1…100,000 (a seeded column); `part-40` 40 % of them (the request
// description's text column: 36,888 of 92,402 at 100,000); `part-20` 20 % (under the old
// bound of 1 in 4 its keys went to the map past the first chunks; at 1 in 6 they get slots); `buckets` a value index's table of
// 80,000 pk values and 20 texts (a plan's order, a request's order item).
import { loadavg } from 'node:os';
import { resolve } from 'node:path';

type Table = { get(k: unknown): unknown; set(k: unknown, v: unknown): unknown };
const roots = process.argv[2]!.split(',').map((r) => resolve(r));
const ROUNDS = Number(process.argv[3] ?? 12);
/** Passes over every key a round (PASSES=…): a round long enough that a scheduler's pause is a small part of it. */
const PASSES = Number(process.env.PASSES ?? 10);
const N = 100_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
/** A scattered but fixed order of 1…N (a multiplicative step modulo N, coprime to it). */
const order = Array.from({ length: N }, (_, i) => ((i * 7919) % N) + 1);
/** Whether key `k` holds a value in a column filled `percent` %, spread as a hash spreads them. */
/** Fifty texts, shared: the heap held is the table's own. */
const TEXTS = Array.from({ length: 50 }, (_, i) => `t${i}`);
const held = (k: number, percent: number) => ((k * 2654435761) >>> 0) % 100 < percent;

const shapes: Record<string, (m: { KeyColumn: new () => Table; ValueBuckets: new () => Table }) => { table: Table; keys: unknown[] }> = {
  dense: (m) => {
    const table = new m.KeyColumn();
    for (let k = 1; k <= N; k += 1) table.set(k, TEXTS[k % 50]);
    return { table, keys: order };
  },
  'part-40': (m) => part(m, 40),
  'part-20': (m) => part(m, 20),
  buckets: (m) => {
    const table = new m.ValueBuckets();
    for (let v = 1; v <= 80_000; v += 1) table.set(v, v);
    for (let t = 0; t < 20; t += 1) table.set(`text ${t}`, t + 1);
    const keys: unknown[] = order.map((k) => (k <= 80_000 ? k : `text ${k % 20}`));
    return { table, keys };
  },
};
function part(m: { KeyColumn: new () => Table }, percent: number) {
  const table = new m.KeyColumn();
  for (let k = 1; k <= N; k += 1) if (held(k, percent)) table.set(k, TEXTS[k % 50]);
  return { table, keys: order };
}

const modules = await Promise.all(
  roots.map(async (root) => ({
    KeyColumn: (await import(`${root}/src/store/key-column.ts`)).KeyColumn,
    ValueBuckets: (await import(`${root}/src/store/buckets.ts`)).ValueBuckets,
  })),
);
const med = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1]!;
let sink = 0;
for (const [name, make] of Object.entries(shapes)) {
  const heap: number[] = [];
  const sides = modules.map((m) => {
    gc();
    gc();
    const before = process.memoryUsage().heapUsed;
    const side = make(m);
    gc();
    gc();
    heap.push(process.memoryUsage().heapUsed - before);
    return side;
  });
  const ns = sides.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round += 1) {
    const turn = round % 2 ? [...sides.keys()].reverse() : [...sides.keys()];
    for (const s of turn) {
      const { table, keys } = sides[s]!;
      const t = process.hrtime.bigint();
      for (let pass = 0; pass < PASSES; pass += 1) for (let i = 0; i < keys.length; i += 1) if (table.get(keys[i]) !== undefined) sink += 1;
      ns[s]!.push(Number(process.hrtime.bigint() - t) / (PASSES * keys.length));
    }
  }
  const ratios = ns.slice(1).map((side) => side.map((v, i) => (v / ns[0]![i]!).toFixed(2)).join(' ')).join(' | ');
  console.log(`${name.padEnd(8)} ns a get ${ns.map((s) => med(s).toFixed(1)).join(' | ')}  (${roots.map((r) => r.split('/').pop()).join(' | ')});  each ÷ first per round: ${ratios};  heap held ${heap.map((b) => (b / 2 ** 20).toFixed(2)).join(' | ')} MiB  load ${load()}`);
}
if (sink < 0) console.log(sink);

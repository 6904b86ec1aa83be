// What keeping a generic list's orderings costs a write (issue 26, tenth session, engine-list):
// 1,000 widget-shaped rows in the store's `engineRows` (a `StoreMap`), the hot row's ten orderings
// kept (`keptOrder`), then writes as the bench sends them (a PATCH: a new object for one row, its
// `modified_date` now the newest), each followed by a list in every ordering, which files the
// write. Checkouts side by side, rounds alternating; µs per write (and its ten filings).
//   node --import tsx bench/engine-kept-order-cost.ts /path/before,/path/after   (N writes a round, default 20000; ROUNDS, default 6)
//   BURST=1: the lists as the hot row asks them (bench/lib/hot-rows.mjs): nine lists and a write in
//   every ten requests, each ordering listed for 100 pages in a row, so ~90 writes wait between two
//   runs of one ordering's lists (fourteenth session, engine-mix); µs per write with its filings.
import './lib/under-start-flags.mjs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';

const roots = process.argv[2]!.split(',').map((r) => resolve(r));
const N = Number(process.env.N ?? 20000);
const ROUNDS = Number(process.env.ROUNDS ?? 6);
const ORDERINGS = ['pk', '-pk', 'priority', '-priority', 'name', '-name', 'created_date', '-created_date', 'modified_date', '-modified_date'];
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');

async function sideOf(root: string) {
  const { StoreMap } = await import(`${root}/src/store/store-map.ts`);
  const { engineRowKey } = await import(`${root}/src/store/engine-row-index.ts`);
  const { keptOrder } = await import(`${root}/src/engine/engine-orderings.ts`);
  const rows = new StoreMap();
  // Microsecond ISO dates as the engine writes them, one a second from 2026-01-01 (made cheaply:
  // the write's cost here should be the filing's, not the bench's).
  const date = (i: number) => `2026-01-${String(1 + Math.floor(i / 86400)).padStart(2, '0')}T${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000000Z`;
  const widget = (pk: number, m: number) => ({ pk, uuid: `u-${pk}`, name: `Widget ${pk % 97} çğü`, status: 'active', priority: pk % 11, channel: 3, note: null, created_date: date(pk), modified_date: date(m) });
  for (let pk = 1; pk <= 1000; pk += 1) rows.set(engineRowKey('widgets', pk), { c: 'widgets', k: pk, o: widget(pk, pk) });
  const orders = ORDERINGS.map((o) => [{ field: o.replace(/^-/, ''), sign: o.startsWith('-') ? -1 : 1 }]);
  // Each ordering's kept name, made once as a list handler keeps it (a checkout without the
  // argument ignores it and makes the name per call, as its handler did).
  const names = ORDERINGS.map((o) => `widgets\u0000${o}`);
  let clock = 2000;
  let read = 0;
  const burst = (n: number) => {
    let sum = 0;
    for (let i = 0; i < n; i += 1) {
      const pk = ((i * 7) % 1000) + 1;
      rows.set(engineRowKey('widgets', pk), { c: 'widgets', k: pk, o: { ...widget(pk, clock++), note: `bench note ${i}` } });
      for (let r = 0; r < 9; r += 1) {
        const k = Math.floor(read++ / 100) % orders.length;
        sum += keptOrder(rows, 'widgets', orders[k], names[k])!.length;
      }
    }
    return sum;
  };
  if (process.env.BURST) {
    burst(2000);
    return burst;
  }
  const run = (n: number) => {
    let sum = 0;
    for (let i = 0; i < n; i += 1) {
      const pk = ((i * 7) % 1000) + 1;
      rows.set(engineRowKey('widgets', pk), { c: 'widgets', k: pk, o: { ...widget(pk, clock++), note: `bench note ${i}` } });
      for (let k = 0; k < orders.length; k += 1) sum += keptOrder(rows, 'widgets', orders[k], names[k])!.length;
    }
    return sum;
  };
  run(2000);
  return run;
}

const sides = [];
for (const root of roots) sides.push(await sideOf(root));
const per = sides.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round += 1) {
  const order = round % 2 ? [...sides.keys()].reverse() : [...sides.keys()];
  for (const k of order) {
    const t = process.cpuUsage();
    sides[k]!(N);
    const d = process.cpuUsage(t);
    per[k]!.push((d.user + d.system) / N);
  }
}
const med = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1]!;
const ratios = per.slice(1).map((side) => side.map((v, i) => (v / per[0]![i]!).toFixed(2)).join(' ')).join(' | ');
console.log(`kept orderings, a write and ten filings: µs ${per.map((p) => med(p).toFixed(2)).join(' | ')}  (${roots.map((r) => r.split('/').pop()).join(' | ')});  each ÷ first per round: ${ratios}  load ${load()}`);
process.exit(0);

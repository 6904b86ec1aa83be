// What building plans' JSON no cache holds allocates and costs (issue 26, eighth session: the
// many-match plan rows build ~10 such plans a request, and their garbage sets how often the
// scavenger runs). Builds every plan's JSON `rounds` times (`planJsonBytes`, no cache) and prints
// KB allocated a plan (the sum of `allocated=` over the collector's trace: this script runs itself
// again under `--trace-gc-nvp` and `npm start`'s flags) and CPU µs a plan, load average beside.
// Run it from two checkouts, one after the other, for a before/after.
//   node --import tsx bench/plan-json-alloc.ts [size] [rounds]
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { planJsonBytes } from '../src/domain/plans/plan-json-bytes.ts';
import { seedStore } from '../src/seed/seed-store.ts';
import { sharedViewOf } from '../src/state/store-views.ts';
import { createStore } from '../src/store/store.ts';
import { START_FLAGS } from './lib/start-flags.mjs';

const [size = 10_000, rounds = 3] = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');

if (!process.execArgv.includes('--trace-gc-nvp')) {
  const run = spawnSync(process.execPath, [...START_FLAGS, '--trace-gc-nvp', ...process.execArgv, ...process.argv.slice(1)], { encoding: 'utf8', maxBuffer: 2 ** 28 });
  const out = run.stdout;
  const measured = out.slice(out.indexOf('BEGIN\n'), out.indexOf('END '));
  const allocated = [...measured.matchAll(/ allocated=(\d+)/g)].reduce((s, m) => s + Number(m[1]), 0);
  const scavenges = (measured.match(/ gc=s /g) ?? []).length;
  const [, builds, cpuUs, bytes] = /END (\d+) ([\d.]+) ([\d.]+)/.exec(out) ?? [];
  console.log(`plan JSON builds at ${size.toLocaleString('en')} plans, ${builds} builds: ${(allocated / Number(builds) / 1024).toFixed(1)} KB allocated a plan (${Number(bytes).toFixed(0)} B of JSON), ${scavenges} scavenges, ${Number(cpuUs).toFixed(1)} µs CPU a plan; load ${load()}`);
  process.exit(run.status ?? 1);
}

const base = createStore();
seedStore(base, { seed: 1, size });
const store = sharedViewOf(base);
const plans = [...store.plans.values()];
// Warm up: the shared records' kept texts are made once; the code is optimised.
for (const p of plans) planJsonBytes(store, p);
console.log('BEGIN');
let builds = 0;
let bytes = 0;
const cpu0 = process.cpuUsage();
for (let r = 0; r < rounds; r += 1) {
  for (const p of plans) {
    bytes += planJsonBytes(store, p).byteLength;
    builds += 1;
  }
}
const cpu = process.cpuUsage(cpu0);
console.log(`END ${builds} ${(cpu.user + cpu.system) / builds} ${bytes / builds}`);

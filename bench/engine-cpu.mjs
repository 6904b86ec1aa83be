// The resource engine's cost beside the domain's (issue 20: "a generic retrieve and a generic
// ten-item list within 10 % of the domain's plan retrieve and list in server CPU per request").
// One server (`serve --spec widgets.openapi.yaml`) answers all four calls, measured in turn in
// alternating rounds, so the machine's other work falls on each alike; the figure is the server's
// own CPU time per request (from /proc), printed with the load average beside it.
//
//   node bench/engine-cpu.mjs [--size 1000] [--rounds 3] [--seconds 3]
//
// Bounded: rounds × calls × (1 s warm-up + seconds). Never part of `npm test`.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { AUTH, discover, LIST_PATH } from './lib/calls.mjs';
import { measure, median } from './lib/load.mjs';
import { startMock } from './lib/servers.mjs';

const { values } = parseArgs({
  options: { size: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '3' } },
});
const size = Number(values.size);
const rounds = Number(values.rounds);
const mode = { warmupS: 1, durationS: Number(values.seconds) };
const FIXTURE = new URL('../test/fixtures/engine/widgets.openapi.yaml', import.meta.url).pathname;

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const mock = await startMock({ size, specs: [FIXTURE] });
try {
  const facts = await discover(mock.url);
  const calls = [
    ['plan retrieve', facts.detailPath],
    // The bench's plan list row (three filters, limit=10): what RESULTS.md calls the plan list.
    ['plan list, limit=10', LIST_PATH],
    ['generic retrieve', '/api/v1/widgets/1/'],
    ['generic list, limit=10', '/api/v1/widgets/?limit=10'],
    ['generic list, filtered', '/api/v1/widgets/?status=active&limit=10'],
  ];
  const cpu = Object.fromEntries(calls.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? calls : [...calls].reverse();
    for (const [name, path] of order) {
      const r = await measure({ url: mock.url, path, headers: AUTH, connections: 10 }, mode, mock.pid);
      if (r.non2xx > 0) throw new Error(`${name}: ${r.non2xx} answers were not 2xx`);
      cpu[name].push(r.cpuUsPerRequest);
      console.log(`round ${round + 1}/${rounds}  ${name.padEnd(24)} ${r.cpuUsPerRequest.toFixed(0).padStart(5)} µs CPU/req  ${r.rps.toFixed(0).padStart(6)} req/s  load ${load()}`);
    }
  }
  const m = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, median(v)]));
  console.log(`\nmedians at --size ${size} (${rounds} rounds of ${mode.durationS} s, load ${load()}):`);
  for (const [name, us] of Object.entries(m)) console.log(`  ${name.padEnd(24)} ${us.toFixed(0).padStart(5)} µs CPU/req`);
  console.log(`  generic retrieve / plan retrieve: ${(m['generic retrieve'] / m['plan retrieve']).toFixed(2)}`);
  console.log(`  generic list / plan list:         ${(m['generic list, limit=10'] / m['plan list, limit=10']).toFixed(2)}`);
} finally {
  await mock.stop();
}

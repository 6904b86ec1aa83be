// Issue 26's hot rows measured side by side: the mock (and the engine mock), bare Hono and plain
// node:http all up at once, and for each row short windows on each server in turn — one loaded
// at a time — repeated `alternations` times. The mock and Hono windows of one alternation are
// always adjacent (order mock, Hono, node:http, then reversed), so a drift of the host over
// minutes (bench/findings.md, sixth session: bare Hono's request detail went from 44 to 81 µs of
// CPU a request on an idle box) lands on both sides of each pair alike. Each window is pushed as
// one "round" of its scenario, so targets.mjs's median of per-round ratios is the median of the
// adjacent pairs' ratios.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fillWidgets, HOT_ROWS, hotClients, startHotCeiling } from './hot-rows.mjs';
import { hit, measure } from './load.mjs';
import { startMock } from './servers.mjs';

const load1 = () => loadavg()[0];

/**
 * Pins a process and all its threads (V8's compiler and collector helpers, libuv's pool) to `cpus`
 * (`taskset -a -p -c`); false when taskset is missing or refuses.
 */
function pin(pid, cpuList) {
  const r = spawnSync('taskset', ['-a', '-p', '-c', cpuList, String(pid)], { stdio: 'ignore' });
  return r.status === 0;
}

/**
 * Runs every hot row side by side; pushes one round per window into `out[hot-<row>-<side>]` and
 * sets `out[hot-<row>-mock].load = [at start, at end]` (1-minute load average).
 *
 * `mode.pin` (`--pin`, sixteenth session): after a row's alternations, as many again with every
 * server (mock, engine mock, Hono, node:http alike) pinned to CPU 1 and this process — the client —
 * to CPU 0, then unpinned for the next row. Those windows go to `pinned[<row>]` and never into
 * `out`: the figures against the 0.8 line stay the unpinned ones. What the pinned table measures
 * is how much of a row's gap is the scheduling of server and client on two shared cores (the
 * server preempted mid-request by its own client: bench/findings.md, fifteenth session,
 * engine-http) — each server then has one core to itself, less whatever else the box runs there.
 */
export async function runHotSideBySide({ mode, facts, out, engineFixture, log, pinned = {} }) {
  const servers = [];
  try {
    // Started one after another (the box has two cores), then all kept up.
    const mock = await startMock({ size: mode.size });
    servers.push(mock);
    const engine = await startMock({ size: mode.size, specs: [engineFixture] });
    servers.push(engine);
    const hono = await startHotCeiling({ kind: 'hono', bodiesFile: facts.hot.bodiesFile });
    servers.push(hono);
    const node = await startHotCeiling({ kind: 'node', bodiesFile: facts.hot.bodiesFile });
    servers.push(node);
    const filled = await fillWidgets(engine.url).then(() => null, (err) => err.message);
    for (const row of HOT_ROWS) {
      const id = (side) => `hot-${row.id}-${side}`;
      if (row.server === 'mock-engine' && filled !== null) {
        out[id('mock')].skipped = `could not create the widgets: ${filled.slice(0, 120)}`;
        continue;
      }
      const sides = [
        { side: 'mock', handle: row.server === 'mock-engine' ? engine : mock },
        { side: 'hono', handle: hono },
        { side: 'node', handle: node },
      ].map((s) => ({ ...s, setupClient: hotClients(row.id, facts.hot) }));
      const call = (s) => ({ url: s.handle.url, path: '/', connections: mode.hotConnections, setupClient: s.setupClient });
      for (const s of sides) await hit({ ...call(s), duration: mode.warmupS });
      const loadStart = load1();
      const alternate = async (record, label) => {
        for (let k = 0; k < mode.alternations; k += 1) {
          const order = k % 2 === 0 ? sides : [...sides].reverse();
          const line = {};
          for (const s of order) {
            const r = await measure(call(s), { warmupS: 0, durationS: mode.windowS }, s.handle.pid);
            record(s.side, r);
            line[s.side] = r;
          }
          log(`  ${row.id.padEnd(15)} ${label}alternation ${k + 1}/${mode.alternations}: ${sides.map((s) => `${s.side} ${line[s.side].rps.toFixed(0)} req/s ${line[s.side].cpuUsPerRequest.toFixed(0)} µs`).join(' · ')}  mock ÷ Hono ${(line.mock.rps / line.hono.rps).toFixed(2)}  load ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
        }
      };
      await alternate((side, r) => out[id(side)].rounds.push(r), '');
      out[id('mock')].load = [loadStart, load1()];
      if (mode.pin) {
        const all = `0-${cpus().length - 1}`;
        const ok = sides.every((s) => pin(s.handle.pid, '1')) && pin(process.pid, '0');
        try {
          if (!ok) {
            pinned[row.id] = { skipped: 'taskset could not pin (not installed, or fewer than two CPUs)' };
          } else {
            const rounds = { mock: [], hono: [], node: [], load: [load1()] };
            // The servers' caches and the JIT meet the new core: one warm-up window each, thrown away.
            for (const s of sides) await hit({ ...call(s), duration: mode.warmupS });
            await alternate((side, r) => rounds[side].push(r), 'pinned ');
            rounds.load.push(load1());
            pinned[row.id] = rounds;
          }
        } finally {
          for (const s of sides) pin(s.handle.pid, all);
          pin(process.pid, all);
        }
      }
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

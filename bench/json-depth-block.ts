// How long one JSON body holds the event loop (nineteenth session, qa5): a POST to login — which
// needs no token — with a 1 MiB body, in one process, checkouts side by side, rounds alternating.
// Each request is awaited alone, so its wall time is the time nothing else could run; CPU ms from
// process.cpuUsage beside it (less sensitive to the other processes on the box). Bodies:
//   deep     524,000 arrays inside one another (what the 1 MiB limit lets through)
//   chunks   the same bytes as arrays 999 deep side by side in one array (1,000 deep: every checkout reads it)
//   chunks32 the same as arrays 32 deep (as deep as a state import's free-form values may go)
//   empties  the same bytes as empty arrays side by side in one array (2 deep)
//   string   a 1 MiB string value (no nesting: what the depth scan costs a large ordinary body)
//   small    an ordinary login body (the scan skips texts of 1,000 characters or less)
//   node --import tsx bench/json-depth-block.ts /tmp/qa5-before,/work/wt-qa5 [deep,chunks,chunks32,empties,string,small]
// (ROUNDS, default 6; N requests a body a round, default 5, 2000 for `small`)
import './lib/under-start-flags.mjs';
import { resolve } from 'node:path';
import { loadavg } from 'node:os';

const roots = process.argv[2]!.split(',').map((r) => resolve(r));
const names = (process.argv[3] ?? 'deep,chunks,chunks32,empties,string,small').split(',');
const ROUNDS = Number(process.env.ROUNDS ?? 6);
const N = Number(process.env.N ?? 5);
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const MIB = 1 << 20;

function chunked(depth: number): string {
  const chunk = '['.repeat(depth) + ']'.repeat(depth);
  return `[${Array(Math.floor((MIB - 2) / (chunk.length + 1))).fill(chunk).join(',')}]`;
}
const bodies: Record<string, string> = {
  deep: '['.repeat(524_000) + ']'.repeat(524_000),
  chunks: chunked(999),
  chunks32: chunked(32),
  empties: chunked(1),
  string: JSON.stringify({ username: 'x'.repeat(MIB - 40), password: 'akinon' }),
  small: JSON.stringify({ username: 'akinon', password: 'akinon' }),
};

async function appOf(root: string) {
  const bm = await import(`${root}/src/build-mock.ts`);
  const cfg = await import(`${root}/src/config.ts`);
  const lg = await import(`${root}/src/logger.ts`);
  const mock = await bm.buildMock(cfg.loadConfig(['--seed', '1'], { LOG_LEVEL: 'silent' }), { logger: lg.silentLogger });
  return mock.app as { request: (url: string, init: RequestInit) => Promise<Response> };
}

const apps = [];
for (const root of roots) apps.push(await appOf(root));
const wall: number[][][] = roots.map(() => names.map(() => []));
const cpu: number[][][] = roots.map(() => names.map(() => []));
const statuses: string[][] = roots.map(() => names.map(() => ''));
console.log(`load before: ${load()}`);
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? roots.map((_, i) => i) : roots.map((_, i) => roots.length - 1 - i);
  for (const r of order) {
    for (const [b, name] of names.entries()) {
      const n = name === 'small' ? 2000 : N;
      const body = bodies[name]!;
      for (let i = 0; i < n; i++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const res = await apps[r]!.request('http://localhost/api/v1/auth/login/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
        const text = await res.text();
        const t1 = performance.now();
        const c1 = process.cpuUsage(c0);
        wall[r]![b]!.push(t1 - t0);
        cpu[r]![b]!.push((c1.user + c1.system) / 1000);
        statuses[r]![b] = `${res.status} ${text.slice(0, 60)}`;
      }
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number) => (x < 1 ? x.toFixed(3) : x.toFixed(1));
console.log(`load after: ${load()}; ${ROUNDS} rounds alternating; ms a request: wall median (min) | cpu median`);
for (const [b, name] of names.entries()) {
  for (const [r, root] of roots.entries()) {
    const w = wall[r]![b]!;
    console.log(`${name.padEnd(7)} ${root.padEnd(16)} ${fmt(median(w)).padStart(7)} (${fmt(Math.min(...w))}) | ${fmt(median(cpu[r]![b]!)).padStart(7)}   ${statuses[r]![b]}`);
  }
}

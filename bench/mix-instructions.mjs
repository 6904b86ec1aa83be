// A mix's cost in instructions, which the box's load hardly changes (bench/findings.md, fifteenth
// session, mix-ic): the mock runs under `valgrind --tool=callgrind` (instrumentation off through
// start-up and a warm-up of `--warm` requests, then on for `--n` requests, then dumped), and the
// instructions a request are read back — all threads, and the main thread alone (V8's compiler
// and collector helpers are the other threads) — with the main thread's split by room: the code
// that answers (V8's JIT code and builtins), V8's C++ (compilers, collector, runtime) and the rest
// (libc, libuv, node's C++). Modes on the request list row (or `--row engine-list`, or `--row
// engine-detail`: the engine's retrieve of 1,000 widgets, its write the same PATCH): `reads`,
// `mix` (nine reads and a PATCH of an id that does not exist: a 404 before its body is read),
// `only` (that PATCH alone), `write` (nine reads and the row's own write), `writeonly`. Each root
// and mode is a fresh mock, 10 connections. Prints each mix's excess over 0.9 × reads + 0.1 × its
// tenth alone. Never part of `npm test`; needs valgrind; ~2 min a mode.
//   node bench/mix-instructions.mjs [--row request-list|engine-list] [--roots A,B] [--modes reads,mix,only]
//                                   [--warm 15000] [--n 3000] [--sim] [--top 0] [--node-flags=--single-threaded]
// What is not held still: how far V8's background compiler got by the window, which valgrind's
// thread scheduling and the client's pace move — with the real write as the tenth request the
// answering room's excess moved from +3k to +29k between runs of the same code; compare rounds.
// --sim: callgrind's simulated cache and branch misses of the main thread and its cycle estimate.
// --node-flags=--single-threaded: V8 compiles on the main thread instead (the window then held
// mostly compiling in this session's runs: read the rooms).
// --top N: also the N functions whose instructions a request differ most between the first two
// modes of each root (callgrind_annotate; V8's JIT code has no names there, its builtins do).
// A root named `hono` (reads only): bench/ceiling-server.mjs --kind hono answering the very bytes a
// mock at seed 1 answers for each path sent (fetched first) — the mock ÷ ceiling gap in
// instructions, which no load moves (sixteenth session, front-cut).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fillWidgets, listQueries } from './lib/hot-rows.mjs';
import { getJson, REQUESTS } from './lib/calls.mjs';
import autocannon from 'autocannon';
import { freePort, ROOT, startMock, track } from './lib/servers.mjs';
import { START_FLAGS } from './lib/start-flags.mjs';
import { missingId, mixClients, mockServeArgs } from './lib/mix-clients.mjs';
import { functionsOf, perRequest, roomsOf } from './lib/callgrind.mjs';

const { values } = parseArgs({
  options: {
    roots: { type: 'string', default: ROOT },
    modes: { type: 'string', default: 'reads,mix,only' },
    warm: { type: 'string', default: '12000' },
    n: { type: 'string', default: '3000' },
    top: { type: 'string', default: '0' },
    connections: { type: 'string', default: '10' },
    sim: { type: 'boolean' },
    row: { type: 'string', default: 'request-list' },
    'node-flags': { type: 'string', default: '' },
  },
});
const load = () =>
  loadavg()
    .map((v) => v.toFixed(1))
    .join(' ');
const tmp = mkdtempSync(join(tmpdir(), 'mix-instructions-'));

// `--row engine-list`: the engine's ten-item list (ten orderings × 100 pages of 1,000 widgets) and a
// widget PATCH of its note, as bench/lib/hot-rows.mjs sends them; else the request list row.
const ENGINE_FIXTURE = join(ROOT, 'test/fixtures/engine/widgets.openapi.yaml');
const WIDGETS = '/api/v1/widgets/';
const engine = values.row === 'engine-list' || values.row === 'engine-detail';
const BASE = engine ? WIDGETS : REQUESTS;
const FIELD = engine ? 'note' : 'description';
let ids;
let paths;
if (engine) {
  const orderings = [
    'pk',
    '-pk',
    'priority',
    '-priority',
    'name',
    '-name',
    'created_date',
    '-created_date',
    'modified_date',
    '-modified_date',
  ];
  paths = orderings.flatMap((o) =>
    Array.from({ length: 100 }, (_, p) => `${WIDGETS}?limit=10&page=${p + 1}&ordering=${o}`),
  );
  // Widgets are filled on each measured mock (fillWidgets); their pks are 1…1,000.
  ids = Array.from({ length: 1000 }, (_, i) => ((i * 7) % 1000) + 1);
  if (values.row === 'engine-detail') paths = ids.map((id) => `${WIDGETS}${id}/`);
} else {
  const a = await startMock({ size: 1000 });
  const all = await getJson(a.url, `${REQUESTS}?limit=1000`).finally(() => a.stop());
  ids = all.json.results.map((r) => r.id);
  paths = listQueries(all.json.results, ['status', 'cancellation_type']).map(
    (q) => `${REQUESTS}?${q}`,
  );
}

function clients(mode) {
  // `write`/`writeonly`: a real request's PATCH as the tenth; otherwise one that answers 404 unread.
  const tenthPath = mode.startsWith('write')
    ? (n) => `${BASE}${ids[n % ids.length]}/`
    : missingId(BASE);
  return mixClients({ paths, tenthPath, field: FIELD, mode: mode === 'writeonly' ? 'only' : mode });
}

/** `amount` requests over `connections` keep-alive connections (no duration: the mock is slow under valgrind). */
async function send(url, connections, setupClient, amount) {
  const r = await autocannon({
    url,
    connections,
    setupClient,
    amount,
    pipelining: 1,
    timeout: 120,
  });
  const statusCodes = Object.fromEntries(
    Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, Number(v.count)]),
  );
  return { total: r.requests.total, statusCodes };
}

/**
 * The bodies file of a `hono` root: every path this run sends, as a seed-1 mock answers it (the
 * widgets filled as on the measured mocks), in bench/ceiling-server.mjs's `{get, write}` form.
 */
let bodiesFile = null;
async function ceilingBodies() {
  if (bodiesFile !== null) return bodiesFile;
  const m = await startMock({ size: 1000, ...(engine && { specs: [ENGINE_FIXTURE] }) });
  try {
    if (engine) await fillWidgets(m.url);
    const get = {};
    for (const path of paths) {
      const r = await getJson(m.url, path);
      if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
      get[path] = r.text;
    }
    bodiesFile = join(tmp, 'hot-bodies.json');
    writeFileSync(bodiesFile, JSON.stringify({ get, write: {} }));
    return bodiesFile;
  } finally {
    await m.stop();
  }
}

async function measure(root, mode) {
  const port = await freePort();
  const out = join(tmp, `cg-${mode}-${root.replace(/\W+/g, '_')}`);
  const server =
    root === 'hono'
      ? [
          join(ROOT, 'bench/ceiling-server.mjs'),
          '--port',
          String(port),
          '--kind',
          'hono',
          '--bodies',
          await ceilingBodies(),
        ]
      : [
          ...START_FLAGS,
          ...values['node-flags'].split(' ').filter(Boolean),
          ...mockServeArgs(root, port),
          ...(engine ? ['--spec', ENGINE_FIXTURE] : []),
        ];
  const args = [
    '--tool=callgrind',
    ...(values.sim ? ['--cache-sim=yes', '--branch-sim=yes'] : []),
    '--smc-check=all-non-file',
    '--instr-atstart=no',
    '--separate-threads=yes',
    `--callgrind-out-file=${out}`,
    process.execPath,
    ...server,
  ];
  const child = track(
    spawn('valgrind', args, {
      cwd: root === 'hono' ? ROOT : root,
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i += 1) {
      if (i > 600) throw new Error('the mock under valgrind did not start in 10 minutes');
      if (
        await fetch(`${url}${root === 'hono' ? '/__ready' : '/__mock/health'}`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    if (engine && root !== 'hono') await fillWidgets(url);
    const c = Number(values.connections);
    await send(url, c, clients(mode), Number(values.warm));
    execFileSync('callgrind_control', ['-i', 'on', String(child.pid)], { stdio: 'ignore' });
    const r = await send(url, c, clients(mode), Number(values.n));
    execFileSync('callgrind_control', ['-d', String(child.pid)], { stdio: 'ignore' });
    const files = readdirSync(tmp)
      .filter((f) => f.startsWith(`${out.split('/').pop()}.`))
      .map((f) => join(tmp, f));
    return { ...perRequest(files, r.total), codes: r.statusCodes, files };
  } finally {
    child.kill('SIGKILL');
  }
}

const results = {};
for (const root of values.roots.split(',')) {
  for (const mode of values.modes.split(',')) {
    const m = await measure(root, mode);
    results[`${root} ${mode}`] = m;
    console.log(
      `${root.padEnd(26)} ${mode.padEnd(9)} ${(m.total / 1000).toFixed(1).padStart(7)} k instructions a request (main thread ${(m.main / 1000).toFixed(1)} k)  codes ${JSON.stringify(m.codes)}  load ${load()}`,
    );
    if (m.sim) {
      const x = m.sim;
      // callgrind_annotate's cycle estimate: Ir + 10 × (L1 misses + mispredicted branches) + 100 × last-level misses.
      x.est =
        x.Ir + 10 * (x.I1mr + x.D1mr + x.D1mw + x.Bcm + x.Bim) + 100 * (x.ILmr + x.DLmr + x.DLmw);
      console.log(
        `${''.padEnd(36)} main thread a request: I1 misses ${x.I1mr.toFixed(0)}, D1 misses ${(x.D1mr + x.D1mw).toFixed(0)}, LL misses ${(x.ILmr + x.DLmr + x.DLmw).toFixed(0)}, mispredicted branches ${(x.Bcm + x.Bim).toFixed(0)}; estimated cycles ${(x.est / 1000).toFixed(1)} k`,
      );
    }
  }
  const of = (mode) => results[`${root} ${mode}`];
  for (const [mixed, tenth] of [
    ['mix', 'only'],
    ['write', 'writeonly'],
  ]) {
    if (of('reads') && of(mixed) && of(tenth)) {
      const blend = (k) => 0.9 * of('reads')[k] + 0.1 * of(tenth)[k];
      console.log(
        `${root}: ${mixed} − (0.9 reads + 0.1 ${tenth}) = ${((of(mixed).total - blend('total')) / 1000).toFixed(1)} k (main ${((of(mixed).main - blend('main')) / 1000).toFixed(1)} k)`,
      );
      if (of(mixed).sim) {
        const sb = (k) => of(mixed).sim[k] - (0.9 * of('reads').sim[k] + 0.1 * of(tenth).sim[k]);
        console.log(
          `${root}: the same on the main thread, simulated: I1 misses ${sb('I1mr').toFixed(0)}, D1 misses ${(sb('D1mr') + sb('D1mw')).toFixed(0)}, LL misses ${(sb('ILmr') + sb('DLmr') + sb('DLmw')).toFixed(0)}, mispredicted branches ${(sb('Bcm') + sb('Bim')).toFixed(0)}, estimated cycles ${(sb('est') / 1000).toFixed(1)} k`,
        );
      }
    }
  }
  // Each mode's main-thread instructions by room: the code that answers (V8's JIT code and
  // builtins: the requests' own work), V8's C++ (its compilers, collector and runtime: how far
  // warm-up got moves these), and the rest (libc, libuv, node's C++). The excess of each room.
  const modes = values.modes.split(',');
  const rooms = Object.fromEntries(
    modes.filter((m) => of(m)).map((m) => [m, roomsOf(of(m).files, Number(values.n))]),
  );
  for (const m of Object.keys(rooms)) {
    const r = rooms[m];
    console.log(
      `${root} ${m.padEnd(9)} main thread by room, k a request: answering (JIT code + builtins) ${(r.answering / 1000).toFixed(1)}, V8 C++ ${(r.v8 / 1000).toFixed(1)} (of it compilers ${(r.compiler / 1000).toFixed(1)}, collector ${(r.gc / 1000).toFixed(1)}), rest ${(r.rest / 1000).toFixed(1)}`,
    );
  }
  for (const [mixed, tenth] of [
    ['mix', 'only'],
    ['write', 'writeonly'],
  ]) {
    if (!rooms.reads || !rooms[mixed] || !rooms[tenth]) continue;
    const ex = (k) => (rooms[mixed][k] - (0.9 * rooms.reads[k] + 0.1 * rooms[tenth][k])) / 1000;
    console.log(
      `${root}: ${mixed}'s excess by room, k a request: answering ${ex('answering').toFixed(1)}, V8 C++ ${ex('v8').toFixed(1)} (compilers ${ex('compiler').toFixed(1)}, collector ${ex('gc').toFixed(1)}), rest ${ex('rest').toFixed(1)}`,
    );
  }
  const top = Number(values.top);
  const [m1, m2] = modes;
  if (top > 0 && of(m1) && of(m2)) {
    const [f1, f2] = [functionsOf(of(m1).files), functionsOf(of(m2).files)];
    const n1 = Number(values.n);
    const diffs = [...new Set([...f1.keys(), ...f2.keys()])].map((k) => [
      k,
      ((f2.get(k) ?? 0) - (f1.get(k) ?? 0)) / n1,
    ]);
    diffs.sort((x, y) => Math.abs(y[1]) - Math.abs(x[1]));
    console.log(`${root}: main-thread instructions a request, ${m2} − ${m1}, by function:`);
    for (const [k, d] of diffs.slice(0, top)) console.log(`  ${d.toFixed(0).padStart(8)}  ${k}`);
  }
}

console.log(`callgrind files in ${tmp}`);

// A mix's cost in instructions, which no load on the box changes (bench/findings.md, fifteenth
// session, mix-ic): the mock runs under `valgrind --tool=callgrind` (instrumentation off through
// start-up and a warm-up of `--warm` requests, then on for `--n` requests, then dumped), and the
// instructions a request are read back — all threads, and the main thread alone (V8's compiler
// and collector helpers are the other threads). Modes as bench/mix-bare.mjs sends them on the
// request list row (or `--row engine-list`): `reads`, `mix` (nine reads and a PATCH of an id that does not exist: a 404
// before its body is read), `only` (that PATCH alone), `write` (nine reads and the row's own write,
// a new description), `writeonly`. Each root and mode is a fresh mock. Prints Ir a request and the
// mix's excess over 0.9 × reads + 0.1 × its tenth alone. Never part of `npm test`; needs valgrind.
//   node bench/mix-instructions.mjs [--roots A,B] [--modes reads,mix,only] [--warm 12000] [--n 3000] [--top 0]
// --node-flags '--single-threaded': V8 compiles and collects on the main thread, so how far its
// background compiler got (which the box's load and valgrind's scheduling move) cannot change how
// much of a window runs unoptimised code; the compiler's and collector's own instructions are then
// the main thread's too (`--top` names them).
// --top N: also the N functions whose instructions a request differ most between the first two
// modes of each root (callgrind_annotate; V8's JIT code has no names there, its builtins do).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fillWidgets, listQueries } from './lib/hot-rows.mjs';
import { AUTH, getJson, REQUESTS } from './lib/calls.mjs';
import autocannon from 'autocannon';
import { freePort, ROOT, startMock, track } from './lib/servers.mjs';
import { START_FLAGS } from './lib/start-flags.mjs';

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
const JSON_HEADERS = { ...AUTH, 'Content-Type': 'application/json' };
const tmp = mkdtempSync(join(tmpdir(), 'mix-instructions-'));

// `--row engine-list`: the engine's ten-item list (ten orderings × 100 pages of 1,000 widgets) and a
// widget PATCH of its note, as bench/lib/hot-rows.mjs sends them; else the request list row.
const ENGINE_FIXTURE = join(ROOT, 'test/fixtures/engine/widgets.openapi.yaml');
const WIDGETS = '/api/v1/widgets/';
const engine = values.row === 'engine-list';
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
} else {
  const a = await startMock({ size: 1000 });
  const all = await getJson(a.url, `${REQUESTS}?limit=1000`).finally(() => a.stop());
  ids = all.json.results.map((r) => r.id);
  paths = listQueries(all.json.results, ['status', 'cancellation_type']).map(
    (q) => `${REQUESTS}?${q}`,
  );
}

function clients(mode) {
  let cursor = 0;
  let n = 0;
  let made = 0;
  const read = {
    method: 'GET',
    headers: AUTH,
    setupRequest: (req) => ({ ...req, path: paths[cursor++ % paths.length] }),
  };
  const missing = {
    method: 'PATCH',
    headers: JSON_HEADERS,
    setupRequest: (req) => ({
      ...req,
      path: `${BASE}${900000 + (n++ % 1000)}/`,
      body: JSON.stringify({ [FIELD]: `bench note ${n}` }),
    }),
  };
  const write = {
    method: 'PATCH',
    headers: JSON_HEADERS,
    setupRequest: (req) => ({
      ...req,
      path: `${BASE}${ids[n++ % ids.length]}/`,
      body: JSON.stringify({ [FIELD]: `bench note ${n}` }),
    }),
  };
  const tenth = mode.startsWith('write') ? write : missing;
  return (client) => {
    if (mode === 'reads') return client.setRequests([{ ...read }]);
    if (mode === 'only' || mode === 'writeonly') return client.setRequests([{ ...tenth }]);
    const list = [...Array.from({ length: 9 }, () => ({ ...read })), { ...tenth }];
    const offset = made++ % list.length;
    client.setRequests([...list.slice(offset), ...list.slice(0, offset)]);
  };
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

async function measure(root, mode) {
  const port = await freePort();
  const out = join(tmp, `cg-${mode}-${root.replace(/\W+/g, '_')}`);
  const args = [
    '--tool=callgrind',
    ...(values.sim ? ['--cache-sim=yes', '--branch-sim=yes'] : []),
    '--smc-check=all-non-file',
    '--instr-atstart=no',
    '--separate-threads=yes',
    `--callgrind-out-file=${out}`,
    process.execPath,
    ...START_FLAGS,
    ...values['node-flags'].split(' ').filter(Boolean),
    join(root, 'bin/omnitron-mock.js'),
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--size',
    '1000',
    '--seed',
    '1',
    ...(engine ? ['--spec', ENGINE_FIXTURE] : []),
  ];
  const child = track(
    spawn('valgrind', args, {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i += 1) {
      if (i > 600) throw new Error('the mock under valgrind did not start in 10 minutes');
      if (
        await fetch(`${url}/__mock/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    if (engine) await fillWidgets(url);
    const c = Number(values.connections);
    await send(url, c, clients(mode), Number(values.warm));
    execFileSync('callgrind_control', ['-i', 'on', String(child.pid)], { stdio: 'ignore' });
    const r = await send(url, c, clients(mode), Number(values.n));
    execFileSync('callgrind_control', ['-d', String(child.pid)], { stdio: 'ignore' });
    const files = readdirSync(tmp)
      .filter((f) => f.startsWith(`${out.split('/').pop()}.`))
      .map((f) => join(tmp, f));
    let total = 0;
    let main = 0;
    let sim = null;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const counts = (/^totals: ([\d ]+)/m.exec(text)?.[1] ?? '0').trim().split(' ').map(Number);
      total += counts[0];
      if (/-01$/.test(f)) {
        main += counts[0];
        // With --sim, the main thread's simulated misses: events Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw Bc Bcm Bi Bim.
        const names = /^events: (.+)$/m.exec(text)[1].trim().split(' ');
        if (names.length > 1)
          sim = Object.fromEntries(names.map((n, i) => [n, (counts[i] ?? 0) / r.total]));
      }
    }
    return { total: total / r.total, main: main / r.total, sim, codes: r.statusCodes, files };
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
  const top = Number(values.top);
  const [m1, m2] = values.modes.split(',');
  if (top > 0 && of(m1) && of(m2)) {
    const per = (m) => {
      const f = m.files.find((x) => /-01$/.test(x));
      const text = execFileSync('callgrind_annotate', ['--threshold=100', f], {
        maxBuffer: 1 << 28,
      }).toString();
      const fns = new Map();
      for (const line of text.split('\n')) {
        const x = /^\s*([\d,]+) \([^)]*\)\s+(.+)$/.exec(line);
        if (x && !x[2].includes('PROGRAM TOTALS'))
          fns.set(x[2].replace(/ \[.*\]$/, ''), Number(x[1].replace(/,/g, '')));
      }
      return fns;
    };
    const [f1, f2] = [per(of(m1)), per(of(m2))];
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

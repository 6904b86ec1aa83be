// Which of V8's inline caches does mixing a second kind of request into the GETs change? (bench/
// findings.md, fifteenth session, mix-ic.) One mock per mode, started with `--log-ic`, driven as
// bench/mix-bare.mjs drives it for `--seconds`, stopped; then each log is read back (an IC line
// names the code's address, mapped through `code-creation`/`code-move` to its function and script)
// and every IC whose last state differs between the modes is printed, with how many transitions
// it logged. Counts, not times: it holds at any load. Never part of `npm test`.
//   node bench/mix-ic-log.mjs [--modes reads,mix] [--seconds 8] [--roots A] [--filter http|hono|stream]
//   node bench/mix-ic-log.mjs --logs a.log,b.log     (only read two logs already written)
import { createReadStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { listQueries } from './lib/hot-rows.mjs';
import { getJson, REQUESTS } from './lib/calls.mjs';
import { hit } from './lib/load.mjs';
import { freePort, ROOT, startMock, startServer } from './lib/servers.mjs';
import { START_FLAGS } from './lib/start-flags.mjs';
import { missingId, mixClients, mockServeArgs } from './lib/mix-clients.mjs';

const { values } = parseArgs({
  options: {
    modes: { type: 'string', default: 'reads,mix' },
    seconds: { type: 'string', default: '8' },
    roots: { type: 'string', default: ROOT },
    filter: { type: 'string', default: '' },
    logs: { type: 'string' },
    all: { type: 'boolean' },
  },
});
const tmp = mkdtempSync(join(tmpdir(), 'mix-ic-'));

/** Reads a `--log-ic` log: the last state of each IC, keyed by type, function, position and key. */
async function readLog(file) {
  const codes = new Map(); // start → { size, name }
  let starts = null;
  const lookup = (pc) => {
    if (starts === null) starts = [...codes.keys()].sort((a, b) => a - b);
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= pc) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return '?';
    const c = codes.get(starts[found]);
    return pc < starts[found] + c.size ? c.name : '?';
  };
  const ics = new Map();
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.startsWith('code-creation,')) {
      // code-creation,type,kind,timestamp,start,size,name[,sfi,state]
      const f = splitCsv(line);
      codes.set(Number(f[4]), { size: Number(f[5]), name: f[6] });
      starts = null;
    } else if (line.startsWith('code-move,')) {
      const f = line.split(',');
      const c = codes.get(Number(f[1]));
      if (c) {
        codes.delete(Number(f[1]));
        codes.set(Number(f[2]), c);
        starts = null;
      }
    } else if (line.startsWith('code-delete,')) {
      codes.delete(Number(line.split(',')[1]));
      starts = null;
    } else if (
      /^(Keyed)?(Load|Store)(Global)?IC,|^StoreInArrayLiteralIC,|^DefineKeyedOwnIC,|^DefineNamedOwnIC,/.test(
        line,
      )
    ) {
      const f = splitCsv(line);
      // type,pc,time,line,column,old,new,map,key,modifier,slow_reason
      const fn = lookup(Number(f[1]));
      const key = `${f[0]} ${f[8]} @ ${f[3]}:${f[4]} in ${fn.replace(/^[^ ]*:\s*/, '')}`;
      const ic = ics.get(key) ?? { state: '', transitions: 0, maps: new Set() };
      ic.state = f[6];
      ic.transitions += 1;
      ic.maps.add(f[7]);
      ics.set(key, ic);
    }
  }
  return ics;
}

function splitCsv(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

async function drive(mode, seconds) {
  const port = await freePort();
  const file = join(tmp, `ic-${mode}.log`);
  const args = [
    ...START_FLAGS,
    '--log-ic',
    `--logfile=${file}`,
    '--no-logfile-per-isolate',
    ...mockServeArgs(values.roots, port),
  ];
  const mock = await startServer({
    name: `mock ${mode}`,
    args,
    port,
    ready: async (url) => (await fetch(`${url}/__mock/health`)).ok,
    timeoutMs: 300_000,
  });
  try {
    // `reads`: GETs alone; `mix`: a tenth PATCH answered 404 unread; `write`: a real request's PATCH.
    const tenthPath = mode === 'write' ? (n) => `${REQUESTS}${ids[n % ids.length]}/` : missingId(REQUESTS);
    const setupClient = mixClients({ paths, tenthPath, mode: mode === 'reads' ? 'reads' : 'mix' });
    const r = await hit({ url: mock.url, connections: 50, setupClient, duration: seconds });
    console.log(`${mode}: ${r.total} requests, codes ${JSON.stringify(r.statusCodes)}`);
  } finally {
    await mock.stop();
  }
  return file;
}

let paths = [];
let ids = [];
let files;
if (values.logs) files = values.logs.split(',');
else {
  const a = await startMock({ size: 1000 });
  const all = await getJson(a.url, `${REQUESTS}?limit=1000`).finally(() => a.stop());
  ids = all.json.results.map((r) => r.id);
  paths = listQueries(all.json.results, ['status', 'cancellation_type']).map(
    (q) => `${REQUESTS}?${q}`,
  );
  files = [];
  for (const mode of values.modes.split(',')) files.push(await drive(mode, Number(values.seconds)));
}
const [a, b] = await Promise.all(files.map(readLog));
console.log(`logs: ${files.join(' ')}\nICs: ${a.size} / ${b.size}`);
const rank = { 0: 0, X: 0, '.': 1, 1: 2, '^': 2, P: 3, N: 4, G: 5 };
const rows = [];
for (const key of new Set([...a.keys(), ...b.keys()])) {
  const x = a.get(key);
  const y = b.get(key);
  const sx = x?.state ?? '-';
  const sy = y?.state ?? '-';
  if (sx === sy && !values.all) continue;
  if (values.filter && !key.includes(values.filter)) continue;
  // Only ICs that reached a costlier state in the second mode (or appear there only, beyond monomorphic).
  if ((rank[sy] ?? 0) <= (rank[sx] ?? 0) && !values.all) continue;
  if (sy !== 'P' && sy !== 'N' && !values.all) continue;
  rows.push(
    `${sx} → ${sy}  (${x?.transitions ?? 0}/${y?.transitions ?? 0} transitions, ${x?.maps.size ?? 0}/${y?.maps.size ?? 0} maps)  ${key}`,
  );
}
rows.sort();
console.log(rows.join('\n'));
console.log(
  `${rows.length} ICs costlier in ${values.modes.split(',')[1] ?? 'the second log'}; logs kept in ${tmp}`,
);

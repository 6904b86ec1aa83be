// The token table's lookup alone (issue 26, thirteenth session, front-door): a presented key
// digested with SHA-256 and compared with every configured key (no connection), against the same
// key remembered for its connection and compared by `sameText`. A fresh key string each call, as
// a parsed header is; ns a lookup and the scavenges each mode caused, in alternating rounds.
//   node --import tsx bench/token-lookup.ts [rounds=4] [lookups=1000000]
import { loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { createTokenTable } from '../src/http/tokens.ts';

const ROUNDS = Number(process.argv[2] ?? 4);
const N = Number(process.argv[3] ?? 1_000_000);
let collections = 0;
new PerformanceObserver((list) => {
  collections += list.getEntries().length;
}).observe({ entryTypes: ['gc'] });
const TOKEN = 'omnitron-mock-token';
const table = createTokenTable({ token: TOKEN, readonlyToken: 'omnitron-mock-readonly' });
const connection = {};
const header = `Token ${TOKEN}`;
let found = 0;
for (let round = 0; round < ROUNDS; round++) {
  const line: string[] = [];
  for (const mode of round % 2 ? ['remembered', 'digest'] : ['digest', 'remembered']) {
    const before = collections;
    const t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      // As the gate slices it from the header: a new string per request.
      const key = header.slice(6 + (i & 0));
      if (table.lookup(key, mode === 'remembered' ? connection : undefined)) found += 1;
    }
    const ns = Number(process.hrtime.bigint() - t) / N;
    // Let the observer report this mode's collections before the next one starts.
    await new Promise((r) => setTimeout(r, 20));
    line.push(`${mode} ${ns.toFixed(0)} ns, ${collections - before} collections`);
  }
  console.log(`round ${round + 1}: ${line.join(' | ')}  load ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
}
if (found !== ROUNDS * 2 * N) throw new Error('a lookup missed');
process.exit(0);

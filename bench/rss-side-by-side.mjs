// Issue 26's RSS ≤ 1 GiB at 100,000, side by side (seventeenth session, rss helper): runs
// `bench/lib/filters-100k.mjs --only ROWS` against each checkout's mock in alternating starts (the
// order turning each round) and prints each start's peak RSS (VmHWM: start-up, discovery and the
// rows), the RSS at the end, and the rows' p99, with the load average beside them. The peak
// depends on when V8's first full mark after the seed falls (bench/findings.md, thirteenth
// session), so read several starts of each side, never one.
//   node bench/rss-side-by-side.mjs --roots /tmp/before,. [--rounds 3] [--only '(no filter),status,filter_tags'] [--runs 1]
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { roots: { type: 'string' }, rounds: { type: 'string' }, only: { type: 'string' }, runs: { type: 'string' }, size: { type: 'string' } } });
const roots = values.roots.split(',').map((r) => resolve(r));
const rounds = Number(values.rounds ?? 3);
const only = values.only ?? '(no filter),status,filter_tags';
const script = fileURLToPath(new URL('./lib/filters-100k.mjs', import.meta.url));
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const seen = new Map(roots.map((r) => [r, []]));
for (let round = 0; round < rounds; round += 1) {
  const order = round % 2 === 0 ? roots : [...roots].reverse();
  for (const root of order) {
    const before = load();
    const run = spawnSync(process.execPath, [script, '--root', root, '--only', only, '--runs', values.runs ?? '1', '--size', values.size ?? '100000'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const out = run.stdout;
    const peak = /peak \(VmHWM\) (\d+) MiB/.exec(out)?.[1];
    const end = /RSS at the end (\d+) MiB/.exec(out)?.[1];
    const p99s = [...out.matchAll(/^\s+(\w+)\s+(.+?)\s+p99\s+(\d+) ms/gm)].map((m) => `${m[1]} ${m[2].trim()} ${m[3]}`);
    seen.get(root).push(Number(peak));
    console.log(`round ${round + 1} ${root}: peak RSS ${peak} MiB, at the end ${end} MiB; p99 ms: ${p99s.join('; ')}  (load ${before} → ${load()})`);
    if (!peak) console.log(run.stderr.slice(-2000));
  }
}
for (const [root, peaks] of seen) console.log(`${root}: peaks ${peaks.join(', ')} MiB (max ${Math.max(...peaks)})`);

// Ranks a V8 .cpuprofile's self time by room of the request path (issue 26, hot-front): the node
// adapter, node:http and streams, Hono's router, Hono's compose and context, each of the mock's
// middlewares, auth's digest, the handler, the collector. Time is shared out by sample weight, so
// a group's share times a request's CPU is its microseconds.
//   node bench/lib/profile-groups.mjs FILE.cpuprofile [--per-request-us 40] [--top 12] [--last-ms 8000]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** First match wins: [group, test on "url function"]. */
export const GROUPS = [
  ['collector', (u, f) => f === '(garbage collector)'],
  ['idle', (u, f) => f === '(idle)'],
  ['program / native', (u, f) => f === '(program)' || f === '(root)'],
  ['auth digest (sha256, timingSafeEqual)', (u, f) => /crypto\/hash|timingSafeEqual/.test(u + f) || /http\/tokens\.ts/.test(u)],
  ['gate', (u) => /operation-gate\.ts/.test(u)],
  ['request-header reads', (u) => /request-header\.ts/.test(u)],
  ['access log + store for', (u) => /access-log\.ts|session-middleware\.ts|state\/sessions\.ts/.test(u)],
  ['allowed hosts', (u) => /allowed-hosts\.ts/.test(u)],
  ['cors', (u) => /http\/cors\.ts/.test(u)],
  ['request log', (u) => /request-log(-middleware)?\.ts/.test(u)],
  ['body limit', (u) => /body-limit\.ts/.test(u)],
  ['faults', (u) => /faults\//.test(u)],
  ['journal', (u) => /journal\//.test(u)],
  ['middleware chain / fused run', (u) => /middleware-chain\.ts|app\.ts/.test(u)],
  ['admin path checks', (u) => /admin-path\.ts/.test(u)],
  ['router (Hono\'s; segment-router.ts + fused-router.ts)', (u) => /hono\/dist\/router|hono\/dist\/utils\/url\.js|segment-router\.ts|fused-router\.ts/.test(u)],
  ['Hono compose', (u) => /hono\/dist\/compose\.js/.test(u)],
  ['Hono context / request', (u) => /hono\/dist\/(context|request|hono-base)\.js/.test(u)],
  ['adapter (@hono/node-server)', (u) => /@hono\/node-server/.test(u)],
  ['serve-app wrapper', (u) => /serve-app\.ts/.test(u)],
  ['bench harness', (u) => /bench\//.test(u)],
  ['node:http / streams / events', (u) => /^node:/.test(u)],
  ['promises / microtasks', (u, f) => /runMicrotasks|processTicksAndRejections|Promise/.test(f)],
  ['handler (routes, domain, store, engine)', (u) => /\/src\//.test(u)],
  ['bench harness', (u) => /\/bench\//.test(u)],
  ['other', () => true],
];

/** `lastMs`: only the samples of the profile's last `lastMs` milliseconds (the measured phase). */
export function groupProfile(file, lastMs = Infinity) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const weight = new Map();
  const deltas = prof.timeDeltas ?? [];
  const from = prof.endTime - lastMs * 1000;
  let t = prof.startTime;
  prof.samples.forEach((id, i) => {
    t += deltas[i] ?? 0;
    if (t >= from) weight.set(id, (weight.get(id) ?? 0) + (deltas[i + 1] ?? 0));
  });
  const totals = new Map();
  let busy = 0;
  for (const [id, us] of weight) {
    const { url, functionName } = byId.get(id).callFrame;
    const group = GROUPS.find(([, test]) => test(url.replace(/^file:\/\//, ''), functionName))[0];
    totals.set(group, (totals.get(group) ?? 0) + us);
    if (group !== 'idle') busy += us;
  }
  totals.delete('idle');
  return { busy, groups: [...totals].sort((a, b) => b[1] - a[1]).map(([group, us]) => ({ group, share: us / busy })) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'per-request-us': { type: 'string' }, top: { type: 'string', default: '30' }, 'last-ms': { type: 'string' } } });
  const { busy, groups } = groupProfile(positionals[0], Number(values['last-ms'] ?? Infinity));
  const per = values['per-request-us'] ? Number(values['per-request-us']) : null;
  console.log(`busy ${(busy / 1000).toFixed(0)} ms`);
  for (const g of groups.slice(0, Number(values.top))) {
    console.log(`  ${(g.share * 100).toFixed(1).padStart(5)} %${per ? `  ${(g.share * per).toFixed(1).padStart(5)} µs` : ''}  ${g.group}`);
  }
}

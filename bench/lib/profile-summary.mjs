// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time,
// and the most inclusive time, so a missed target can name its cause in RESULTS.md.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * `lastMs` keeps only the samples of the profile's last `lastMs` milliseconds (the load phase of
 * a server profiled from its start). Idle time is left out of the percentages; `(program)` is
 * native work V8 cannot attribute to a function, and stays in.
 * @returns {{ self: Array<{name: string, ms: number, pct: number}>, total: Array<{name: string, ms: number, pct: number}>, ms: number, idleMs: number }}
 */
export function summariseProfile(file, { top = 12, lastMs = Infinity } = {}) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const hits = new Map();
  const deltas = prof.timeDeltas ?? [];
  const from = prof.endTime - lastMs * 1000;
  let t = prof.startTime;
  let idleUs = 0;
  let totalUs = 0;
  prof.samples.forEach((id, i) => {
    const d = deltas[i + 1] ?? 0; // a sample's weight is the time until the next one
    t += deltas[i] ?? 0;
    if (t < from) return;
    const name = byId.get(id).callFrame.functionName;
    if (name === '(idle)') {
      idleUs += d;
      return;
    }
    totalUs += d;
    hits.set(id, (hits.get(id) ?? 0) + d);
  });
  totalUs ||= 1;
  const label = (n) => {
    const f = n.callFrame;
    const url = f.url ? relative(ROOT, f.url.replace(/^file:\/\//, '')) : '';
    return `${f.functionName || '(anonymous)'}${url ? ` ${url}:${f.lineNumber + 1}` : ''}`;
  };
  const self = new Map();
  const total = new Map();
  for (const [id, us] of hits) {
    const n = byId.get(id);
    self.set(label(n), (self.get(label(n)) ?? 0) + us);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur));
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + us);
    }
  }
  const rank = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([name, us]) => ({ name, ms: us / 1000, pct: (100 * us) / totalUs }));
  return { self: rank(self), total: rank(total), ms: totalUs / 1000, idleMs: idleUs / 1000 };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const s = summariseProfile(process.argv[2], { top: Number(process.argv[3] ?? 25), lastMs: Number(process.argv[4] ?? Infinity) });
  console.log(`busy ${s.ms.toFixed(0)} ms, idle ${s.idleMs.toFixed(0)} ms\n-- self --`);
  for (const r of s.self) console.log(`${r.pct.toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(6)} ms  ${r.name}`);
  console.log('-- inclusive --');
  for (const r of s.total) console.log(`${r.pct.toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(6)} ms  ${r.name}`);
}

// The hot rows' pinned table (`node bench/run.mjs --only throughput --hot --pin`, sixteenth session):
// beside the unpinned side-by-side figures, never instead of them. Each row's windows were taken
// twice, first as always (every process free to run on either core), then with every server on
// CPU 1 and the client on CPU 0 (hot-side-by-side.mjs). mock ÷ Hono is the median of adjacent
// pairs, by req/s and by server CPU a request, as targets.mjs reads the unpinned ones.
import { HOT_ROWS } from './hot-rows.mjs';
import { median } from './load.mjs';

/** Median over adjacent pairs of `a[k] ÷ b[k]` by `key`. */
function pairRatio(a, b, key) {
  const n = Math.min(a.length, b.length);
  const ratios = [];
  for (let k = 0; k < n; k += 1) {
    const x = key === 'rps' ? a[k].rps / b[k].rps : b[k].cpuUsPerRequest / a[k].cpuUsPerRequest;
    ratios.push(x);
  }
  return median(ratios);
}

/** The table as markdown lines; `scenarios` are the unpinned ones (`hot-<row>-<side>`). */
export function pinnedMarkdown(pinned, scenarios) {
  const L = [];
  L.push('## Hot rows pinned (`--pin`): how much of each gap is scheduling');
  L.push('');
  L.push('Each row measured twice in one run: first unpinned (the table the targets read), then with');
  L.push('every server — mock, bare Hono, node:http alike — pinned to CPU 1 and the load generator to');
  L.push('CPU 0, so that no server shares its core with its own client. mock ÷ Hono by req/s / by');
  L.push('server CPU a request (Hono ÷ mock), median of adjacent pairs. The pinned figures are not a');
  L.push('target: they say how much of a row\'s unpinned gap is the two processes taking turns on');
  L.push('two shared cores (the mock preempted mid-request; bench/findings.md, fifteenth session).');
  L.push('');
  L.push('| read | unpinned mock ÷ Hono | pinned mock ÷ Hono | pinned µs a request (mock / Hono) | load (pinned) |');
  L.push('|---|---|---|---|---|');
  for (const row of HOT_ROWS) {
    const p = pinned[row.id];
    if (!p) continue;
    const mock = scenarios[`hot-${row.id}-mock`]?.rounds ?? [];
    const hono = scenarios[`hot-${row.id}-hono`]?.rounds ?? [];
    const un = mock.length && hono.length ? `${pairRatio(mock, hono, 'rps').toFixed(2)} / ${pairRatio(mock, hono, 'cpu').toFixed(2)}` : 'n/a';
    if (p.skipped) {
      L.push(`| ${row.label} | ${un} | ${p.skipped} | | |`);
      continue;
    }
    const pin = `${pairRatio(p.mock, p.hono, 'rps').toFixed(2)} / ${pairRatio(p.mock, p.hono, 'cpu').toFixed(2)}`;
    const us = `${median(p.mock.map((r) => r.cpuUsPerRequest)).toFixed(0)} / ${median(p.hono.map((r) => r.cpuUsPerRequest)).toFixed(0)}`;
    L.push(`| ${row.label} | ${un} | ${pin} | ${us} | ${p.load.map((v) => v.toFixed(1)).join('–')} |`);
  }
  return `${L.join('\n')}\n`;
}

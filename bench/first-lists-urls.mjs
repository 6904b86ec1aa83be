// The requests of filters-100k's discovery and every row's first reads, written to a JSON file so
// an in-process bench (bench/first-lists-heap.ts) can replay them without a server: the seed is
// deterministic, so the same URLs hold on every checkout of the same seed bytes (issue 26, RSS).
//   node bench/first-lists-urls.mjs [--size 100000] [--reads 40] --out FILE
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { filterRows } from './lib/filters-100k.mjs';
import { startMock } from './lib/servers.mjs';

const { values } = parseArgs({ options: { size: { type: 'string', default: '100000' }, reads: { type: 'string', default: '40' }, out: { type: 'string' } } });
const mock = await startMock({ size: Number(values.size) });
const discovery = [];
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init = {}) => {
  const u = new URL(String(input));
  discovery.push({ method: init.method ?? 'GET', path: u.pathname + u.search, headers: init.headers ?? {}, body: init.body ?? null });
  return realFetch(input, init);
};
try {
  const rows = await filterRows(mock.url);
  globalThis.fetch = realFetch;
  const out = { size: Number(values.size), discovery, rows: rows.map((r) => ({ list: r.list, name: r.name, reads: r.reads.slice(0, Number(values.reads)).map((x) => ({ method: x.method, path: x.path, headers: x.headers, body: x.body ?? null })) })) };
  writeFileSync(values.out, JSON.stringify(out));
  console.log(`${discovery.length} discovery requests, ${out.rows.length} rows → ${values.out}`);
} finally {
  await mock.stop();
}

/**
 * The large-write soak (issue 19, item 1): one `omnitron-mock serve` child on 127.0.0.1 and 800
 * writes of ~0.98 MB bodies shaped as the hostile client sent them (`{"status": "<current>",
 * "k0": 1, … "k89999": 1}` to `update_status`, which answers 200 and changes nothing), half of
 * them real writes (`add_tag` with a new key and the same padding); the mutation journal keeps
 * the real ones, within its byte budget, and not the no-ops. RSS sampled from /proc every 100 writes. Writes its section of
 * `bench/SOAK.md` (the rest of the file is left as it is).
 *
 *   npx tsx bench/journal-soak.ts                 # 800 writes after 100 of warm-up
 *   npx tsx bench/journal-soak.ts --writes 200    # a quick look (prints, writes nothing)
 *
 * Never part of `npm test`. Bounded by the write count; the child is killed at the end, on an
 * error and on Ctrl-C. Traffic goes to loopback only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startServeChild, type ServeChild } from './lib/serve-child.ts';

const { values } = parseArgs({ options: { writes: { type: 'string' } } });
const WRITES = Number(values.writes ?? 800);
const WARMUP = 100;
const SAMPLE_EVERY = 100;
const TOKEN = 'soak-token';
const OUT = values.writes ? null : new URL('./SOAK.md', import.meta.url).pathname;
const SECTION = '## Large writes and the journal (issue 19)';

let server: ServeChild | undefined;

/** `{"<field>": "<value>", "k0": 1, …, "k89999": 1}`: about 0.98 MB. */
function padded(field: string, value: string): string {
  const parts = [`${JSON.stringify(field)}:${JSON.stringify(value)}`];
  for (let i = 0; i < 90_000; i += 1) parts.push(`"k${i}":1`);
  return `{${parts.join(',')}}`;
}

async function main(): Promise<void> {
  server = await startServeChild(['--size', '300'], { MOCK_TOKEN: TOKEN });
  const { url: base, rssMiB } = server;
  const headers = { Authorization: `Token ${TOKEN}`, 'Content-Type': 'application/json' };
  const plans = (await (await fetch(`${base}/api/v1/cancellation_plans/?status=waiting&limit=1`, { headers })).json()) as { results: Array<{ pk: number }> };
  const requests = (await (await fetch(`${base}/api/v1/cancellation_requests/?limit=1`, { headers })).json()) as { results: Array<{ id: number }> };
  const plan = plans.results[0]!.pk;
  const request = requests.results[0]!.id;
  const noOp = padded('status', 'waiting');
  const statuses = new Map<number, number>();
  const write = async (i: number) => {
    const tag = Math.abs(i) % 2 === 1;
    const res = await fetch(
      tag ? `${base}/api/v1/cancellation_requests/${request}/add_tag/` : `${base}/api/v1/cancellation_plans/${plan}/update_status/`,
      { method: 'POST', headers, body: tag ? padded('key', `soak-${i}`) : noOp },
    );
    await res.arrayBuffer();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  };
  const rssReady = rssMiB();
  for (let i = 0; i < WARMUP; i += 1) await write(-i - 1);
  const samples = [{ writes: 0, rss: rssMiB() }];
  const loads = [loadavg()[0]!];
  const started = Date.now();
  for (let i = 1; i <= WRITES; i += 1) {
    await write(i);
    if (i % SAMPLE_EVERY === 0) {
      samples.push({ writes: i, rss: rssMiB() });
      loads.push(loadavg()[0]!);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  server.kill();
  const rss = samples.map((s) => s.rss);
  const lines = [
    SECTION,
    '',
    `Written by \`npx tsx bench/journal-soak.ts\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} cores, 1-minute load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the loop (other sessions' work).`,
    `One \`serve --size 300\` child; ${WRITES} writes of ~0.98 MB bodies after ${WARMUP} of warm-up, one at a time (${seconds.toFixed(0)} s): half`,
    '`update_status` to the current status (200, no change: not journaled), half `add_tag` with a new key (204:',
    'journaled, its body kept as sent since it holds nothing to mask); the journal\'s 16 MiB byte budget bounds those.',
    '',
    '| figure | value |',
    '|---|---|',
    `| answers | ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')} |`,
    `| RSS when ready | ${rssReady.toFixed(0)} MiB |`,
    `| RSS after warm-up | ${rss[0]!.toFixed(0)} MiB |`,
    `| RSS during the loop (min / max) | ${Math.min(...rss).toFixed(0)} / ${Math.max(...rss).toFixed(0)} MiB |`,
    `| growth after warm-up (max − warm-up) | ${(Math.max(...rss) - rss[0]!).toFixed(0)} MiB |`,
    `| load average at each sample | ${loads.map((l) => l.toFixed(1)).join(', ')} |`,
    '',
    '| writes | RSS (MiB) |',
    '|---:|---:|',
    ...samples.map((s) => `| ${s.writes} | ${s.rss.toFixed(0)} |`),
    '',
  ];
  const text = lines.join('\n');
  process.stdout.write(`${text}\n`);
  if (OUT) {
    const old = readFileSync(OUT, 'utf8');
    const at = old.indexOf(SECTION);
    writeFileSync(OUT, `${at === -1 ? `${old.trimEnd()}\n\n` : old.slice(0, at)}${text}`);
  }
}

main().catch((err: Error) => {
  server?.kill();
  process.stderr.write(`journal-soak: ${err.message}\n`);
  process.exit(1);
});

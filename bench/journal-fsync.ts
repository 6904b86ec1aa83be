/**
 * What an fsync per journal append would cost (issue 19, item 2): appends of one ~300-byte line
 * to a file in the OS temp directory, written plain and written + `fdatasync`, alternated in
 * rounds so both see the same machine load; prints the per-append medians, their ratio and
 * the load average. Never part of `npm test`.
 *
 *   npx tsx bench/journal-fsync.ts [--appends 400] [--dir /path/on/the/state/file's/disk]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { appends: { type: 'string' }, dir: { type: 'string' } } });
const APPENDS = Number(values.appends ?? 400);
const dir = mkdtempSync(join(values.dir ?? tmpdir(), 'omnitron-fsync-'));
const line = Buffer.from(`${JSON.stringify({ tag: 'cancellation_request', k: 1, add: 'x'.repeat(240) })}\n`);

async function round(sync: boolean, file: string, n: number): Promise<number[]> {
  const handle = await open(file, 'a');
  const times: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t = process.hrtime.bigint();
    await handle.write(line, 0, line.length);
    if (sync) await handle.datasync();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  await handle.close();
  return times;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const plain: number[] = [];
const synced: number[] = [];
const loads = [loadavg()[0]!];
for (let r = 0; r < 8; r += 1) {
  plain.push(...(await round(false, join(dir, 'plain'), APPENDS / 8)));
  synced.push(...(await round(true, join(dir, 'synced'), APPENDS / 8)));
  loads.push(loadavg()[0]!);
}
rmSync(dir, { recursive: true, force: true });
const p = median(plain);
const s = median(synced);
process.stdout.write(
  `journal-fsync: ${APPENDS} appends each in ${values.dir ?? tmpdir()}; median per append: plain ${p.toFixed(3)} ms, ` +
    `with fdatasync ${s.toFixed(3)} ms (×${(s / p).toFixed(1)}); load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}\n`,
);

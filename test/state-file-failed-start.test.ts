import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSnapshot } from '../src/persist/snapshot-writer.ts';

/**
 * A `serve --state-file` that cannot listen (the port is taken) stops with exit 2 and leaves the
 * state file's folder as it found it: no `.lock` that names a dead process, no half-written
 * `.tmp` snapshot beside the state file.
 */
const BIN = new URL('../bin/omnitron-mock.js', import.meta.url).pathname;
let dir: string;
let busy: Server;
let port: number;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'omnitron-failed-start-'));
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  port = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => busy.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('a serve --state-file that cannot listen', () => {
  it('exits 2 saying why, and leaves no lock or temporary snapshot beside the state file', async () => {
    const file = join(dir, 'state.ndjson');
    const child = spawn(process.execPath, [BIN, 'serve', '--size', '20', '--port', String(port), '--host', '127.0.0.1', '--state-file', file], {
      env: { ...process.env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(2);
    expect(output).toContain('port already in use');
    expect(readdirSync(dir).filter((name) => name.endsWith('.lock') || name.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});

describe('a snapshot that does not finish', () => {
  /** Text in batches big enough that the writer awaits between them (it writes about 128 KiB at a time). */
  function* chunks(failAfter: number): Generator<string, void> {
    for (let i = 0; i < 8; i += 1) {
      if (i === failAfter) throw new Error('ENOSPC: no space left on device, write');
      yield 'x'.repeat(100_000);
    }
  }

  it('leaves no .tmp when it fails part-way, as on a full disk', async () => {
    const tmp = join(dir, 'failed.ndjson.tmp');
    await expect(writeSnapshot(tmp, chunks(4), () => false)).rejects.toThrow('ENOSPC');
    expect(existsSync(tmp)).toBe(false);
  });

  it('leaves no .tmp when the state file closes under it', async () => {
    const tmp = join(dir, 'abandoned.ndjson.tmp');
    let slices = 0;
    expect(await writeSnapshot(tmp, chunks(-1), () => (slices += 1) > 2)).toBeNull();
    expect(existsSync(tmp)).toBe(false);
  });

  it('does not open, empty or remove a .tmp when the state file closed before it began', async () => {
    // A replace queued behind close() runs after the lock is gone: the .tmp may be the next
    // process's, which has taken the lock meanwhile.
    const tmp = join(dir, 'next-process.ndjson.tmp');
    writeFileSync(tmp, 'the next process is writing this');
    expect(await writeSnapshot(tmp, chunks(-1), () => true)).toBeNull();
    expect(readFileSync(tmp, 'utf8')).toBe('the next process is writing this');
  });
});

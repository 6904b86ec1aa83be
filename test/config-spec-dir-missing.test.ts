import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

/**
 * A bad MOCK_SPEC_DIR stops the start with one line saying what is wrong with the folder, as every
 * other bad setting does: it printed `ENOENT: no such file or directory, scandir '…'` (or ENOTDIR).
 */
const BIN = new URL('../bin/omnitron-mock.js', import.meta.url).pathname;

function start(specDir: string): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: { ...process.env, LOG_LEVEL: 'warn', MOCK_SPEC_DIR: specDir } });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  // A start that is not refused listens: stop it, so the test fails on its exit code, not a hang.
  child.stdout.on('data', () => child.kill('SIGTERM'));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, err })));
}

it('names a spec folder that does not exist, or is a file, in one line and exits 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spec-dir-'));
  const file = join(dir, 'own.openapi.yaml');
  writeFileSync(file, 'openapi: 3.0.3\n');
  const [missing, aFile] = await Promise.all([start(join(dir, 'nowhere')), start(file)]);
  expect(missing.code).toBe(2);
  expect(missing.err.trim()).toBe(`omnitron-mock: the spec folder ${join(dir, 'nowhere')} does not exist (--spec-dir, MOCK_SPEC_DIR)`);
  expect(aFile.code).toBe(2);
  expect(aFile.err.trim()).toBe(
    `omnitron-mock: the spec folder ${file} is a file, not a folder (--spec-dir, MOCK_SPEC_DIR); to serve one document beside the built-in ones, use --spec FILE (MOCK_SPECS)`,
  );
}, 60_000);

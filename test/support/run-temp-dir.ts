import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest's global setup: every temporary file of a run goes under one directory, removed when the
 * run ends. Test files make their own (`mkdtempSync(join(tmpdir(), …))`), and some cannot remove
 * theirs (a CLI killed mid-write, a spec folder a watcher still holds); they left thousands of
 * directories behind, one of 730 MiB a run, until the disk filled. `os.tmpdir()` reads `TMPDIR`,
 * which the workers and every process a test starts inherit.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'omnitron-test-run-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}

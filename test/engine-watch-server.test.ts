import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEC_DIR } from '../src/spec/load-specs.ts';
import { WIDGETS } from './support/engine-fixture.ts';

const BIN = fileURLToPath(new URL('../bin/omnitron-mock.js', import.meta.url));
const NOTES = fileURLToPath(new URL('./fixtures/engine/notes.openapi.yaml', import.meta.url));
const AUTH = { Authorization: 'Token omnitron-mock-token' };

/** Polls `probe` until it holds, for at most 45 s (a busy machine), then fails naming `what`. */
async function until(what: string, probe: () => Promise<boolean> | boolean): Promise<void> {
  const end = Date.now() + 45_000;
  while (Date.now() < end) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('serve --watch', () => {
  it('serves a document dropped into --spec-dir without a restart, refusing a broken one first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnitron-watch-'));
    for (const f of readdirSync(DEFAULT_SPEC_DIR)) cpSync(join(DEFAULT_SPEC_DIR, f), join(dir, f), { recursive: true });
    const child = spawn(process.execPath, [BIN, 'serve', '--spec-dir', dir, '--spec', WIDGETS, '--watch', '--size', '20', '--port', '0'], {
      env: { ...process.env, LOG_LEVEL: 'info' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    try {
      await until('the banner', () => /listening on (\S+)/.test(out));
      const base = /listening on (\S+)/.exec(out)![1]!;
      const engine = Number(/(\d+) by the resource engine/.exec(out)?.[1]);
      const get = (path: string) => fetch(`${base}${path}`, { headers: AUTH });
      const created = await fetch(`${base}/api/v1/widgets/`, {
        method: 'POST',
        headers: { ...AUTH, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Vida', status: 'draft', priority: 1, channel: 1 }),
      });
      const { pk } = (await created.json()) as { pk: number };

      // A broken document: logged, and the previous documents keep serving.
      writeFileSync(join(dir, 'notes.openapi.yaml'), 'openapi: 3.0.3\n  info: [oops\n');
      await until('the refusal', () => err.includes('specs not reloaded'));
      expect(err).toContain('notes.openapi.yaml');
      expect((await get(`/api/v1/widgets/${pk}/`)).status).toBe(200);

      // Fixed (an editor's save: a new file renamed over the old): the new operation answers.
      writeFileSync(join(dir, '.notes.tmp'), readFileSync(NOTES));
      renameSync(join(dir, '.notes.tmp'), join(dir, 'notes.openapi.yaml'));
      await until('the new operation', async () => (await get('/api/v1/notes/notes-1/')).status === 200);
      expect((await get(`/api/v1/widgets/${pk}/`)).status).toBe(200);
      const health = (await (await fetch(`${base}/__mock/health`)).json()) as { operations: { engine: number } };
      expect(health.operations.engine).toBe(engine + 2);
      expect(err).toMatch(new RegExp(`specs reloaded: \\d+ operations by the domain, ${engine + 2} by the resource engine; seeded notes`));
    } finally {
      child.kill('SIGTERM');
    }
  }, 150_000);
});

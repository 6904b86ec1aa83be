import { builtInDomainOperations, builtInEngineOperations } from './support/domain-operation-count.ts';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEC_DIR } from '../src/spec/load-specs.ts';
import { WIDGETS } from './support/engine-fixture.ts';

const BIN = new URL('../bin/omnitron-mock.js', import.meta.url).pathname;

/** A copy of the served specs with one more document dropped in, as a user would. */
function specsWithWidgets(): string {
  const dir = mkdtempSync(join(tmpdir(), 'omnitron-engine-'));
  for (const f of readdirSync(DEFAULT_SPEC_DIR)) cpSync(join(DEFAULT_SPEC_DIR, f), join(dir, f), { recursive: true });
  cpSync(WIDGETS, join(dir, 'widgets.openapi.yaml'));
  return dir;
}

describe('a real server with an extra document in --spec-dir', () => {
  it('serves it, and says so in its banner', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--spec-dir', specsWithWidgets(), '--size', '20', '--port', '0'], {
      env: { ...process.env, LOG_LEVEL: 'info' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    try {
      const end = Date.now() + 75_000;
      while (!/listening on (\S+)/.test(out) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(new RegExp(`served +${await builtInDomainOperations()} operations by the domain, ${(await builtInEngineOperations()) + 10} by the resource engine`));
      const base = /listening on (\S+)/.exec(out)![1]!;
      const auth = { Authorization: 'Token omnitron-mock-token' };
      const created = await fetch(`${base}/api/v1/widgets/`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Vida', status: 'draft', priority: 1, channel: 1 }),
      });
      expect(created.status).toBe(201);
      const { pk } = (await created.json()) as { pk: number };
      // Asked more than once: an answer's headers must not leak into the next one's.
      for (const path of [`widgets/${pk}/`, `widgets/${pk}/`, 'widgets/?limit=2', 'widgets/?limit=2', 'widget_kinds/', 'widget_kinds/']) {
        const again = await fetch(`${base}/api/v1/${path}`, { headers: auth });
        expect(again.status, path).toBe(200);
        expect(again.headers.get('content-type'), path).toMatch(/^application\/json/);
      }
    } finally {
      child.kill('SIGTERM');
    }
  });
});

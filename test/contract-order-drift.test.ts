import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runContractCommand } from '../src/cli/contract.ts';
import { startDriftedTarget, type DriftedTarget } from './fixtures/drifted-target.ts';
import { WIDGETS } from './support/engine-fixture.ts';

/** Runs the CLI command in process, capturing what it prints. */
async function contract(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runContractCommand(argv, {}, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe('contract harness: the default order of a list', () => {
  const targets: DriftedTarget[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'contract-order-drift-'));
  afterAll(async () => {
    for (const t of targets) await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a target that lists plans oldest first, where the mock lists them newest first (it passed)', async () => {
    const target = await startDriftedTarget([
      { method: 'GET', url: /^\/api\/v1\/cancellation_plans\/\?limit=3$/, drift: { kind: 'reverse', pointer: '/results' } },
    ]);
    targets.push(target);
    const run = await contract(['--target', target.url, '--token', target.token, '--only', 'plans-list']);
    expect(run.code, run.out + run.err).toBe(1);
    expect(run.out).toMatch(/\[target\] order \/results: the rows are not in the mock's default order \(expected rows by identity descending, got rows by identity ascending\)/);
  });

  it('passes the same target with the same order, and any other seed (rows differ, the order does not)', async () => {
    const same = await startDriftedTarget();
    const other = await startDriftedTarget([], { seed: 4, size: 40 });
    targets.push(same, other);
    for (const target of [same, other]) {
      const run = await contract(['--target', target.url, '--token', target.token, '--only', 'plans-list,requests-list']);
      expect(run.code, run.out + run.err).toBe(0);
    }
  });

  it('holds only the domain\'s lists to that order: an engine list (a --spec document) in reverse is no drift, a plan list still is', async () => {
    const list = (path: string) => ({ name: 'list', steps: [{ request: { method: 'GET', path, query: { limit: 4 } }, expect: { status: 200 } }] });
    writeFileSync(join(dir, 'widgets-list.json'), JSON.stringify(list('/api/v1/widgets/')));
    writeFileSync(join(dir, 'plans-list.json'), JSON.stringify(list('/api/v1/cancellation_plans/')));
    const target = await startDriftedTarget([
      { method: 'GET', url: /^\/api\/v1\/widgets\/\?limit=4$/, drift: { kind: 'reverse', pointer: '/results' } },
      { method: 'GET', url: /^\/api\/v1\/cancellation_plans\/\?limit=4$/, drift: { kind: 'reverse', pointer: '/results' } },
    ], { spec: [WIDGETS] });
    targets.push(target);
    const run = await contract(['--scenarios', dir, '--spec', WIDGETS, '--target', target.url, '--token', target.token]);
    expect(run.code, run.out + run.err).toBe(1);
    expect(run.out).toMatch(/^PASS {2}widgets-list/m);
    expect(run.out).toMatch(/^FAIL {2}plans-list/m);
    expect(run.out.match(/\] order /g), run.out).toHaveLength(1);
  });
});

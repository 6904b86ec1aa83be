import { afterAll, describe, expect, it } from 'vitest';
import { runContractCommand } from '../src/cli/contract.ts';
import { startDriftedTarget, type DriftedTarget } from './fixtures/drifted-target.ts';

/** Runs the CLI command in process, capturing what it prints. */
async function contract(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runContractCommand(argv, {}, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe('contract harness: the default order of a list', () => {
  const targets: DriftedTarget[] = [];
  afterAll(async () => {
    for (const t of targets) await t.close();
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
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runContractCommand } from '../src/cli/contract.ts';
import { WIDGETS } from './support/engine-fixture.ts';

/** Runs the CLI command in process, capturing what it prints. */
async function contract(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runContractCommand(argv, {}, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'contract-extra-spec-'));
writeFileSync(join(dir, 'widgets-list-retrieve.json'), JSON.stringify({
  name: 'List widgets, then retrieve one',
  steps: [
    { name: 'list', request: { method: 'GET', path: '/api/v1/widgets/', query: { status: 'active', limit: 2 } }, expect: { status: 200 }, capture: { pk: '/results/0/pk' } },
    { name: 'retrieve', request: { method: 'GET', path: '/api/v1/widgets/{{pk}}/' }, expect: { status: 200 } },
  ],
}));

describe('contract harness: scenarios of a document served beside the built-in ones', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replays them against the embedded mock with --spec, checked against that document', async () => {
    const run = await contract(['--scenarios', dir, '--spec', WIDGETS]);
    expect(run.code, run.out + run.err).toBe(0);
    expect(run.out).toMatch(/^PASS {2}widgets-list-retrieve/m);
    expect(run.out).toContain('Result:    no drift');
  });

  it('without --spec, the embedded mock does not serve them (and the harness says so with exit 1)', async () => {
    const run = await contract(['--scenarios', dir]);
    expect(run.code).toBe(1);
  });

  it('stops with one line and exit 2 on a --spec that does not load', async () => {
    const run = await contract(['--scenarios', dir, '--spec', join(dir, 'missing.openapi.yaml')]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^omnitron-mock contract: cannot load --spec .*missing\.openapi\.yaml: /);
    expect(run.err.trim().split('\n')).toHaveLength(1);
  });
});

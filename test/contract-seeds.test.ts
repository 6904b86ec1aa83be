import { beforeAll, describe, expect, it } from 'vitest';
import { runContractCommand } from '../src/cli/contract.ts';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { formatFinding } from '../src/contracts/contract-finding.ts';
import { loadContractSpecs, type ContractSpecs } from '../src/contracts/contract-specs.ts';
import { createEmbeddedMock } from '../src/contracts/embedded-mock.ts';
import { loadScenarios } from '../src/contracts/load-scenarios.ts';
import { runContract } from '../src/contracts/run-contract.ts';
import { appSide, type Side } from '../src/contracts/targets.ts';
import { silentLogger } from '../src/logger.ts';
import { startDriftedTarget } from './fixtures/drifted-target.ts';

/**
 * Proof that the harness judges a target by what each request promises, not by the mock's data:
 * second mocks seeded differently (other records, other statuses, other types) pass the whole
 * corpus, writes included, one stateful target per seed as a live one would be.
 */
const DATASETS = [
  [2, 60], [3, 70], [5, 80], [7, 90], [11, 100], [13, 110], [17, 120], [19, 60], [23, 75], [42, 95], [7, 300],
] as const;

describe('contract harness against differently seeded targets', () => {
  let loaded: ContractSpecs;
  let mock: Side;
  const scenarios = loadScenarios();

  beforeAll(async () => {
    loaded = await loadContractSpecs();
    const embedded = await createEmbeddedMock(loaded);
    const c = embedded.config;
    mock = appSide('mock', 'embedded mock', { token: c.token, username: c.username, password: c.password }, embedded.fresh);
  });

  it.each(DATASETS)('passes every scenario, writes included, against seed %i size %i', async (seed, size) => {
    const config = testConfig({ seed, size, logLevel: 'silent' });
    const second = await buildMock(config, { logger: silentLogger, ...loaded });
    // One app for the whole run: a live target keeps what earlier scenarios wrote.
    const target = appSide('target', `seed ${seed}`, { token: config.token, username: config.username, password: config.password }, () => second.app);
    const report = await runContract({ scenarios, ...loaded, mock, target, allowWrites: true });
    expect(report.findings.map(formatFinding)).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(report.totals.scenarios.skipped).toBe(0);
  });

  it('passes the issue\'s own run: the CLI against a second mock served over HTTP at SEED=7, --allow-writes', async () => {
    const target = await startDriftedTarget([], { seed: 7, size: 300 });
    let out = '';
    try {
      const code = await runContractCommand(['--target', target.url, '--token', target.token, '--allow-writes'], { CONTRACT_TARGET_USERNAME: 'akinon', CONTRACT_TARGET_PASSWORD: 'akinon' }, { out: (t) => void (out += t), err: (t) => void (out += t) });
      expect(code, out).toBe(0);
      expect(out).toContain('Result:    no drift');
    } finally {
      await target.close();
    }
  });
});

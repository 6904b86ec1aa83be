import { beforeAll, describe, expect, it } from 'vitest';
import { formatFinding } from '../src/contracts/contract-finding.ts';
import { loadContractSpecs } from '../src/contracts/contract-specs.ts';
import { createEmbeddedMock } from '../src/contracts/embedded-mock.ts';
import { loadScenarios } from '../src/contracts/load-scenarios.ts';
import { runContract } from '../src/contracts/run-contract.ts';
import { preflight } from '../src/contracts/preflight.ts';
import { appSide, httpSide, type Side } from '../src/contracts/targets.ts';

/**
 * `npm run test:contract`: the contract scenarios as a vitest suite, one test per scenario,
 * mock against the target named by CONTRACT_TARGET_URL (token: CONTRACT_TARGET_TOKEN; writes
 * only with CONTRACT_ALLOW_WRITES=1; login with CONTRACT_TARGET_USERNAME/PASSWORD). Without a
 * URL the suite is skipped, and its name says why.
 */
const url = process.env.CONTRACT_TARGET_URL?.replace(/\/+$/, '');
const token = process.env.CONTRACT_TARGET_TOKEN;
const scenarios = loadScenarios();
const reason = !url ? 'CONTRACT_TARGET_URL is not set' : !token ? 'CONTRACT_TARGET_TOKEN is not set' : null;

describe.skipIf(reason !== null)(`contract against ${url ?? 'a live target'}${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let mock: Side;
  let target: Side;
  let loaded: Awaited<ReturnType<typeof loadContractSpecs>>;

  beforeAll(async () => {
    const problem = await preflight(url!, token!);
    if (problem) throw new Error(`target ${url}: ${problem.message} (CONTRACT_TARGET_URL, CONTRACT_TARGET_TOKEN)`);
    loaded = await loadContractSpecs();
    const embedded = await createEmbeddedMock(loaded);
    const c = embedded.config;
    mock = appSide('mock', 'embedded mock', { token: c.token, username: c.username, password: c.password }, embedded.fresh);
    const vars: Record<string, string> = { token: token! };
    if (process.env.CONTRACT_TARGET_USERNAME) vars.username = process.env.CONTRACT_TARGET_USERNAME;
    if (process.env.CONTRACT_TARGET_PASSWORD) vars.password = process.env.CONTRACT_TARGET_PASSWORD;
    target = httpSide('target', url!, vars);
  });

  it.for(scenarios.map((s) => [s.id, s] as const))('%s', async ([, scenario], ctx) => {
    const report = await runContract({
      scenarios: [scenario], ...loaded, mock, target, allowWrites: process.env.CONTRACT_ALLOW_WRITES === '1',
    });
    const [result] = report.scenarios;
    if (result!.outcome === 'skipped') return ctx.skip(result!.skip?.reason);
    expect(report.findings.map(formatFinding)).toEqual([]);
  });
});

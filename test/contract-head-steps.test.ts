import { describe, expect, it } from 'vitest';
import { loadContractSpecs } from '../src/contracts/contract-specs.ts';
import { corpusCoverage } from '../src/contracts/coverage.ts';
import type { PreparedScenario } from '../src/contracts/prepare-scenario.ts';
import { createEmbeddedMock } from '../src/contracts/embedded-mock.ts';
import { runContract } from '../src/contracts/run-contract.ts';
import type { Scenario } from '../src/contracts/scenario.ts';
import { appSide } from '../src/contracts/targets.ts';

/**
 * A HEAD step calls the GET operation of its path (Django answers HEAD by running the GET view
 * and dropping the body): the report names that operation and `--only` finds it, but it does not
 * count in coverage, which means an operation's success answer was checked: a HEAD has no body.
 */
describe('a contract step sent with HEAD', () => {
  it('is the GET operation of its path in the report and in --only, and covers nothing', async () => {
    const { specs, checker } = await loadContractSpecs();
    const embedded = await createEmbeddedMock({ specs, checker });
    const mock = appSide('mock', 'embedded mock', { token: embedded.config.token }, embedded.fresh);
    const head: Scenario = {
      id: 'statuses-head', file: '', name: 'the statuses answer HEAD',
      steps: [{ request: { method: 'HEAD', path: '/api/v1/cancellation_plans/cancellation_plan_statuses/' }, expect: { status: 200 } }],
    };
    const result = await runContract({ scenarios: [head], specs, checker, mock, target: null, only: 'listCancellationPlanStatuses' });
    expect(result.findings).toEqual([]);
    expect(result.scenarios.map((s) => s.outcome)).toEqual(['passed']);
    expect(result.scenarios[0]!.steps[0]!.operationId).toBe('listCancellationPlanStatuses');
    expect(result.coverage.covered).toEqual([]);
    expect(result.coverage.uncovered).toContain('listCancellationPlanStatuses');
  });

  it('covers nothing in the corpus coverage of the scenario files either', async () => {
    const { specs } = await loadContractSpecs();
    const op = specs.operations.find((o) => o.operationId === 'listCancellationPlanStatuses')!;
    const path = '/api/v1/cancellation_plans/cancellation_plan_statuses/';
    const prepared = (method: string) =>
      ({ steps: [{ operation: op, step: { request: { method, path }, expect: { status: 200 } } }] }) as unknown as PreparedScenario;
    expect(corpusCoverage([op], [prepared('HEAD')]).covered).toEqual([]);
    expect(corpusCoverage([op], [prepared('GET')]).covered).toEqual(['listCancellationPlanStatuses']);
  });
});

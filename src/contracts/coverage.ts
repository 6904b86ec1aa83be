import type { Operation } from '../spec/load-specs.ts';
import type { PreparedScenario } from './prepare-scenario.ts';
import type { Coverage, ScenarioReport } from './report.ts';

const is2xx = (status: number | undefined) => status !== undefined && status >= 200 && status < 300;

/**
 * Which served operations a run saw answer 2xx, as the step expected (error cases do not
 * count: an operation is covered when its success answer was checked). A HEAD step names its
 * path's GET operation but does not cover it: a HEAD answer has no body to check. The first side
 * that ran decides: the mock when there is one, else the target.
 */
export function runCoverage(served: readonly Operation[], scenarios: readonly ScenarioReport[]): Coverage {
  const covered = new Set<string>();
  for (const s of scenarios) {
    for (const step of s.steps) {
      const side = step.sides.mock ?? step.sides.target;
      if (step.operationId && step.method !== 'HEAD' && is2xx(step.expectedStatus) && side?.status === step.expectedStatus) covered.add(step.operationId);
    }
  }
  return split(served, covered);
}

/** The same, read from the scenario files alone: which served operations have a step (not HEAD) expecting 2xx. */
export function corpusCoverage(served: readonly Operation[], scenarios: readonly PreparedScenario[]): Coverage {
  const covered = new Set<string>();
  for (const s of scenarios) {
    for (const step of s.steps) if (step.operation && step.step.request.method !== 'HEAD' && is2xx(step.step.expect.status)) covered.add(step.operation.operationId);
  }
  return split(served, covered);
}

function split(served: readonly Operation[], covered: ReadonlySet<string>): Coverage {
  const ids = served.map((op) => op.operationId);
  return { served: ids, covered: ids.filter((id) => covered.has(id)), uncovered: ids.filter((id) => !covered.has(id)) };
}

import type { Operation } from '../spec/load-specs.ts';
import { matchOperation, stepWrites } from './match-operation.ts';
import { isPlaceholder, placeholderBuiltIn } from './placeholders.ts';
import { stepLabel, type Scenario, type Step } from './scenario.ts';
import { BUILT_IN_VARIABLES, templateNames } from './templates.ts';

export interface PreparedStep {
  step: Step;
  /** 1-based. */
  number: number;
  label: string;
  operation: Operation | null;
  writes: boolean;
}

/** A scenario with what can be known before it runs: operations, writes, variables needed. */
export interface PreparedScenario {
  scenario: Scenario;
  steps: PreparedStep[];
  /** True when any step writes: such a scenario touches a live target only with `--allow-writes`. */
  writes: boolean;
  operationIds: string[];
  /**
   * The built-in variables its templates use (`token` is also used by the default header),
   * directly or through a placeholder (`{{secret_password_1}}` needs `password`).
   */
  builtIns: string[];
  /** The typed placeholders of a recording (`secret_iban_1`) its templates use. */
  placeholders: string[];
}

/** Matches each step to its operation once, before any run, so replay does no spec work. */
export function prepareScenario(scenario: Scenario, operations: readonly Operation[]): PreparedScenario {
  const steps = scenario.steps.map((step, i) => {
    const operation = matchOperation(operations, step.request.method, step.request.path);
    return { step, number: i + 1, label: stepLabel(step, i), operation, writes: stepWrites(step, operation) };
  });
  const used = new Set(templateNames(scenario.steps.map((s) => s.request)));
  const placeholders = [...used].filter(isPlaceholder);
  for (const builtIn of placeholders.map(placeholderBuiltIn)) if (builtIn) used.add(builtIn);
  return {
    scenario,
    steps,
    writes: steps.some((s) => s.writes),
    operationIds: [...new Set(steps.flatMap((s) => (s.operation ? [s.operation.operationId] : [])))],
    builtIns: BUILT_IN_VARIABLES.filter((v) => used.has(v)),
    placeholders,
  };
}

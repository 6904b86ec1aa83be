import type { ContractFinding } from './contract-finding.ts';
import type { SideRole } from './targets.ts';

export type Outcome = 'passed' | 'failed' | 'skipped';

/** One step on one side, as reports show it (never a body or a header: a live target holds real data). */
export interface SideStepReport {
  /** Path and query as sent (templates filled). */
  url?: string;
  status?: number;
  contentType?: string | null;
  durationMs?: number;
  /** A transport failure. */
  error?: string;
  /** Why the step did not run on this side. */
  skipped?: string;
}

export interface StepReport {
  number: number;
  label: string;
  method: string;
  /** The path as written, templates unfilled. */
  path: string;
  operationId: string | null;
  writes: boolean;
  expectedStatus: number;
  sides: Partial<Record<SideRole, SideStepReport>>;
  findings: ContractFinding[];
  outcome: Outcome;
  skipReason?: string;
}

/** Why a whole scenario did not run. */
export type SkipKind = 'not-served' | 'writes' | 'variables';

export interface ScenarioReport {
  id: string;
  file: string;
  name: string;
  outcome: Outcome;
  skip?: { kind: SkipKind; reason: string };
  writes: boolean;
  operationIds: string[];
  steps: StepReport[];
  durationMs: number;
}

export interface Coverage {
  /** Operations the mock serves (the served spec minus `HELD_OUT`). */
  served: string[];
  /** Served operations that answered 2xx, as expected, to some step of this run. */
  covered: string[];
  uncovered: string[];
}

export interface Totals {
  scenarios: Record<Outcome | 'total', number>;
  steps: Record<Outcome | 'total', number>;
  /** Scenarios skipped because they write and `--allow-writes` was not given. */
  skippedWrites: number;
  /** Scenarios skipped because an operation they call is not served by the mock yet. */
  skippedNotServed: number;
  skippedVariables: number;
  findings: number;
}

/** Everything a run found: the JSON report is this object; the other reports render it. */
export interface ContractReport {
  tool: 'omnitron-mock contract';
  startedAt: string;
  durationMs: number;
  /** `embedded mock`, the mock URL, or null (`--no-mock`). */
  mock: string | null;
  /** The target URL, or null (the mock alone). */
  target: string | null;
  allowWrites: boolean;
  only: string | null;
  comparedFields: string[];
  totals: Totals;
  coverage: Coverage;
  findings: ContractFinding[];
  scenarios: ScenarioReport[];
  /** 0: nothing drifts; 1: any drift or failed check. */
  exitCode: 0 | 1;
}

/** Counts a run's outcomes; the JUnit file and the summary both come from these numbers. */
export function totalsOf(scenarios: readonly ScenarioReport[]): Totals {
  const count = (outcomes: Outcome[]) => ({
    total: outcomes.length,
    passed: outcomes.filter((o) => o === 'passed').length,
    failed: outcomes.filter((o) => o === 'failed').length,
    skipped: outcomes.filter((o) => o === 'skipped').length,
  });
  return {
    scenarios: count(scenarios.map((s) => s.outcome)),
    steps: count(scenarios.flatMap((s) => s.steps.map((st) => st.outcome))),
    skippedWrites: scenarios.filter((s) => s.skip?.kind === 'writes').length,
    skippedNotServed: scenarios.filter((s) => s.skip?.kind === 'not-served').length,
    skippedVariables: scenarios.filter((s) => s.skip?.kind === 'variables').length,
    findings: scenarios.reduce((n, s) => n + s.steps.reduce((m, st) => m + st.findings.length, 0), 0),
  };
}

import { randomUUID } from 'node:crypto';
import type { LoadedSpecs } from '../spec/load-specs.ts';
import type { ResponseChecker } from '../spec/response-checker.ts';
import { domainServedOperations, HELD_OUT, servedOperations } from '../spec/served-operations.ts';
import { runCoverage } from './coverage.ts';
import { DEFAULT_COMPARED_FIELDS } from './diff.ts';
import { matchesOnly, ScenarioError } from './load-scenarios.ts';
import { prepareScenario, type PreparedScenario } from './prepare-scenario.ts';
import { totalsOf, type ContractReport, type ScenarioReport, type SkipKind } from './report.ts';
import { runScenario } from './run-scenario.ts';
import type { Scenario } from './scenario.ts';
import type { Side } from './targets.ts';

export interface ContractRunOptions {
  scenarios: readonly Scenario[];
  /** The served specs and their checker, loaded once by the caller. */
  specs: LoadedSpecs;
  checker: ResponseChecker;
  /** The mock side (embedded or by URL); null with `--no-mock`. */
  mock: Side | null;
  /** The target side; null checks the mock alone. */
  target: Side | null;
  allowWrites?: boolean;
  only?: string | null;
  comparedFields?: readonly string[];
  /** Operations the mock does not serve yet (default: `HELD_OUT`). */
  heldOut?: Readonly<Record<string, string>>;
  /** Fills `{{run_id}}`, so writes of two runs against one target do not collide. */
  runId?: string;
  /** Called once the scenarios are selected, before any runs: the console prints its header. */
  onStart?: (selected: number) => void;
  /** Called as each scenario finishes: the console prints its line. */
  onScenario?: (report: ScenarioReport) => void;
}

/**
 * Replays the scenarios in order (a URL side's state carries from one to the next, as it
 * would for a QA engineer) and gathers the report. Scenarios that cannot run are reported as
 * skipped with the reason: an operation the mock does not serve yet (only when the mock takes
 * part), a write against a target without `allowWrites`, a built-in variable a side lacks.
 * Throws `ScenarioError` when `only` selects nothing.
 */
export async function runContract(options: ContractRunOptions): Promise<ContractReport> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const heldOut = options.heldOut ?? HELD_OUT;
  const comparedFields = [...(options.comparedFields ?? DEFAULT_COMPARED_FIELDS)];
  const runId = options.runId ?? randomUUID().slice(0, 8);
  const domainServed = new Set(domainServedOperations(servedOperations(options.specs, heldOut)));
  let prepared = options.scenarios.map((s) => prepareScenario(s, options.specs.operations));
  if (options.only) {
    prepared = prepared.filter((p) => matchesOnly(options.only!, p.scenario, p.operationIds));
    if (prepared.length === 0) throw new ScenarioError(`no scenario matches --only ${options.only}`);
  }
  options.onStart?.(prepared.length);
  const reports: ScenarioReport[] = [];
  for (const p of prepared) {
    const skip = skipOf(p, options, heldOut);
    const report = skip
      ? skipped(p, skip)
      : await runScenario(p, { mock: options.mock, target: options.target, checker: options.checker, comparedFields, runId, domainServed });
    reports.push(report);
    options.onScenario?.(report);
  }
  const totals = totalsOf(reports);
  return {
    tool: 'omnitron-mock contract',
    startedAt,
    durationMs: Math.round(performance.now() - started),
    mock: options.mock?.where ?? null,
    target: options.target?.where ?? null,
    allowWrites: options.allowWrites ?? false,
    only: options.only ?? null,
    comparedFields,
    totals,
    coverage: runCoverage(servedOperations(options.specs, heldOut), reports),
    findings: reports.flatMap((r) => r.steps.flatMap((s) => s.findings)),
    scenarios: reports,
    exitCode: totals.findings > 0 || totals.steps.failed > 0 ? 1 : 0,
  };
}

function skipOf(p: PreparedScenario, o: ContractRunOptions, heldOut: Readonly<Record<string, string>>): { kind: SkipKind; reason: string } | null {
  if (o.mock) {
    const missing = p.operationIds.filter((id) => id in heldOut);
    if (missing.length > 0) {
      return { kind: 'not-served', reason: `operation not served yet: ${missing.map((id) => `${id} (${heldOut[id]})`).join(', ')}` };
    }
  }
  if (o.target && p.writes && !o.allowWrites) {
    const first = p.steps.find((s) => s.writes)!;
    return { kind: 'writes', reason: `writes (${first.step.request.method} ${first.step.request.path}); pass --allow-writes to replay it against the target` };
  }
  for (const side of [o.mock, o.target]) {
    const lacking = side ? p.builtIns.filter((v) => v !== 'run_id' && !(v in side.vars)) : [];
    if (side && lacking.length > 0) {
      return { kind: 'variables', reason: `needs ${lacking.map((v) => `{{${v}}}`).join(', ')}, which the ${side.role} does not provide` };
    }
  }
  return null;
}

function skipped(p: PreparedScenario, skip: { kind: SkipKind; reason: string }): ScenarioReport {
  return {
    id: p.scenario.id, file: p.scenario.file, name: p.scenario.name, outcome: 'skipped', skip,
    writes: p.writes, operationIds: p.operationIds, durationMs: 0,
    steps: p.steps.map((ps) => ({
      number: ps.number, label: ps.label, method: ps.step.request.method, path: ps.step.request.path,
      operationId: ps.operation?.operationId ?? null, writes: ps.writes, expectedStatus: ps.step.expect.status,
      sides: {}, findings: [], outcome: 'skipped' as const, skipReason: skip.reason,
    })),
  };
}

import type { Operation } from '../spec/load-specs.ts';
import { mediaTypeOf, type ResponseChecker } from '../spec/response-checker.ts';
import type { ContractFinding, RawFinding } from './contract-finding.ts';
import { diffAnswers } from './diff.ts';
import type { PreparedScenario, PreparedStep } from './prepare-scenario.ts';
import { replaySide, type SideStep } from './replay-side.ts';
import type { Outcome, ScenarioReport, SideStepReport, StepReport } from './report.ts';
import { isFreeFormKey, nullAllowedAt } from './schema-paths.ts';
import type { Side, SideRole } from './targets.ts';

export interface ScenarioRunOptions {
  mock: Side | null;
  target: Side | null;
  checker: ResponseChecker;
  comparedFields: readonly string[];
  runId: string;
  /**
   * The operations a domain handler serves (`domainServedOperations`): only their lists are held
   * to the mock's default order. The engine's lists are newest first by the mock's own choice, not
   * DOMAIN.md's, and a DRF viewset without `Meta.ordering` may list in any order.
   */
  domainServed: ReadonlySet<Operation>;
}

/**
 * Replays one scenario on each side at once (each side has its own captures, so they need not
 * wait for each other), then puts the steps side by side: each side's own findings, and where
 * both answered the same status, the structural diff of the two answers.
 */
export async function runScenario(prepared: PreparedScenario, options: ScenarioRunOptions): Promise<ScenarioReport> {
  const started = performance.now();
  const { mock, target, checker, runId } = options;
  const [mockSteps, targetSteps] = await Promise.all([
    mock ? replaySide(prepared, mock, checker, runId) : undefined,
    target ? replaySide(prepared, target, checker, runId) : undefined,
  ]);
  const steps = prepared.steps.map((ps, i) => stepReport(prepared, ps, mockSteps?.[i], targetSteps?.[i], options));
  const outcome: Outcome = steps.some((s) => s.outcome === 'failed') ? 'failed' : steps.every((s) => s.outcome === 'skipped') ? 'skipped' : 'passed';
  const { scenario } = prepared;
  return {
    id: scenario.id, file: scenario.file, name: scenario.name, outcome,
    writes: prepared.writes, operationIds: prepared.operationIds, steps,
    durationMs: performance.now() - started,
  };
}

function stepReport(
  prepared: PreparedScenario,
  ps: PreparedStep,
  mockStep: SideStep | undefined,
  targetStep: SideStep | undefined,
  options: ScenarioRunOptions,
): StepReport {
  const raw: RawFinding[] = [];
  const sides: Partial<Record<SideRole, SideStepReport>> = {};
  for (const [role, s] of [['mock', mockStep], ['target', targetStep]] as const) {
    if (!s) continue;
    sides[role] = sideReport(s);
    if (s.ran) raw.push(...s.findings);
  }
  const a = mockStep?.ran ? mockStep.response : undefined;
  const b = targetStep?.ran ? targetStep.response : undefined;
  // Two answers of different statuses are already a status finding; their bodies do not compare.
  if (a && b && a.status === b.status) {
    const schema = ps.operation?.responses[String(a.status)]?.content?.[mediaTypeOf(a.contentType) ?? '']?.schema;
    raw.push(...diffAnswers(
      { contentType: a.contentType, body: a.body, json: isJson(a), empty: isEmpty(a) },
      { contentType: b.contentType, body: b.body, json: isJson(b), empty: isEmpty(b) },
      {
        comparedFields: ps.step.compareValues ?? options.comparedFields,
        nullAllowed: (path) => nullAllowedAt(schema, path),
        freeForm: (path) => isFreeFormKey(schema, path),
        defaultOrder: ps.step.request.query?.ordering === undefined && ps.operation !== null && options.domainServed.has(ps.operation),
      },
    ));
  }
  const findings: ContractFinding[] = raw.map((f) => ({
    ...f, scenario: prepared.scenario.id, step: ps.number, stepName: ps.label, operationId: ps.operation?.operationId ?? null,
  }));
  const notRun = [mockStep, targetStep].find((s) => s && !s.ran) as { reason: string } | undefined;
  const outcome: Outcome = findings.length > 0 ? 'failed' : notRun ? 'skipped' : 'passed';
  const report: StepReport = {
    number: ps.number, label: ps.label, method: ps.step.request.method, path: ps.step.request.path,
    operationId: ps.operation?.operationId ?? null, writes: ps.writes, expectedStatus: ps.step.expect.status,
    sides, findings, outcome,
  };
  if (outcome === 'skipped' && notRun) report.skipReason = notRun.reason;
  return report;
}

function sideReport(s: SideStep): SideStepReport {
  if (!s.ran) return { skipped: s.reason };
  const out: SideStepReport = { url: s.url, durationMs: Math.round(s.durationMs * 10) / 10 };
  if (s.error !== undefined) out.error = s.error;
  if (s.response) {
    out.status = s.response.status;
    out.contentType = s.response.contentType;
  }
  return out;
}

function isEmpty(res: { body: unknown }): boolean {
  return res.body === undefined || res.body === '';
}

function isJson(res: { contentType: string | null; body: unknown; parseError?: string }): boolean {
  const mt = mediaTypeOf(res.contentType);
  return !res.parseError && res.body !== undefined && (mt === 'application/json' || (mt?.endsWith('+json') ?? false));
}

import { formatFinding } from './contract-finding.ts';
import type { ContractReport, ScenarioReport } from './report.ts';

/** The console shows this many findings; the report files hold them all. */
const MAX_CONSOLE_FINDINGS = 200;

/** The one line a scenario prints as it finishes. */
export function scenarioLine(r: ScenarioReport): string {
  if (r.outcome === 'skipped') return `SKIP  ${r.id}  ${r.skip?.reason ?? r.steps.find((s) => s.skipReason)?.skipReason ?? ''}`;
  const ran = r.steps.filter((s) => s.outcome !== 'skipped').length;
  const time = `${ran} step${ran === 1 ? '' : 's'}, ${Math.round(r.durationMs)} ms`;
  if (r.outcome === 'passed') return `PASS  ${r.id}  (${time})`;
  const n = r.steps.reduce((k, s) => k + s.findings.length, 0);
  return `FAIL  ${r.id}  ${n} finding${n === 1 ? '' : 's'}  (${time})`;
}

/** The summary after the run: every finding (up to a cap), coverage, counts and the verdict. */
export function summaryText(report: ContractReport, reportFiles: readonly string[] = []): string {
  const lines: string[] = [''];
  const t = report.totals;
  if (report.findings.length > 0) {
    lines.push('Findings:');
    for (const f of report.findings.slice(0, MAX_CONSOLE_FINDINGS)) lines.push(`  ${formatFinding(f)}`);
    if (report.findings.length > MAX_CONSOLE_FINDINGS) lines.push(`  … ${report.findings.length - MAX_CONSOLE_FINDINGS} more in the report files`);
    lines.push('');
  }
  const c = report.coverage;
  lines.push(`Coverage:  ${c.covered.length}/${c.served.length} served operations answered 2xx${c.uncovered.length ? `; not covered: ${c.uncovered.join(', ')}` : ''}`);
  lines.push(`Against:   ${[report.mock && `mock (${report.mock})`, report.target && `target (${report.target})`].filter(Boolean).join(' and ')}`);
  const skips = [
    t.skippedWrites && `${t.skippedWrites} write${t.skippedWrites === 1 ? '' : 's'} (no --allow-writes)`,
    t.skippedNotServed && `${t.skippedNotServed} not served yet`,
    t.skippedVariables && `${t.skippedVariables} missing variables`,
  ].filter(Boolean);
  lines.push(`Scenarios: ${t.scenarios.passed} passed, ${t.scenarios.failed} failed, ${t.scenarios.skipped} skipped${skips.length ? ` (${skips.join(', ')})` : ''} of ${t.scenarios.total}`);
  lines.push(`Steps:     ${t.steps.passed} passed, ${t.steps.failed} failed, ${t.steps.skipped} skipped of ${t.steps.total}; ${t.findings} finding${t.findings === 1 ? '' : 's'}; ${(report.durationMs / 1000).toFixed(1)} s`);
  for (const f of reportFiles) lines.push(`Report:    ${f}`);
  lines.push(report.exitCode === 0 ? 'Result:    no drift' : 'Result:    DRIFT (exit 1)');
  return `${lines.join('\n')}\n`;
}

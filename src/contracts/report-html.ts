import type { ContractFinding } from './contract-finding.ts';
import type { ContractReport, ScenarioReport, StepReport } from './report.ts';
import { escapeMarkup as esc } from './escape-markup.ts';

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2330;max-width:1200px}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #d6dae3;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f4f8}code{font:12px ui-monospace,monospace}
.passed{color:#17803d}.failed{color:#b42318}.skipped{color:#8a6d00}
.verdict{font-size:1.2rem;font-weight:600}
details{margin:.3rem 0}summary{cursor:pointer}
`;

/**
 * The report for people: one self-contained HTML file (inline style, no script, nothing
 * fetched), holding the verdict, coverage, every finding in one table, and every scenario with
 * its steps. Bodies and headers are never included.
 */
export function htmlReport(report: ContractReport): string {
  const t = report.totals;
  const c = report.coverage;
  const verdict = report.exitCode === 0 ? '<span class="passed">No drift</span>' : '<span class="failed">Drift found</span>';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Contract report — omnitron-mock</title><style>${STYLE}</style></head>
<body>
<h1>Contract report</h1>
<p class="verdict">${verdict} (exit ${report.exitCode})</p>
<table>
<tr><th>mock</th><td>${esc(report.mock ?? '— (--no-mock)')}</td></tr>
<tr><th>target</th><td>${esc(report.target ?? '— (the mock alone)')}</td></tr>
<tr><th>started</th><td>${esc(report.startedAt)} (${(report.durationMs / 1000).toFixed(1)} s)</td></tr>
<tr><th>scenarios</th><td>${t.scenarios.passed} passed, ${t.scenarios.failed} failed, ${t.scenarios.skipped} skipped of ${t.scenarios.total} (${t.skippedWrites} write scenarios skipped without --allow-writes; ${t.skippedNotServed} not served yet)</td></tr>
<tr><th>steps</th><td>${t.steps.passed} passed, ${t.steps.failed} failed, ${t.steps.skipped} skipped of ${t.steps.total}</td></tr>
<tr><th>compared values</th><td>${esc(report.comparedFields.join(', ') || 'none')}</td></tr>
${report.only ? `<tr><th>--only</th><td><code>${esc(report.only)}</code></td></tr>` : ''}
</table>
<h2>Coverage: ${c.covered.length}/${c.served.length} served operations answered 2xx</h2>
<table><tr><th>operation</th><th>2xx checked</th></tr>
${c.served.map((id) => `<tr><td><code>${esc(id)}</code></td><td class="${c.covered.includes(id) ? 'passed">yes' : 'failed">no'}</td></tr>`).join('\n')}
</table>
<h2>Findings (${report.findings.length})</h2>
${report.findings.length === 0 ? '<p>None.</p>' : findingsTable(report.findings)}
<h2>Scenarios</h2>
${report.scenarios.map(scenarioSection).join('\n')}
</body></html>
`;
}

function findingsTable(findings: readonly ContractFinding[]): string {
  const rows = findings.map((f) => `<tr><td><code>${esc(f.scenario)}</code></td><td>${esc(f.stepName)}</td><td><code>${esc(f.operationId ?? '—')}</code></td><td>${f.side}</td><td>${f.kind}</td><td><code>${esc(f.path || '/')}</code></td><td>${esc(f.expected)}</td><td>${esc(f.actual)}</td><td>${esc(f.message)}</td></tr>`);
  return `<table><tr><th>scenario</th><th>step</th><th>operation</th><th>side</th><th>kind</th><th>path</th><th>expected</th><th>actual</th><th>message</th></tr>\n${rows.join('\n')}\n</table>`;
}

function scenarioSection(s: ScenarioReport): string {
  const head = `<span class="${s.outcome}">${s.outcome.toUpperCase()}</span> <code>${esc(s.id)}</code> — ${esc(s.name)}`;
  const skip = s.skip ? `<p class="skipped">Skipped: ${esc(s.skip.reason)}</p>` : '';
  const rows = s.steps.map(stepRow).join('\n');
  return `<details${s.outcome === 'failed' ? ' open' : ''}><summary>${head}</summary>${skip}
<table><tr><th>step</th><th>operation</th><th>expected</th><th>mock</th><th>target</th><th>outcome</th></tr>
${rows}
</table></details>`;
}

function stepRow(step: StepReport): string {
  const side = (role: 'mock' | 'target') => {
    const s = step.sides[role];
    if (!s) return '—';
    if (s.skipped) return `not run: ${esc(s.skipped)}`;
    if (s.error) return `no answer: ${esc(s.error)}`;
    return `${s.status} <code>${esc(s.url ?? '')}</code>`;
  };
  const outcome = step.outcome === 'skipped' && step.skipReason ? `skipped: ${esc(step.skipReason)}` : step.outcome;
  const findings = step.findings.length
    ? `<ul>${step.findings.map((f) => `<li>[${f.side}] ${f.kind} <code>${esc(f.path || '/')}</code>: ${esc(f.message)} (expected ${esc(f.expected)}, got ${esc(f.actual)})</li>`).join('')}</ul>`
    : '';
  return `<tr><td>${esc(step.label)}${step.writes ? ' (writes)' : ''}</td><td><code>${esc(step.operationId ?? `${step.method} ${step.path}`)}</code></td><td>${step.expectedStatus}</td><td>${side('mock')}</td><td>${side('target')}</td><td class="${step.outcome}">${outcome}${findings}</td></tr>`;
}

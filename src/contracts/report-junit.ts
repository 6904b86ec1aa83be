import { formatFinding } from './contract-finding.ts';
import { escapeMarkup as xmlEscape } from './escape-markup.ts';
import type { ContractReport } from './report.ts';

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * JUnit XML for CI: one `<testsuite>` per scenario and one `<testcase>` per step, so the counts
 * are the run's step counts (`tests`, `failures`, `skipped`). A failed step's `<failure>`
 * lists its findings; a skipped step says why.
 */
export function junitXml(report: ContractReport): string {
  const t = report.totals.steps;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="omnitron-mock contract" tests="${t.total}" failures="${t.failed}" errors="0" skipped="${t.skipped}" time="${seconds(report.durationMs)}">`);
  for (const s of report.scenarios) {
    const failed = s.steps.filter((x) => x.outcome === 'failed').length;
    const skipped = s.steps.filter((x) => x.outcome === 'skipped').length;
    out.push(`  <testsuite name="${xmlEscape(s.id)}" tests="${s.steps.length}" failures="${failed}" errors="0" skipped="${skipped}" time="${seconds(s.durationMs)}">`);
    for (const step of s.steps) {
      const time = Object.values(step.sides).reduce((ms, side) => Math.max(ms, side?.durationMs ?? 0), 0);
      const name = `${step.label} (${step.operationId ?? `${step.method} ${step.path}`})`;
      const open = `    <testcase classname="contract.${xmlEscape(s.id)}" name="${xmlEscape(name)}" time="${seconds(time)}"`;
      if (step.outcome === 'passed') {
        out.push(`${open}/>`);
        continue;
      }
      out.push(`${open}>`);
      if (step.outcome === 'failed') {
        const first = step.findings[0]!;
        out.push(`      <failure type="${first.kind}" message="${xmlEscape(`${step.findings.length} finding(s): ${first.message}`)}">${xmlEscape(step.findings.map(formatFinding).join('\n'))}</failure>`);
      } else {
        out.push(`      <skipped message="${xmlEscape(step.skipReason ?? s.skip?.reason ?? 'skipped')}"/>`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

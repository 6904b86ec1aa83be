import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlReport } from './report-html.ts';
import { junitXml } from './report-junit.ts';
import type { ContractReport } from './report.ts';

/** The files `--report-dir` receives. */
export const REPORT_FILES = {
  json: 'contract-report.json',
  junit: 'contract-junit.xml',
  html: 'contract-report.html',
} as const;

/** Writes the JSON, JUnit XML and HTML reports into `dir` (created if needed); returns their paths. */
export function writeReports(report: ContractReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files: Array<[string, string]> = [
    [join(dir, REPORT_FILES.json), `${JSON.stringify(report, null, 2)}\n`],
    [join(dir, REPORT_FILES.junit), junitXml(report)],
    [join(dir, REPORT_FILES.html), htmlReport(report)],
  ];
  for (const [path, text] of files) writeFileSync(path, text);
  return files.map(([path]) => path);
}

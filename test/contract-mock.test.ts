import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContractCommand } from '../src/cli/contract.ts';
import { loadContractSpecs } from '../src/contracts/contract-specs.ts';
import { createEmbeddedMock } from '../src/contracts/embedded-mock.ts';
import { loadScenarios } from '../src/contracts/load-scenarios.ts';
import type { ContractReport } from '../src/contracts/report.ts';
import { runContract } from '../src/contracts/run-contract.ts';
import type { Scenario } from '../src/contracts/scenario.ts';
import { appSide } from '../src/contracts/targets.ts';
import { REPORT_FILES } from '../src/contracts/write-reports.ts';
import { HELD_OUT } from '../src/spec/served-operations.ts';

describe('contract harness against the embedded mock', () => {
  let dir: string;
  let code: number;
  let out = '';
  let report: ContractReport;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'contract-mock-'));
    code = await runContractCommand(['--report-dir', dir], {}, { out: (t) => void (out += t), err: (t) => void (out += t) });
    report = JSON.parse(readFileSync(join(dir, REPORT_FILES.json), 'utf8'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes the whole corpus with zero drift (exit 0)', () => {
    expect(report.findings, out).toEqual([]);
    expect(code).toBe(0);
    expect(report.totals.scenarios.failed).toBe(0);
    expect(report.totals.scenarios.total).toBe(loadScenarios().length);
  });

  it('skips only scenarios whose operation is not served yet, saying so', () => {
    for (const s of report.scenarios.filter((x) => x.outcome === 'skipped')) {
      expect(s.skip?.kind).toBe('not-served');
      expect(s.operationIds.some((id) => id in HELD_OUT)).toBe(true);
    }
    for (const s of report.scenarios.filter((x) => x.outcome !== 'skipped')) {
      expect(s.operationIds.every((id) => !(id in HELD_OUT))).toBe(true);
    }
  });

  it('prints one line per scenario, then coverage of every served operation', () => {
    expect(out.split('\n').filter((l) => /^(PASS|FAIL|SKIP) {2}/.test(l))).toHaveLength(report.scenarios.length);
    expect(report.coverage.uncovered).toEqual([]);
    expect(out).toContain(`Coverage:  ${report.coverage.served.length}/${report.coverage.served.length} served operations answered 2xx`);
    expect(out).toContain('Result:    no drift');
  });

  it('gives each scenario a fresh mock, so a write does not leak into the next scenario', async () => {
    const { specs, checker } = await loadContractSpecs();
    const embedded = await createEmbeddedMock({ specs, checker });
    const mock = appSide('mock', 'embedded mock', { token: embedded.config.token }, embedded.fresh);
    const list = { name: 'list', request: { method: 'GET' as const, path: '/api/v1/cancellation_plans/', query: { status: 'waiting', plan_type: 'cancel', limit: 1 } }, expect: { status: 200 }, capture: { pk: '/results/0/pk' } };
    const approve: Scenario = {
      id: 'approve', file: '', name: 'approve the newest waiting plan',
      steps: [list, { request: { method: 'POST', path: '/api/v1/cancellation_plans/{{pk}}/update_status/', body: { status: 'approved' } }, expect: { status: 200 } }],
    };
    const read: Scenario = { id: 'read', file: '', name: 'it is still waiting', steps: [list, { request: { method: 'GET', path: '/api/v1/cancellation_plans/{{pk}}/' }, expect: { status: 200 } }] };
    const result = await runContract({ scenarios: [approve, read, approve], specs, checker, mock, target: null });
    expect(result.findings).toEqual([]);
    const urls = result.scenarios.map((s) => s.steps[1]!.sides.mock!.url);
    expect(urls[0]).toBe(urls[2]!);
    expect(urls[1]).toBe(urls[0]!.replace('update_status/', ''));
  });

  it('refuses a --report-dir it cannot write before any scenario runs, with one line and exit 2', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    let said = '';
    const refused = await runContractCommand(['--only', 'plans-retrieve', '--report-dir', join(file, 'reports')], {}, { out: (t) => void (said += t), err: (t) => void (said += t) });
    expect(refused).toBe(2);
    expect(said).toBe(`omnitron-mock contract: cannot write reports to --report-dir ${join(file, 'reports')} (ENOTDIR)\n`);
  });

  it('replays only the scenarios --only selects', async () => {
    let text = '';
    const status = await runContractCommand(['--only', 'plans-retrieve*,listCancellationPlanStatuses'], {}, { out: (t) => void (text += t), err: (t) => void (text += t) });
    expect(status).toBe(0);
    const ids = text.split('\n').filter((l) => /^(PASS|FAIL|SKIP) /.test(l)).map((l) => l.split(/\s+/)[1]);
    // auth-login reads the statuses with the key it logged in with: operation ids match too.
    expect(ids.sort()).toEqual([
      'auth-login', 'plans-retrieve', 'plans-retrieve-non-numeric-id', 'plans-retrieve-not-found', 'plans-retrieve-unauthenticated',
      'plans-statuses', 'plans-statuses-unauthenticated',
    ]);
  });
});

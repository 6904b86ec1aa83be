import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContractCommand } from '../src/cli/contract.ts';
import type { ContractFinding } from '../src/contracts/contract-finding.ts';
import { escapeMarkup } from '../src/contracts/escape-markup.ts';
import type { ContractReport } from '../src/contracts/report.ts';
import { REPORT_FILES } from '../src/contracts/write-reports.ts';
import { startDriftedTarget, type DriftedTarget } from './fixtures/drifted-target.ts';
import { findAll, parseXml } from './fixtures/parse-xml.ts';

const SCENARIOS = resolve(import.meta.dirname, 'fixtures/drift-scenarios');
const CREDENTIALS = { CONTRACT_TARGET_USERNAME: 'akinon', CONTRACT_TARGET_PASSWORD: 'akinon' };

/** Runs the CLI command in process, capturing what it prints. */
async function contract(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const code = await runContractCommand(argv, env, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe('contract harness against a drifted target', () => {
  let target: DriftedTarget;
  let dir: string;
  let run: { code: number; out: string; err: string };
  let report: ContractReport;

  beforeAll(async () => {
    target = await startDriftedTarget([
      { method: 'GET', url: /^\/api\/v1\/cancellation_plans\/\d+\/$/, drift: { kind: 'drop-field', pointer: '/invoice_number' } },
      { method: 'GET', url: /^\/api\/v1\/cancellation_plans\/\?.*plan_type=cancel/, drift: { kind: 'change-type', pointer: '/count', value: '2' } },
      { method: 'GET', url: /cancellation_plan_statuses/, drift: { kind: 'status', status: 418 } },
      { method: 'POST', url: /^\/api\/v1\/auth\/login\/$/, drift: { kind: 'add-field', pointer: '/expires', value: '2030-01-01T00:00:00Z' } },
      { method: 'GET', url: /^\/api\/v1\/cancellation_requests\/\?status=rejected/, drift: { kind: 'server-error' } },
      { method: 'GET', url: /^\/api\/v1\/cancellation_requests\/\d+\/$/, drift: { kind: 'close-connection' } },
    ]);
    dir = mkdtempSync(join(tmpdir(), 'contract-drift-'));
    run = await contract(['--target', target.url, '--token', target.token, '--scenarios', SCENARIOS, '--report-dir', dir], CREDENTIALS);
    report = JSON.parse(readFileSync(join(dir, REPORT_FILES.json), 'utf8'));
  });

  afterAll(async () => {
    await target?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const only = (scenario: string) => report.findings.filter((f) => f.scenario === scenario);

  it('exits 1 and prints one line per scenario, then the findings', () => {
    expect(run.code, run.err).toBe(1);
    const lines = run.out.split('\n').filter((l) => /^(PASS|FAIL|SKIP) /.test(l));
    expect(lines).toHaveLength(8);
    expect(lines.find((l) => l.includes('no-drift'))).toMatch(/^PASS/);
    expect(run.out).toContain('Result:    DRIFT (exit 1)');
  });

  it('reports a dropped field at its path, with the mock type expected', () => {
    const [presence] = only('drop-field').filter((f) => f.kind === 'presence');
    expect(presence).toMatchObject({ step: 2, operationId: 'retrieveCancellationPlan', side: 'target', path: '/invoice_number', actual: 'absent' });
    expect(presence!.expected).toMatch(/^(null|string|null\|string)$/);
    expect(only('drop-field').some((f) => f.kind === 'validation' && f.message.includes('invoice_number'))).toBe(true);
    expect(only('drop-field').every((f) => f.step === 2)).toBe(true);
  });

  it('reports a changed type at its path', () => {
    expect(only('change-type')).toContainEqual(expect.objectContaining({
      step: 1, operationId: 'listCancellationPlans', kind: 'type', path: '/count', expected: 'number', actual: 'string',
    }));
  });

  it('reports an undocumented status as a status finding and a validation finding', () => {
    const found = only('undocumented-status');
    expect(found).toContainEqual(expect.objectContaining({ operationId: 'listCancellationPlanStatuses', kind: 'status', expected: '200', actual: '418' }));
    expect(found).toContainEqual(expect.objectContaining({ kind: 'validation', path: 'status', message: expect.stringMatching(/418 is not documented/) }));
  });

  it('reports an unknown field the target adds', () => {
    const found = only('unknown-field');
    expect(found).toHaveLength(2);
    expect(found).toContainEqual(expect.objectContaining({
      step: 1, operationId: 'login', kind: 'presence', path: '/expires', expected: 'absent', actual: 'string',
    }));
    expect(found).toContainEqual(expect.objectContaining({ kind: 'validation', message: 'must NOT have additional properties' }));
  });

  it('reports a 500 as drift', () => {
    expect(only('server-error')).toContainEqual(expect.objectContaining({
      step: 1, operationId: 'listCancellationRequests', kind: 'status', expected: '200', actual: '500',
    }));
  });

  it('reports a dropped connection as drift', () => {
    expect(only('closed-connection')).toEqual([expect.objectContaining({
      step: 2, operationId: 'retrieveCancellationRequest', side: 'target', kind: 'transport', actual: 'no answer',
    })]);
  });

  it('skips the scenario that writes and says how many were skipped', () => {
    const writes = report.scenarios.find((s) => s.id === 'writes')!;
    expect(writes.outcome).toBe('skipped');
    expect(writes.skip).toMatchObject({ kind: 'writes' });
    expect(report.totals.skippedWrites).toBe(1);
    expect(run.out).toMatch(/1 write \(no --allow-writes\)/);
    expect(run.out).toMatch(/^SKIP  writes  writes \(POST/m);
  });

  it('writes a JUnit file that parses, one testcase per step, counts matching the run', () => {
    const root = parseXml(readFileSync(join(dir, REPORT_FILES.junit), 'utf8'));
    const cases = findAll(root, 'testcase');
    const steps = report.scenarios.flatMap((s) => s.steps);
    expect(root.name).toBe('testsuites');
    expect(cases).toHaveLength(steps.length);
    expect(Number(root.attributes.tests)).toBe(steps.length);
    const failed = cases.filter((c) => c.children.some((x) => x.name === 'failure')).length;
    const skipped = cases.filter((c) => c.children.some((x) => x.name === 'skipped')).length;
    expect(Number(root.attributes.failures)).toBe(failed);
    expect(Number(root.attributes.skipped)).toBe(skipped);
    expect(failed).toBe(report.totals.steps.failed);
    expect(skipped).toBe(report.totals.steps.skipped);
    expect(findAll(root, 'testsuite')).toHaveLength(report.scenarios.length);
  });

  it('writes a self-contained HTML report holding every finding', () => {
    const html = readFileSync(join(dir, REPORT_FILES.html), 'utf8');
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(report.findings.length).toBeGreaterThanOrEqual(8);
    const rows = html.split('<tr>');
    for (const f of report.findings as ContractFinding[]) {
      const cells = [f.scenario, f.stepName, f.operationId ?? '—', f.side, f.kind, f.path || '/', f.expected, f.actual, f.message];
      const row = rows.find((r) => cells.every((cell) => r.includes(`>${escapeMarkup(String(cell))}<`)));
      expect(row, `no row for ${JSON.stringify(f)}`).toBeDefined();
    }
  });
});

describe('contract harness exit codes and flags', () => {
  it('exits 2 with one line when the target is unreachable', async () => {
    const port = await closedPort();
    const run = await contract(['--target', `http://127.0.0.1:${port}`, '--token', 't']);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toMatch(new RegExp(`^omnitron-mock contract: target http://127\\.0\\.0\\.1:${port} is unreachable: .+\\n$`));
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--no-mock'], /--no-mock needs --target/],
    [['--target', 'http://127.0.0.1:1'], /--target needs --token/],
    [['--target', 'ftp://x', '--token', 't'], /--target must be an http\(s\) URL/],
    [['--scenarios', '/nonexistent/contracts'], /scenario directory .* does not exist/],
    [['--only', 'no-such-scenario-anywhere'], /no scenario matches --only no-such-scenario-anywhere/],
  ])('exits 2 with one line for %j', async (argv, message) => {
    const run = await contract(argv);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
    expect(run.err.trim().split('\n')).toHaveLength(1);
  });

  it('finds zero drift between the embedded mock and the mock served over HTTP', async () => {
    const target = await startDriftedTarget();
    try {
      const run = await contract(['--target', target.url, '--token', target.token], CREDENTIALS);
      expect(run.code, run.out).toBe(0);
      expect(run.out).toContain('Result:    no drift');
      expect(run.out).toMatch(/\d+ writes? \(no --allow-writes\)/);
    } finally {
      await target.close();
    }
  });

  it('checks a running mock by URL, and a target alone with --no-mock', async () => {
    const served = await startDriftedTarget();
    const drifted = await startDriftedTarget([{ method: 'GET', url: /cancellation_plan_statuses/, drift: { kind: 'status', status: 418 } }]);
    try {
      const byUrl = await contract(['--mock', served.url, '--scenarios', SCENARIOS, '--only', 'no-drift']);
      expect(byUrl.code, byUrl.out).toBe(0);
      expect(byUrl.out).toContain(`the mock (${served.url})`);
      const alone = await contract(['--no-mock', '--target', drifted.url, '--token', drifted.token, '--scenarios', SCENARIOS, '--only', 'undocumented-status,no-drift']);
      expect(alone.code).toBe(1);
      expect(alone.out).not.toContain('the mock (');
      expect(alone.out).toMatch(/^PASS {2}no-drift/m);
      expect(alone.out).toMatch(/\[target\] status: .*expected 200, got 418/);
    } finally {
      await served.close();
      await drifted.close();
    }
  });

  it('replays writes against the target only with --allow-writes', async () => {
    const target = await startDriftedTarget();
    const dir = mkdtempSync(join(tmpdir(), 'contract-writes-'));
    try {
      const before = target.requests();
      const run = await contract(['--target', target.url, '--token', target.token, '--scenarios', SCENARIOS, '--only', 'writes', '--allow-writes', '--report-dir', dir]);
      expect(run.code, run.out).toBe(0);
      const report: ContractReport = JSON.parse(readFileSync(join(dir, REPORT_FILES.json), 'utf8'));
      expect(report.totals.skippedWrites).toBe(0);
      expect(report.scenarios.map((s) => [s.id, s.outcome])).toEqual([['writes', 'passed']]);
      expect(target.requests() - before).toBe(3); // the start-up probe, then the two steps
    } finally {
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

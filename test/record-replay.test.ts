import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMock } from '../src/build-mock.ts';
import { runContractCommand } from '../src/cli/contract.ts';
import { loadContractSpecs } from '../src/contracts/contract-specs.ts';
import { createEmbeddedMock, EMBEDDED_SEED } from '../src/contracts/embedded-mock.ts';
import { loadScenarios } from '../src/contracts/load-scenarios.ts';
import type { ContractReport } from '../src/contracts/report.ts';
import { runContract } from '../src/contracts/run-contract.ts';
import { appSide } from '../src/contracts/targets.ts';
import { REPORT_FILES } from '../src/contracts/write-reports.ts';
import { testConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { startRecording, type Recording } from '../src/record/start-recording.ts';

/** The mock the flows are recorded against: another seed than the one replay uses. */
const RECORDED_SEED = 7;
const IBAN = 'TR330006100519786457841326';
const EMAIL = 'ayse.kaya@example.net';
const HOLDER = 'Ayşe Kaya';

let server: ServerType;
let recording: Recording;
let dir: string;
let reportDir: string;
const lines: string[] = [];
/** The ids the recorded flows really used, by flow. */
const used: Record<string, number> = {};
let replay: { code: number; out: string; report: ContractReport };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'record-replay-'));
  reportDir = mkdtempSync(join(tmpdir(), 'record-replay-report-'));
  const config = testConfig({ seed: RECORDED_SEED, size: 60, logLevel: 'silent' });
  const mock = await buildMock(config, { logger: silentLogger });
  server = serve({ fetch: mock.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  try {
    recording = await startRecording({
      target: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), outDir: dir, port: 0, gapMs: 60_000, maxSteps: 100,
      groupBy: 'token', pathPrefix: '/api/', keepHeaders: [], maxBodyBytes: 1 << 20, timeoutMs: 10_000, onLine: (l) => lines.push(l),
    });
    await recordFlows(config);
  } finally {
    await recording?.stop();
    server.close();
  }
  let out = '';
  const code = await runContractCommand(['--scenarios', dir, '--report-dir', reportDir], {}, { out: (t) => void (out += t), err: (t) => void (out += t) });
  replay = { code, out, report: JSON.parse(readFileSync(join(reportDir, REPORT_FILES.json), 'utf8')) };
});

/** The flows a frontend would run, through the proxy, each in its own session. */
async function recordFlows(config: ReturnType<typeof testConfig>): Promise<void> {
  const call = async (session: string, method: string, path: string, body?: unknown, token: string | null = config.token) => {
    const headers: Record<string, string> = { 'X-Record-Session': session };
    if (token) headers.Authorization = `Token ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(recording.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
    return text ? JSON.parse(text) : null;
  };
  const R = '/api/v1/cancellation_requests/';
  const P = '/api/v1/cancellation_plans/';

  // list → retrieve → tag → read tags → filter by the tag → untag
  const id = (await call('tags', 'GET', `${R}?status=completed&cancellation_type=refund&limit=1`)).results[0].id;
  used.tags = id;
  await call('tags', 'GET', `${R}${id}/`);
  await call('tags', 'POST', `${R}${id}/add_tag/`, { key: 'recorded-tag' });
  await call('tags', 'GET', `${R}${id}/tags/`);
  await call('tags', 'GET', `${R}filter_tags/?key=recorded-tag`);
  await call('tags', 'POST', `${R}${id}/remove_tag/`, { key: 'recorded-tag' });

  // plan list → retrieve → update_status → retrieve
  const pk = (await call('plans', 'GET', `${P}?status=waiting&plan_type=cancel&limit=1`)).results[0].pk;
  used.plans = pk;
  await call('plans', 'GET', `${P}${pk}/`);
  await call('plans', 'POST', `${P}${pk}/update_status/`, { status: 'approved' });
  await call('plans', 'GET', `${P}${pk}/`);

  // a refund's bank account: the IBAN must replay as one the mock accepts
  const refund = (await call('iban', 'GET', `${R}?status=waiting&cancellation_type=refund&limit=1`)).results[0].id;
  used.iban = refund;
  await call('iban', 'PATCH', `${R}${refund}/`, { iban: IBAN, holder_name: HOLDER, description: `reach me at ${EMAIL}` });
  await call('iban', 'GET', `${R}?iban=${IBAN}&pk=${refund}`);

  // reject a waiting request, request its item again (ids in the body), read the new one
  const waiting = (await call('create', 'GET', `${R}?status=waiting&cancellation_type=cancel&limit=1`)).results[0];
  used.create = waiting.id;
  await call('create', 'POST', `${R}${waiting.id}/reject/`);
  const created = await call('create', 'POST', R, { order_item: waiting.order_item, reason: waiting.reason, cancellation_type: 'cancel' });
  await call('create', 'GET', `${R}${created.id}/`);

  // log in, then use the key the login answered (no session header: the key joins the login)
  const { key } = await call('', 'POST', '/api/v1/auth/login/', { username: config.username, password: config.password }, null);
  await fetch(`${recording.url}${P}cancellation_plan_statuses/`, { headers: { Authorization: `Token ${key}` }, signal: AbortSignal.timeout(10_000) }).then((r) => r.arrayBuffer());
}

afterAll(() => {
  for (const d of [dir, reportDir]) if (d) rmSync(d, { recursive: true, force: true });
});

const scenario = (session: string) => {
  const file = readdirSync(dir).find((f) => f.endsWith(`-${session}.json`));
  return JSON.parse(readFileSync(join(dir, file!), 'utf8'));
};

describe('recorded flows replayed against another seed', () => {
  it('writes one scenario per session', () => {
    expect(readdirSync(dir).map((f) => f.replace(/^rec-\d{8}-\d{6}-\d{3}-/, '')).sort()).toEqual(
      ['anonymous.json', 'create.json', 'iban.json', 'plans.json', 'tags.json'],
    );
    expect(lines.filter((l) => l.startsWith('REC '))).toHaveLength(19);
  });

  it('turns ids from earlier answers into captures, in paths and bodies', () => {
    const plans = scenario('plans');
    expect(plans.steps[0].capture).toEqual({ cancellation_plan: '/results/0/pk' });
    expect(plans.steps.slice(1).map((s: any) => s.request.path)).toEqual([
      '/api/v1/cancellation_plans/{{cancellation_plan}}/', '/api/v1/cancellation_plans/{{cancellation_plan}}/update_status/', '/api/v1/cancellation_plans/{{cancellation_plan}}/',
    ]);
    const create = scenario('create');
    expect(create.steps[0].capture).toEqual({ cancellation_request: '/results/0/id' });
    // The latest answer that holds an id wins: here the reject's own answer.
    expect(create.steps[1].capture).toEqual({ order_item: '/order_item', reason: '/reason' });
    expect(create.steps[2].request.body).toEqual({ order_item: '{{order_item}}', reason: '{{reason}}', cancellation_type: 'cancel' });
    expect(create.steps[2].capture).toEqual({ cancellation_request_2: '/id' });
    expect(create.steps[3].request.path).toBe('/api/v1/cancellation_requests/{{cancellation_request_2}}/');
    const iban = scenario('iban');
    expect(iban.steps[2].request.query).toEqual({ iban: iban.steps[1].request.body.iban, pk: '{{cancellation_request}}' });
    for (const [flow, id] of Object.entries(used)) {
      const text = JSON.stringify(scenario(flow).steps.map((s: any) => [s.request.path, s.request.query, s.request.body]));
      expect(text, flow).not.toMatch(new RegExp(`\\b${id}\\b`));
    }
  });

  it('keeps the flows\' secrets out of the files', () => {
    const all = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    for (const secret of [IBAN, EMAIL, HOLDER, 'omnitron-mock-token', '"akinon"']) expect(all).not.toContain(secret);
    expect(scenario('iban').steps[1].request.body).toEqual({ iban: '{{secret_iban_1}}', holder_name: '{{secret_name_1}}', description: 'reach me at {{secret_email_1}}' });
  });

  it('replays through the contract harness unchanged, against a mock seeded differently, with no drift', () => {
    expect(EMBEDDED_SEED).not.toBe(RECORDED_SEED);
    expect(replay.report.findings, replay.out).toEqual([]);
    expect(replay.code, replay.out).toBe(0);
    expect(replay.report.totals.scenarios).toMatchObject({ total: 5, passed: 5, failed: 0, skipped: 0 });
    expect(replay.out).toContain('Result:    no drift');
  });

  it('skips a recorded login, with the reason, where a side has no login configured', async () => {
    const { specs, checker } = await loadContractSpecs();
    const embedded = await createEmbeddedMock({ specs, checker });
    const login = loadScenarios(dir).find((s) => s.id.endsWith('-anonymous'))!;
    const withoutLogin = appSide('mock', 'embedded mock', { token: embedded.config.token }, embedded.fresh);
    const report = await runContract({ scenarios: [login], specs, checker, mock: withoutLogin, target: null });
    expect(report.scenarios[0]).toMatchObject({ outcome: 'skipped', skip: { kind: 'variables', reason: expect.stringContaining('{{password}}') } });
  });

  it('reads the other mock\'s own ids at replay', () => {
    const urlOf = (session: string, step: number) => replay.report.scenarios.find((s) => s.id.endsWith(`-${session}`))!.steps[step]!.sides.mock!.url!;
    expect(urlOf('plans', 1)).toMatch(/^\/api\/v1\/cancellation_plans\/\d+\/$/);
    expect(urlOf('plans', 1)).not.toBe(`/api/v1/cancellation_plans/${used.plans}/`);
    expect(urlOf('tags', 1)).not.toBe(`/api/v1/cancellation_requests/${used.tags}/`);
    expect(urlOf('iban', 1)).not.toBe(`/api/v1/cancellation_requests/${used.iban}/`);
  });
});

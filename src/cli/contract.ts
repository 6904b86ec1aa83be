import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { folderProblem } from './check-output.ts';
import { DEFAULTS } from '../config.ts';
import { loadContractSpecs } from '../contracts/contract-specs.ts';
import { DEFAULT_COMPARED_FIELDS } from '../contracts/diff.ts';
import { createEmbeddedMock } from '../contracts/embedded-mock.ts';
import { DEFAULT_SCENARIO_DIR, loadScenarios, ScenarioError } from '../contracts/load-scenarios.ts';
import { scenarioLine, summaryText } from '../contracts/report-console.ts';
import { runContract } from '../contracts/run-contract.ts';
import { preflight } from '../contracts/preflight.ts';
import { appSide, httpSide, type Side } from '../contracts/targets.ts';
import { writeReports } from '../contracts/write-reports.ts';

export const CONTRACT_HELP = `Usage: omnitron-mock contract [options]   (npm run contract -- [options])

Replays the scenarios of contracts/ against the mock and a live target, checks every answer
against the served spec, and reports every drift between the two.

Options:
  --target URL        the live Omnitron (or staging copy) to check; without it, the mock alone
  --token T           the target's API token [CONTRACT_TARGET_TOKEN]; needed with --target
  --mock URL          a running mock instead of the embedded one [its token: MOCK_TOKEN]
  --no-mock           check the target alone (needs --target)
  --only PATTERN      scenarios whose id or operation ids match (substring, or a glob with *;
                      several separated by commas)
  --scenarios DIR     the scenario directory (default: the package's contracts/)
  --spec FILE         one more OpenAPI document, served by the embedded mock's resource engine
                      and checked beside the package's (as serve --spec; repeatable)
  --allow-writes      replay scenarios that write against the target too (skipped otherwise)
  --report-dir DIR    write contract-report.json, contract-junit.xml and contract-report.html
  --compare FIELDS    fields whose values are compared between mock and target (default: none;
                      each side is held to what its own request promises: filters, limit, the
                      values it sent, the scenario's expect.json)
  -h, --help          this text

Login scenarios use CONTRACT_TARGET_USERNAME and CONTRACT_TARGET_PASSWORD on the target.

Before any scenario, one preflight request per URL side (GET /api/v1/cancellation_plans/?limit=1
with its token) stops the run with exit 2 when the side is unreachable, answers 401 or 403 (the
line names the token variable: CONTRACT_TARGET_TOKEN or --token, MOCK_TOKEN for --mock), or
answers a redirect or an HTML page (a login wall). Scenarios that expect a 401 run as usual.

Exit codes: 0 nothing drifts; 1 any drift or failed check; 2 usage error, unreachable side,
token refused, or a login page instead of the API.
`;

/** Expected failures: printed as one line, exit 2. */
class UsageError extends Error {}

const FLAGS = {
  target: { type: 'string' }, token: { type: 'string' }, mock: { type: 'string' },
  'no-mock': { type: 'boolean' }, only: { type: 'string' }, scenarios: { type: 'string' },
  'allow-writes': { type: 'boolean' }, 'report-dir': { type: 'string' }, compare: { type: 'string' },
  spec: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' },
} as const;

export interface ContractIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: ContractIo = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };

/**
 * `omnitron-mock contract`: returns the exit code rather than exiting, so tests run it in
 * process. Usage errors, bad scenario files and an unreachable side are one line on stderr
 * and exit 2, never a stack trace.
 */
export async function runContractCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: ContractIo = processIo): Promise<number> {
  try {
    return await contract(argv, env, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ScenarioError) {
      io.err(`omnitron-mock contract: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

async function contract(argv: readonly string[], env: NodeJS.ProcessEnv, io: ContractIo): Promise<number> {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
  if (values.help) return io.out(CONTRACT_HELP), 0;
  const target = url(values.target as string | undefined, '--target');
  const mockUrl = url(values.mock as string | undefined, '--mock');
  const noMock = values['no-mock'] === true;
  if (noMock && !target) throw new UsageError('--no-mock needs --target (there would be nothing to check)');
  if (noMock && mockUrl) throw new UsageError('--no-mock and --mock cannot be given together');
  const token = (values.token as string | undefined) ?? env.CONTRACT_TARGET_TOKEN;
  if (target && !token) throw new UsageError('--target needs --token (or CONTRACT_TARGET_TOKEN)');
  const scenarios = loadScenarios(values.scenarios ? resolve(values.scenarios as string) : DEFAULT_SCENARIO_DIR);
  const reportDir = values['report-dir'] ? resolve(values['report-dir'] as string) : null;
  const reportProblem = reportDir === null ? null : folderProblem(reportDir);
  if (reportProblem !== null) throw new UsageError(`cannot write reports to --report-dir ${reportDir} (${reportProblem})`);

  // One request per URL side before any scenario: a wrong token or a login wall is not drift.
  const mockToken = env.MOCK_TOKEN || DEFAULTS.token;
  const tokenVariable = values.token !== undefined ? '--token' : 'CONTRACT_TARGET_TOKEN';
  for (const [name, where, key, variable] of [['target', target, token, tokenVariable], ['mock', mockUrl, mockToken, 'MOCK_TOKEN']] as const) {
    if (!where) continue;
    const problem = await preflight(where, key!);
    if (problem?.kind === 'unreachable') throw new UsageError(`${name} ${where} is unreachable: ${problem.message}`);
    if (problem?.kind === 'auth') throw new UsageError(`${name} ${where} ${problem.message}; check ${variable}`);
    if (problem) throw new UsageError(`${name} ${where} ${problem.message}; check the URL`);
  }
  const extra = ((values.spec as string[] | undefined) ?? []).map((file) => resolve(file));
  let loaded: Awaited<ReturnType<typeof loadContractSpecs>>;
  try {
    loaded = await loadContractSpecs(undefined, extra);
  } catch (err) {
    if (extra.length === 0) throw err;
    throw new UsageError(`cannot load --spec ${extra.join(', ')}: ${(err as Error).message.split('\n')[0]}`);
  }
  const { specs, checker } = loaded;
  let mock: Side | null = null;
  if (mockUrl) {
    mock = httpSide('mock', mockUrl, {
      token: mockToken, username: env.MOCK_USERNAME || DEFAULTS.username, password: env.MOCK_PASSWORD || DEFAULTS.password,
    });
  } else if (!noMock) {
    const embedded = await createEmbeddedMock({ specs, checker });
    const c = embedded.config;
    mock = appSide('mock', 'embedded mock', { token: c.token, username: c.username, password: c.password }, embedded.fresh);
  }
  const targetSide = target ? httpSide('target', target, targetVars(token!, env)) : null;
  const against = [mock && `the mock (${mock.where})`, targetSide && `the target (${target})`].filter(Boolean).join(' and ');
  const report = await runContract({
    scenarios, specs, checker, mock, target: targetSide,
    allowWrites: values['allow-writes'] === true,
    only: (values.only as string | undefined) ?? null,
    comparedFields: values.compare !== undefined ? (values.compare as string).split(',').map((s) => s.trim()).filter(Boolean) : DEFAULT_COMPARED_FIELDS,
    onStart: (n) => io.out(`omnitron-mock contract: ${n} scenario${n === 1 ? '' : 's'} against ${against}\n`),
    onScenario: (r) => io.out(`${scenarioLine(r)}\n`),
  });
  const files = reportDir !== null ? writeReports(report, reportDir) : [];
  io.out(summaryText(report, files));
  return report.exitCode;
}

function url(text: string | undefined, flag: string): string | null {
  if (text === undefined) return null;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new UsageError(`${flag} must be an http(s) URL; got "${text}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`${flag} must be an http(s) URL; got "${text}"`);
  return text.replace(/\/+$/, '');
}

function targetVars(token: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const vars: Record<string, string> = { token };
  if (env.CONTRACT_TARGET_USERNAME) vars.username = env.CONTRACT_TARGET_USERNAME;
  if (env.CONTRACT_TARGET_PASSWORD) vars.password = env.CONTRACT_TARGET_PASSWORD;
  return vars;
}

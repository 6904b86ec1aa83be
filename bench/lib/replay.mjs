// Contract replay of N steps against two local targets: the package's scenarios (contracts/),
// copied round after round into a temporary directory until they hold N steps, replayed by
// `omnitron-mock contract` with two running mocks as `--mock` and `--target`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MOCK_TOKEN, ROOT, profArgs, startMock, track } from './servers.mjs';

const CLI = join(ROOT, 'bin/omnitron-mock.js');

/** Whether `omnitron-mock contract` exists yet; null when usable, else why not. */
export function contractPending() {
  const r = spawnSync(process.execPath, [CLI, 'contract', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.status === 0 && /contract/i.test(r.stdout)) return null;
  return `omnitron-mock contract is not usable yet (exit ${r.status}: ${(r.stderr || r.stdout).trim().split('\n')[0]})`;
}

/** Copies the scenario corpus round by round (r01/, r02/, …) until it holds `steps` steps. */
export function buildScenarioDir(dir, steps) {
  const source = join(ROOT, 'contracts');
  const files = readdirSync(source).filter((f) => f.endsWith('.json')).sort();
  const corpus = files.map((f) => ({ file: f, text: readFileSync(join(source, f), 'utf8') }))
    .map((s) => ({ ...s, steps: JSON.parse(s.text).steps?.length ?? 0 }))
    .filter((s) => s.steps > 0);
  if (corpus.length === 0) throw new Error('contracts/ holds no scenario with steps');
  let total = 0;
  let scenarios = 0;
  for (let round = 1; total < steps; round += 1) {
    const sub = join(dir, `r${String(round).padStart(2, '0')}`);
    mkdirSync(sub, { recursive: true });
    for (const s of corpus) {
      if (total >= steps) break;
      writeFileSync(join(sub, s.file), s.text);
      total += s.steps;
      scenarios += 1;
    }
  }
  return { steps: total, scenarios, corpusScenarios: corpus.length, corpusSteps: corpus.reduce((a, s) => a + s.steps, 0) };
}

/** Runs the replay; returns timing, exit code and the summary the command printed. */
export async function runReplay({ mode, tmp, log, cpuProfDir = null }) {
  const pending = contractPending();
  if (pending) return { pending };
  const dir = join(tmp, 'scenarios');
  const built = buildScenarioDir(dir, mode.replaySteps);
  const [a, b] = [await startMock({ size: mode.size }), await startMock({ size: mode.size })];
  try {
    const args = [...profArgs(cpuProfDir), CLI, 'contract', '--mock', a.url, '--target', b.url, '--token', MOCK_TOKEN,
      '--allow-writes', '--scenarios', dir, '--report-dir', join(tmp, 'contract-report')];
    const env = { ...process.env, LOG_LEVEL: 'silent', MOCK_TOKEN, CONTRACT_TARGET_USERNAME: 'akinon', CONTRACT_TARGET_PASSWORD: 'akinon' };
    const started = performance.now();
    const { code, stdout, stderr } = await run(args, env, mode.replayTimeoutS * 1000);
    const ms = performance.now() - started;
    // The report files live in the temporary directory, which the run removes: leave them out.
    const summary = stdout.trim().split('\n').slice(-6).filter((l) => !l.startsWith('Report:')).join('\n');
    log(`  replayed ${built.steps} steps (${built.scenarios} scenarios) in ${(ms / 1000).toFixed(2)} s, exit ${code}`);
    return { ...built, ms, code, summary, failures: failuresOf(join(tmp, 'contract-report', 'contract-report.json')), stderr: stderr.trim().slice(0, 2000) };
  } finally {
    await a.stop();
    await b.stop();
  }
}

function run(args, env, timeoutMs) {
  return new Promise((resolve) => {
    const child = track(spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, stdout, stderr });
    });
  });
}

/**
 * Which scenarios failed, first round (the corpus as written) apart from the copies (which
 * replay on state the earlier rounds changed), with the first findings of the first round.
 */
function failuresOf(file) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    const failed = report.scenarios.filter((s) => s.outcome === 'failed');
    const first = failed.filter((s) => s.id.startsWith('r01/'));
    const findings = (report.findings ?? []).filter((f) => String(f.scenario).startsWith('r01/'))
      .map((f) => `${f.scenario} › ${f.stepName} [${f.side}] ${f.kind}${f.path ? ` ${f.path}` : ''}: ${f.message}`);
    return { firstRound: first.map((s) => s.id), later: failed.length - first.length, findings: [...new Set(findings)].slice(0, 8) };
  } catch {
    return null;
  }
}

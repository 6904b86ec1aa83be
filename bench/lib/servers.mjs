// Child servers for the benchmark: started on 127.0.0.1 on a free port, polled until they answer,
// measured (start-up time, RSS from /proc), and always killed — at the end, on an error, and on
// Ctrl-C — by their own process ids, never by name.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { START_FLAGS } from './start-flags.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const HOST = '127.0.0.1';
export const MOCK_TOKEN = 'omnitron-mock-token';

const live = new Set();

function killAll(signal = 'SIGKILL') {
  for (const child of live) {
    try {
      process.kill(child.pid, signal);
    } catch {
      /* already gone */
    }
  }
}
process.once('exit', () => killAll());
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    killAll();
    process.exit(130);
  });
}

/** Registers a child so that it is killed (by its pid) if the benchmark ends early. */
export function track(child) {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** A port nothing listens on right now (the OS picks it; the race is harmless on loopback). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Resident and peak resident memory of a process, in bytes (Linux /proc). */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

/**
 * Spawns `args` with node and waits until `ready(url)` resolves true. Returns the handle with
 * `startupMs` (spawn → first good answer) and `stop()`. A child that exits before it is ready,
 * or is not ready within `timeoutMs`, is an error that names its stderr.
 */
export async function startServer({ name, args, env = {}, ready, timeoutMs = 120_000, port }) {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  live.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => {
    if (stderr.length < 8000) stderr += d;
  });
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = { code, signal };
    live.delete(child);
  });
  const url = `http://${HOST}:${port}`;
  const handle = {
    name,
    url,
    port,
    pid: child.pid,
    startupMs: NaN,
    memory: () => memoryOf(child.pid),
    async stop() {
      if (exited) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(timer);
    },
  };
  for (;;) {
    if (exited) throw new Error(`${name} exited before it was ready (${JSON.stringify(exited)}): ${stderr.trim()}`);
    if (performance.now() - started > timeoutMs) {
      await handle.stop();
      throw new Error(`${name} was not ready within ${timeoutMs / 1000} s: ${stderr.trim()}`);
    }
    if (await ready(url).catch(() => false)) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  handle.startupMs = performance.now() - started;
  return handle;
}

const okStatus = (path, init) => async (url) => (await fetch(url + path, { ...init, signal: AbortSignal.timeout(2000) })).ok;

/** omnitron-mock as users run it: `npm start`'s `node <flags> bin/omnitron-mock.js serve`, silent, on loopback. */
export async function startMock({ size, strict = false, seed = 1, cpuProfDir = null, specs = [], root = ROOT }) {
  const port = await freePort();
  const args = [...START_FLAGS, ...profArgs(cpuProfDir), join(root, 'bin/omnitron-mock.js'), 'serve', '--host', HOST, '--port', String(port), '--size', String(size), '--seed', String(seed)];
  if (strict) args.push('--strict');
  for (const spec of specs) args.push('--spec', spec);
  return startServer({ name: `omnitron-mock${strict ? ' --strict' : ''} (size ${size})`, args, port, ready: okStatus('/__mock/health'), timeoutMs: 300_000 });
}

/** Node flags that write a CPU profile of the child into `dir` when it exits (SIGTERM → exit). */
export function profArgs(dir) {
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** A bare Hono server answering one fixed body (see bench/ceiling-server.mjs). */
export async function startCeiling({ route, bodyFile }) {
  const port = await freePort();
  const args = [join(ROOT, 'bench/ceiling-server.mjs'), '--port', String(port), '--route', route, '--body', bodyFile];
  return startServer({ name: `bare Hono (${route})`, args, port, ready: okStatus('/__ready') });
}

export const PRISM_ENTRY = join(ROOT, 'bench/node_modules/@stoplight/prism-cli/dist/index.js');

/** Prism mocking the merged vendor document (static examples: Prism's fastest mode). */
export async function startPrism({ specFile }) {
  const port = await freePort();
  const args = [PRISM_ENTRY, 'mock', specFile, '-h', HOST, '-p', String(port)];
  const probe = okStatus('/api/v1/cancellation_plans/cancellation_plan_statuses/', { headers: { Authorization: `Token ${MOCK_TOKEN}` } });
  return startServer({ name: 'Prism', args, port, ready: probe });
}

export function prismVersion() {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'bench/node_modules/@stoplight/prism-cli/package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

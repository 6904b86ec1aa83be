import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRecordCommand } from '../src/cli/record.ts';
import { startRecording, type RecordingOptions } from '../src/record/start-recording.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/omnitron-mock.js');

let target: Server;
let targetUrl: string;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'record-cli-'));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  // Answers every request with a small JSON body that names an id.
  target = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ pk: 5, path: req.url }));
    });
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => target.close(r));
  target.closeAllConnections();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const get = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers, signal: AbortSignal.timeout(5000) }).then((r) => r.arrayBuffer());

const stepsOf = (dir: string) => readdirSync(dir).sort().map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).steps.length as number);

function options(dir: string, o: Partial<RecordingOptions> = {}): RecordingOptions {
  return {
    target: new URL(targetUrl), outDir: dir, port: 0, gapMs: 60_000, maxSteps: 100, groupBy: 'token', pathPrefix: '/api/',
    keepHeaders: [], maxBodyBytes: 1 << 20, timeoutMs: 5000, onLine: () => undefined, ...o,
  };
}

describe('grouping exchanges into scenarios', () => {
  it('closes a scenario after a quiet gap and writes it then, before the recording stops', async () => {
    const dir = tempDir();
    // A gap a busy machine does not open between two back-to-back requests (200 ms did, once, in
    // CI with two test workers: the first scenario closed after one step).
    const recording = await startRecording(options(dir, { gapMs: 1500 }));
    try {
      await get(`${recording.url}/api/a/`);
      await get(`${recording.url}/api/a/5/`);
      await until(() => readdirSync(dir).length === 1, 'the first scenario to be written after the gap');
      await get(`${recording.url}/api/b/`);
    } finally {
      await recording.stop();
    }
    expect(stepsOf(dir)).toEqual([2, 1]);
    const first = JSON.parse(readFileSync(join(dir, readdirSync(dir).sort()[0]!), 'utf8'));
    expect(first.steps[1].request.path).toBe('/api/a/{{a}}/');
  });

  it('keeps one scenario per token, or one for all with --group-by none', async () => {
    for (const [groupBy, expected] of [['token', [2, 2]], ['none', [4]]] as const) {
      const dir = tempDir();
      const recording = await startRecording(options(dir, { groupBy }));
      try {
        for (const token of ['one-token-value', 'two-token-value', 'one-token-value', 'two-token-value']) {
          await get(`${recording.url}/api/x/`, { Authorization: `Token ${token}` });
        }
      } finally {
        await recording.stop();
      }
      expect(stepsOf(dir), groupBy).toEqual(expected);
      const text = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('');
      expect(text).not.toContain('token-value');
    }
  });

  it('starts a new scenario at --max-steps', async () => {
    const dir = tempDir();
    const recording = await startRecording(options(dir, { maxSteps: 2 }));
    try {
      for (let i = 0; i < 5; i++) await get(`${recording.url}/api/x/`, { 'X-Record-Session': 'cap' });
    } finally {
      await recording.stop();
    }
    expect(stepsOf(dir)).toEqual([2, 2, 1]);
  });
});

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => out, err: () => err };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('omnitron-mock record', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`records through the proxy and writes the open scenario on ${signal}`, async () => {
      const dir = tempDir();
      const port = await freePort();
      const p = run(['record', '--target', targetUrl, '--out', dir, '--port', String(port)]);
      try {
        await until(() => p.out().includes(`http://127.0.0.1:${port}`), 'the banner');
        await get(`http://127.0.0.1:${port}/api/v1/cancellation_plans/?limit=1`, { Authorization: 'Token live-secret-token' });
        await until(() => p.out().includes('REC '), 'the exchange line');
        p.child.kill(signal);
        expect(await p.exited).toBe(0);
      } finally {
        p.child.kill('SIGKILL');
      }
      expect(p.out()).toMatch(/REC {3}session 1 #1 {2}GET \/api\/v1\/cancellation_plans\/\?limit=1 → 200/);
      expect(p.out()).toContain(`${signal}, writing open scenarios`);
      expect(p.out()).toContain('1 scenario file written');
      expect(stepsOf(dir)).toEqual([1]);
      expect(p.out() + readFileSync(join(dir, readdirSync(dir)[0]!), 'utf8')).not.toContain('live-secret-token');
    });
  }

  it('refuses bad usage and a port in use with one line and exit code 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--out', 'x'], /--target URL is required/],
      [['--target', targetUrl], /--out DIR is required/],
      [['--target', 'ftp://example.com', '--out', 'x'], /--target must be an http\(s\) URL/],
      [['--target', 'http://user:pw@127.0.0.1:1', '--out', 'x'], /must not carry credentials/],
      [['--target', targetUrl, '--out', 'x', '--group-by', 'ip'], /--group-by must be token or none/],
      [['--target', targetUrl, '--out', 'x', '--gap', '0'], /--gap must be a positive number/],
      [['--target', targetUrl, '--out', 'x', '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [argv, message] of cases) {
      let err = '';
      const code = await runRecordCommand(argv, { out: () => undefined, err: (t) => void (err += t) }, Promise.resolve());
      expect(code, argv.join(' ')).toBe(2);
      expect(err).toMatch(message);
      expect(err.trim().split('\n')).toHaveLength(1);
    }
    const blocker = createNetServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      let err = '';
      const port = String((blocker.address() as AddressInfo).port);
      const code = await runRecordCommand(['--target', targetUrl, '--out', tempDir(), '--port', port], { out: () => undefined, err: (t) => void (err += t) }, Promise.resolve());
      expect(code).toBe(2);
      expect(err).toBe(`omnitron-mock record: cannot listen on port ${port} (EADDRINUSE)\n`);
    } finally {
      blocker.close();
    }
  });

  it('refuses an --out it cannot write to before it listens, with one line and exit 2', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    let err = '';
    let out = '';
    const code = await runRecordCommand(['--target', targetUrl, '--out', join(file, 'scenarios'), '--port', '0'], { out: (t) => void (out += t), err: (t) => void (err += t) }, Promise.resolve());
    expect(code).toBe(2);
    expect(err).toBe(`omnitron-mock record: cannot write scenarios to --out ${join(file, 'scenarios')} (ENOTDIR)\n`);
    expect(out).not.toContain('recording');
  });

  it('is also npm run record, and explains itself with --help', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.record).toBe('tsx src/cli/main.ts record');
    let out = '';
    expect(await runRecordCommand(['--help'], { out: (t) => void (out += t), err: (t) => void (out += t) }, Promise.resolve())).toBe(0);
    expect(out).toContain('Usage: omnitron-mock record --target URL --out DIR');
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVE_HELP } from '../src/cli/serve.ts';
import { loadConfig, testConfig, type Config } from '../src/config.ts';

const BIN = new URL('../bin/omnitron-mock.js', import.meta.url).pathname;

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => out, err: () => err };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Polls health until the server answers (a silent server prints no banner to wait for). */
async function up(base: string, ms = 75_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(`${base}/__mock/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`${base} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('omnitron-mock --help', () => {
  it('lists the five commands', async () => {
    const p = run(['--help']);
    expect(await p.exited).toBe(0);
    for (const command of ['serve', 'contract', 'record', 'receive', 'dataset'])
      expect(p.out()).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it.each(['serve', 'contract', 'record', 'receive', 'dataset'])(
    '%s --help prints its options and exits 0',
    async (command) => {
      const p = run([command, '--help']);
      expect(await p.exited).toBe(0);
      expect(p.out()).toMatch(new RegExp(`^Usage: omnitron-mock ${command}`));
      expect(p.out()).toContain('-h, --help');
      expect(p.err()).toBe('');
    },
  );

  it('dataset with no command is a usage error: one line and exit 2, as diff with no documents', async () => {
    const p = run(['dataset']);
    expect(await p.exited).toBe(2);
    expect(p.err().trim()).toBe('omnitron-mock dataset: give a command: export (omnitron-mock dataset --help)');
    expect(p.out()).toBe('');
  });

  it.each(['serve', 'contract', 'record', 'receive', 'dataset'])(
    '%s refuses an unknown flag with one line and exit 2',
    async (command) => {
      const p = run([command, '--no-such-flag']);
      expect(await p.exited).toBe(2);
      expect(p.err().trim().split('\n')).toHaveLength(1);
      expect(p.err()).toContain('--no-such-flag');
      expect(p.out()).toBe('');
    },
  );
});

/** A value for each setting that differs from its default, as a flag/variable would give it. */
const SAMPLES: Record<keyof Config, string | true> = {
  host: '0.0.0.0',
  port: '4999',
  seed: '7',
  size: '9',
  strict: true,
  dataset: 'demo',
  stateFile: '/tmp/state.ndjson',
  token: 'k1',
  readonlyToken: 'k2',
  adminToken: 'k3',
  username: 'u',
  password: 'p',
  webhookUrl: 'http://127.0.0.1:9/hook',
  webhookSecret: 's',
  webhookAllow: 'a.example,b.example',
  corsOrigins: 'http://localhost:1234',
  allowedHosts: 'mock.internal,host.docker.internal',
  logLevel: 'debug',
  specDir: '/tmp/specs',
  spec: '/tmp/more.openapi.yaml',
  watch: true,
};

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

describe('serve flags and variables', () => {
  const defaults = testConfig({ logLevel: 'info' });
  const keys = Object.keys(defaults) as Array<keyof Config>;

  it('covers every setting in the sample table', () => {
    expect(keys.sort()).toEqual((Object.keys(SAMPLES) as Array<keyof Config>).sort());
  });

  it.each(keys)(
    '%s: its flag and its variable are both in --help and set the same value',
    (key) => {
      const flag = `--${key === 'size' ? 'size' : kebab(key)}`;
      const line = SERVE_HELP.split('\n').find((l) => l.trimStart().startsWith(`${flag} `));
      expect(line, `${flag} in serve --help`).toBeDefined();
      // The variable is named in brackets on the flag's line or the lines continuing it.
      const at = SERVE_HELP.indexOf(line!);
      const next = SERVE_HELP.slice(at + line!.length).search(/\n  -/);
      const entry = SERVE_HELP.slice(at, next < 0 ? undefined : at + line!.length + next);
      const variable = /\[([A-Z_]+)\]/.exec(entry)?.[1];
      expect(variable, `${flag} names its variable`).toBeDefined();
      const sample = SAMPLES[key];
      const byFlag = loadConfig(sample === true ? [flag] : [flag, sample], {});
      const byEnv = loadConfig([], { [variable!]: sample === true ? 'true' : sample });
      expect(byFlag[key]).not.toEqual(defaults[key]);
      expect(byEnv[key]).toEqual(byFlag[key]);
    },
  );

  it('refuses a size past the maximum, saying why there is one', () => {
    expect(() => loadConfig(['--size', '1000000'], {})).toThrow(
      /^MOCK_SIZE must be a whole number from 0 to 150000 \(the largest seed a reseed holds in 2 GiB of RSS without blocking the server: README "Limits, reliability, security"\); got "1000000"$/,
    );
  });
});

describe('serve failures and logs', () => {
  it('refuses a broken spec file with one line naming it, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnitron-spec-'));
    writeFileSync(join(dir, 'broken.openapi.yaml'), 'openapi: 3.0.3\n  info: [oops\n');
    const p = run(['serve', '--spec-dir', dir, '--port', '0']);
    expect(await p.exited).toBe(2);
    expect(p.err().trim().split('\n')).toHaveLength(1);
    expect(p.err()).toContain('broken.openapi.yaml');
  });

  it('writes one line per request at info', async () => {
    const port = await freePort();
    const p = run(['serve', '--size', '5', '--port', String(port)], { LOG_LEVEL: 'info' });
    const base = `http://127.0.0.1:${port}`;
    try {
      await up(base);
      // The banner links the reference (stdout may trail the first answer by a moment).
      await expect.poll(() => p.out(), { timeout: 5_000 }).toContain(`docs      ${base}/docs`);
      const auth = { Authorization: 'Token omnitron-mock-token' };
      await fetch(`${base}/api/v1/cancellation_plans/?limit=1&marker=one`, { headers: auth });
      await fetch(`${base}/api/v1/cancellation_plans/999999/?marker=two`, { headers: auth });
      await fetch(`${base}/api/v1/nowhere/?marker=three`);
      await new Promise((r) => setTimeout(r, 200));
      const lines = p.err().split('\n').filter(Boolean);
      for (const [marker, status] of [
        ['one', 200],
        ['two', 404],
        ['three', 404],
      ] as const) {
        const mine = lines.filter((l) => l.includes(`marker=${marker}`));
        expect(mine, `marker=${marker}`).toHaveLength(1);
        expect(mine[0]).toMatch(
          new RegExp(` INFO  GET /api/v1/\\S+ ${status} [\\d.]+ms op=\\S+ id=\\S+$`),
        );
      }
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
    }
  }, 90_000);

  it('LOG_LEVEL=silent writes nothing at all, banner included', async () => {
    const port = await freePort();
    const p = run(['serve', '--size', '5', '--port', String(port)], { LOG_LEVEL: 'silent' });
    const base = `http://127.0.0.1:${port}`;
    await up(base);
    const ok = await fetch(`${base}/api/v1/cancellation_plans/?limit=1`, {
      headers: { Authorization: 'Token omnitron-mock-token' },
    });
    expect(ok.status).toBe(200);
    expect((await fetch(`${base}/api/v1/cancellation_plans/`)).status).toBe(401);
    await fetch(`${base}/api/v1/cancellation_plans/?unknown=1`, {
      headers: { Authorization: 'Token omnitron-mock-token' },
    });
    await fetch(`${base}/docs`);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.err()).toBe('');
    expect(p.out()).toBe('');
  }, 90_000);
});

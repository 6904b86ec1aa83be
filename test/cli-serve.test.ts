import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../bin/omnitron-mock.js', import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function run(args: string[], env: Record<string, string> = {}, bin = BIN) {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => out, err: () => err };
}

async function until(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('omnitron-mock serve', () => {
  it('serves on PORT with the banner, answers health and data, and closes cleanly on SIGTERM', async () => {
    const port = await freePort();
    const p = run(['serve', '--size', '20'], { PORT: String(port), SEED: '3', MOCK_TOKEN: 'cli-token' });
    await until(() => p.out().includes('listening'), 'the banner');
    expect(p.out()).toContain(`http://127.0.0.1:${port}`);
    expect(p.out()).toContain('seed      3');
    expect(p.out()).toMatch(/20 plans/);
    expect(p.out()).toContain('(set by MOCK_TOKEN)');
    expect(p.out()).not.toContain('cli-token');
    const health = await fetch(`http://127.0.0.1:${port}/__mock/health`);
    expect(health.status).toBe(200);
    const list = await fetch(`http://127.0.0.1:${port}/api/v1/cancellation_plans/?limit=1`, { headers: { Authorization: 'Token cli-token' } });
    expect(((await list.json()) as { count: number }).count).toBe(20);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('refuses a bad flag with one line and exit code 2', async () => {
    const p = run(['serve', '--port', 'eighty']);
    expect(await p.exited).toBe(2);
    expect(p.err().trim().split('\n')).toHaveLength(1);
    expect(p.err()).toContain('PORT must be a whole number');
  });

  it('refuses a port in use with one line', async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const p = run(['serve', '--size', '5', '--port', String(port)]);
    expect(await p.exited).toBe(2);
    blocker.close();
    expect(p.err()).toContain('port already in use');
    expect(p.err().trim().split('\n')).toHaveLength(1);
  });

  it('starts no work before it listens: a busy port stops it before the --webhook-url subscription', async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const p = run(['serve', '--size', '5', '--port', String(port), '--webhook-url', 'http://127.0.0.1:9/hook'], { LOG_LEVEL: 'info' });
    expect(await p.exited).toBe(2);
    blocker.close();
    expect(p.err()).toContain('port already in use');
    expect(p.err()).not.toContain('subscription');
    expect(p.err().trim().split('\n')).toHaveLength(1);
  });

  it.skipIf(!existsSync('/proc/self/stat'))('keeps no esbuild service running once the bundle is built', async () => {
    // A package root of its own (its bundle cache empty, its package.json a byte apart), so this
    // start really builds: src/ and every installed package are links to this checkout's.
    const root = mkdtempSync(join(tmpdir(), 'omnitron-bin-'));
    try {
      const here = new URL('..', import.meta.url).pathname;
      mkdirSync(join(root, 'bin'));
      copyFileSync(BIN, join(root, 'bin', 'omnitron-mock.js'));
      copyFileSync(join(here, 'tsconfig.json'), join(root, 'tsconfig.json'));
      writeFileSync(join(root, 'package.json'), `${readFileSync(join(here, 'package.json'), 'utf8')}\n`);
      symlinkSync(join(here, 'src'), join(root, 'src'));
      mkdirSync(join(root, 'node_modules'));
      for (const name of readdirSync(join(here, 'node_modules'))) {
        if (!name.startsWith('.')) symlinkSync(join(here, 'node_modules', name), join(root, 'node_modules', name));
      }
      const port = await freePort();
      const p = run(['serve', '--size', '5', '--port', String(port)], {}, join(root, 'bin', 'omnitron-mock.js'));
      await until(() => p.out().includes('listening'), 'the banner', 60_000);
      expect(readdirSync(join(root, 'node_modules', '.cache', 'omnitron-mock')).some((f) => f.endsWith('.mjs'))).toBe(true);
      const children = readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .map((pid) => {
          try {
            const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
            return { ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]), name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) };
          } catch {
            return null;
          }
        })
        .filter((c) => c !== null && c.ppid === p.child.pid);
      expect(children).toEqual([]);
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 90_000);
});

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
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

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
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
});

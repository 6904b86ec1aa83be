import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_HELP, runContractCommand } from '../src/cli/contract.ts';
import { startDriftedTarget, type DriftedTarget } from './fixtures/drifted-target.ts';

const SCENARIOS = resolve(import.meta.dirname, 'fixtures/drift-scenarios');

async function contract(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const code = await runContractCommand(argv, env, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

/** A server that answers every request the same way, counting them. */
async function answering(status: number, headers: Record<string, string>, body = ''): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(status, headers);
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits: () => hits, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('contract preflight', () => {
  let target: DriftedTarget;
  beforeAll(async () => {
    target = await startDriftedTarget();
  });
  afterAll(async () => {
    await target?.close();
  });

  it('stops with exit 2 and one line naming CONTRACT_TARGET_TOKEN when the target refuses the token', async () => {
    const before = target.requests();
    const run = await contract(['--target', target.url, '--scenarios', SCENARIOS], { CONTRACT_TARGET_TOKEN: 'not-the-token' });
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toBe(`omnitron-mock contract: target ${target.url} answers 401 to GET /api/v1/cancellation_plans/?limit=1: the token is not accepted; check CONTRACT_TARGET_TOKEN\n`);
    expect(run.err).not.toContain('not-the-token');
    expect(target.requests() - before).toBe(1);
  });

  it('names --token when the token came from the flag, and MOCK_TOKEN for a mock by URL', async () => {
    const flag = await contract(['--target', target.url, '--token', 'wrong', '--scenarios', SCENARIOS]);
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/answers 401 .*; check --token\n$/);
    const mock = await contract(['--mock', target.url, '--scenarios', SCENARIOS], { MOCK_TOKEN: 'wrong' });
    expect(mock.code).toBe(2);
    expect(mock.err).toMatch(new RegExp(`^omnitron-mock contract: mock ${target.url} answers 401 .*; check MOCK_TOKEN\\n$`));
  });

  it('stops on a 403 the same way', async () => {
    const forbidden = await answering(403, { 'Content-Type': 'application/json' }, '{"detail":"You do not have permission to perform this action."}');
    try {
      const run = await contract(['--target', forbidden.url, '--token', 't', '--scenarios', SCENARIOS]);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(/answers 403 to GET .*check --token\n$/);
      expect(forbidden.hits()).toBe(1);
    } finally {
      await forbidden.close();
    }
  });

  it.each([
    ['a redirect to a login page', 302, { Location: '/accounts/login/?next=/api/v1/cancellation_plans/' }, /with a 302 redirect to \/accounts\/login\/\?next=.*: a login page or a proxy, not the API; check the URL\n$/],
    ['an HTML page', 200, { 'Content-Type': 'text/html; charset=utf-8' }, /with an HTML page \(200\): a login page or a proxy, not the API; check the URL\n$/],
  ] as const)('stops with exit 2 on %s', async (_, status, headers, message) => {
    const wall = await answering(status, headers, '<html><form action="/login"></form></html>');
    try {
      const run = await contract(['--target', wall.url, '--token', 't', '--scenarios', SCENARIOS]);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(message);
      expect(run.err.trim().split('\n')).toHaveLength(1);
    } finally {
      await wall.close();
    }
  });

  it('lets scenarios that expect a 401 run once the token is good', async () => {
    const run = await contract(['--target', target.url, '--token', target.token, '--only', 'plans-list-unauthenticated,plans-list-invalid-token']);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/^PASS {2}plans-list-invalid-token/m);
    expect(run.out).toMatch(/^PASS {2}plans-list-unauthenticated/m);
  });

  it('is explained by --help', () => {
    expect(CONTRACT_HELP).toMatch(/preflight/);
    expect(CONTRACT_HELP).toMatch(/401 or 403/);
    expect(CONTRACT_HELP).toMatch(/CONTRACT_TARGET_TOKEN or --token/);
    expect(CONTRACT_HELP).toMatch(/redirect or an HTML page/);
  });
});

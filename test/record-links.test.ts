import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxiedLink, rewritePageLinks } from '../src/record/rewrite-links.ts';
import { startRecording, type Recording } from '../src/record/start-recording.ts';
import { startDriftedTarget, type DriftedTarget } from './fixtures/drifted-target.ts';

const TARGET = new URL('https://omnitron.example.com/prefix');
const PROXY = 'http://127.0.0.1:4011';

describe('links back to the target', () => {
  it('point at the proxy, keeping path and query; other links stay', () => {
    expect(proxiedLink('https://omnitron.example.com/prefix/api/v1/x/?limit=2&page=3', TARGET, PROXY)).toBe('http://127.0.0.1:4011/api/v1/x/?limit=2&page=3');
    expect(proxiedLink('https://omnitron.example.com:443/prefix/api/', TARGET, PROXY)).toBe('http://127.0.0.1:4011/api/');
    expect(proxiedLink('http://omnitron.example.com/prefix/api/', TARGET, PROXY)).toBeNull();
    expect(proxiedLink('https://other.example.com/prefix/api/', TARGET, PROXY)).toBeNull();
    expect(proxiedLink('https://omnitron.example.com/prefixed/api/', TARGET, PROXY)).toBeNull();
    expect(proxiedLink('/api/v1/x/?page=2', TARGET, PROXY)).toBeNull();
  });

  it('are rewritten in a page body, and nothing else in it', () => {
    const text = '{"count": 5, "next": "https://omnitron.example.com/prefix/api/v1/x/?page=2", "previous": null, "results": [{"price": 1.50, "url": "https://omnitron.example.com/prefix/api/v1/x/1/"}]}';
    expect(rewritePageLinks(text, TARGET, PROXY)).toBe(text.replace('https://omnitron.example.com/prefix/api/v1/x/?page=2', 'http://127.0.0.1:4011/api/v1/x/?page=2'));
    expect(rewritePageLinks('{"next": null, "previous": null, "results": []}', TARGET, PROXY)).toBeNull();
    expect(rewritePageLinks('[{"next": "https://omnitron.example.com/prefix/a/"}]', TARGET, PROXY)).toBeNull();
    expect(rewritePageLinks('not json', TARGET, PROXY)).toBeNull();
    expect(JSON.parse(rewritePageLinks('{"next":"https:\\/\\/omnitron.example.com\\/prefix\\/a\\/"}', TARGET, PROXY)!)).toEqual({ next: 'http://127.0.0.1:4011/a/' });
  });
});

describe('a client paging through the recording proxy', () => {
  let target: DriftedTarget;
  let recording: Recording;
  let dir: string;

  beforeAll(async () => {
    target = await startDriftedTarget();
    dir = mkdtempSync(join(tmpdir(), 'record-links-'));
    recording = await startRecording({
      target: new URL(target.url), outDir: dir, port: 0, gapMs: 60_000, maxSteps: 100, groupBy: 'token', pathPrefix: '/api/',
      keepHeaders: [], maxBodyBytes: 1024 * 1024, timeoutMs: 5000, onLine: () => undefined,
    });
  });

  afterAll(async () => {
    await recording?.stop();
    await target?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('follows next and previous through the proxy, and every page is recorded', async () => {
    const headers = { Authorization: `Token ${target.token}`, 'X-Record-Session': 'paging' };
    const first = await fetch(`${recording.url}/api/v1/cancellation_plans/?status=completed&limit=2`, { headers });
    const page1 = (await first.json()) as { next: string; results: unknown[] };
    // The target's link (DRF's form: sorted by name), pointed at the proxy with its query as given.
    expect(page1.next).toBe(`${recording.url}/api/v1/cancellation_plans/?limit=2&page=2&status=completed`);
    expect(first.headers.get('content-length')).toBeNull();
    const second = (await (await fetch(page1.next, { headers })).json()) as { previous: string };
    expect(second.previous.startsWith(`${recording.url}/`)).toBe(true);
    await fetch(second.previous, { headers });
    const [written] = await recording.stop();
    const scenario = JSON.parse(readFileSync(written!.file, 'utf8')) as { steps: Array<{ request: { query?: Record<string, unknown> } }> };
    expect(scenario.steps.map((s) => s.request.query?.page ?? 1)).toEqual([1, '2', 1]);
  });

});

describe('a redirect through the recording proxy', () => {
  it('points a Location at the target to the proxy, and leaves any other alone', async () => {
    const server = createServer((req, res) => {
      const here = `http://${req.headers.host}`;
      res.writeHead(req.url === '/api/away/' ? 302 : 301, { Location: req.url === '/api/away/' ? 'https://sso.example.com/login/' : `${here}/api/v1/cancellation_plans/?a=1` });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const dir = mkdtempSync(join(tmpdir(), 'record-links-'));
    const recording = await startRecording({
      target: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), outDir: dir, port: 0, gapMs: 60_000, maxSteps: 100,
      groupBy: 'token', pathPrefix: '/api/', keepHeaders: [], maxBodyBytes: 1024, timeoutMs: 5000, onLine: () => undefined,
    });
    try {
      const home = await fetch(`${recording.url}/api/v1/cancellation_plans`, { redirect: 'manual' });
      expect(home.headers.get('location')).toBe(`${recording.url}/api/v1/cancellation_plans/?a=1`);
      const away = await fetch(`${recording.url}/api/away/`, { redirect: 'manual' });
      expect(away.headers.get('location')).toBe('https://sso.example.com/login/');
    } finally {
      await recording.stop();
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

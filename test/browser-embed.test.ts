import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Debian's chromium (`.ci/run` installs it); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const found = existsSync(CHROMIUM);
const title = found
  ? 'the browser build behind MSW’s service worker'
  : `the browser build — SKIPPED: no browser at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
if (!found) console.warn(`test/browser-embed.test.ts: ${title}`);

const root = new URL('..', import.meta.url).pathname;
const fixture = join(root, 'test/fixtures/browser-embed');
const PLANS = '/omnitron/api/v1/cancellation_plans/';
const REQUESTS = '/omnitron/api/v1/cancellation_requests/';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe.skipIf(!found)(title, () => {
  let dir: string;
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    // dist/browser.js as the package builds it (cached by source hash), bundled into a page the
    // way a frontend's bundler would: `omnitron-mock/browser` and the app's own msw.
    const bundle = execFileSync(process.execPath, [join(root, 'scripts/build-browser.mjs'), '--cached'], { encoding: 'utf8' }).trim();
    dir = mkdtempSync(join(tmpdir(), 'omnitron-browser-embed-'));
    const esbuild = createRequire(createRequire(join(root, 'package.json')).resolve('tsx'))('esbuild');
    await esbuild.build({
      entryPoints: [join(fixture, 'page.js')], outfile: join(dir, 'page.js'), bundle: true, format: 'esm',
      platform: 'browser', alias: { 'omnitron-mock/browser': bundle }, logLevel: 'warning',
    });
    const files: Record<string, string> = {
      '/': join(fixture, 'index.html'),
      '/page.js': join(dir, 'page.js'),
      '/mockServiceWorker.js': join(root, 'node_modules/msw/lib/mockServiceWorker.js'),
    };
    server = createServer((req, res) => {
      const file = files[new URL(req.url ?? '/', 'http://x').pathname];
      if (!file) return void res.writeHead(404).end('not here: the page reaches the mock through its worker');
      const type = file.endsWith('.html') ? 'text/html' : 'text/javascript';
      res.writeHead(200, { 'Content-Type': `${type}; charset=utf-8` }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 30_000 });
    context = await browser.newContext();
    context.setDefaultTimeout(30_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the page and waits for the mock to start; an error in the page fails with its text. */
  async function started(page: Page, path: string): Promise<void> {
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.stack ?? err.message));
    await page.goto(base + path);
    await ready(page, errors);
  }

  async function ready(page: Page, errors: string[] = []): Promise<void> {
    await page.waitForFunction(() => (globalThis as any).omnitronReady !== undefined || (globalThis as any).document.readyState === 'complete');
    const state = await page.evaluate(() => (globalThis as any).omnitronReady ?? 'page.js did not run');
    expect({ state, errors }).toEqual({ state: 'started', errors: [] });
  }

  /** A call from the page, as the frontend would make it. */
  function call(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    return page.evaluate(
      async ([method, path, body]) => {
        const res = await fetch(path as string, {
          method: method as string,
          headers: { Authorization: 'Token omnitron-mock-token', 'Content-Type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : null };
      },
      [method, path, body] as const,
    );
  }

  it('lists waiting plans, approves a request, sees its plan, and keeps it across a reload', async () => {
    const page = await context.newPage();
    await started(page, '/?persist');
    const waiting = await call(page, 'GET', `${PLANS}?status=waiting&limit=100`);
    expect(waiting.status).toBe(200);
    expect(waiting.body.results.length).toBeGreaterThan(0);
    expect(waiting.body.results.every((p: any) => p.status === 'waiting')).toBe(true);

    const open = await call(page, 'GET', `${REQUESTS}?status=waiting&limit=1`);
    const [request] = open.body.results;
    const approved = await call(page, 'PATCH', `${REQUESTS}${request.id}/`, { status: 'approved' });
    expect(approved.status).toBe(200);
    // The vendor's request has no plan key: the new plan is found by the item's order.
    expect(approved.body).not.toHaveProperty('cancellation_plan');
    const detailed = await call(page, 'GET', `${REQUESTS}${request.id}/detailed/`);
    const order = detailed.body.order_item.order.pk;
    const ofOrder = await call(page, 'GET', `${PLANS}?order=${order}&status=waiting`);
    expect(ofOrder.body.count).toBe(1);
    const plan = ofOrder.body.results[0].pk;
    const after = await call(page, 'GET', `${PLANS}?status=waiting&limit=100`);
    expect(after.body.count).toBe(waiting.body.count + 1);
    expect(after.body.results.map((p: any) => p.pk)).toContain(plan);

    await page.reload();
    await ready(page);
    expect((await call(page, 'GET', `${PLANS}${plan}/`)).body).toMatchObject({ pk: plan, status: 'waiting' });
    expect((await call(page, 'GET', `${REQUESTS}${request.id}/`)).body).toMatchObject({ status: 'approved' });

    // The admin functions persist too: a reset from the page's code survives the next reload.
    expect(await page.evaluate(async () => (await (globalThis as any).omnitron.mock.reset()).reset)).toBe('shared');
    await page.reload();
    await ready(page);
    expect((await call(page, 'GET', `${PLANS}${plan}/`)).status).toBe(404);
    await page.close();
  }, 60_000);

  it('without persistence a reload starts from the seeded state; a path the mock does not serve gets its 404', async () => {
    const page = await context.newPage();
    await started(page, '/');
    const open = await call(page, 'GET', `${REQUESTS}?status=waiting&limit=1`);
    const [request] = open.body.results;
    const approved = await call(page, 'PATCH', `${REQUESTS}${request.id}/`, { status: 'approved' });
    expect(approved.status).toBe(200);
    await page.reload();
    await ready(page);
    expect((await call(page, 'GET', `${REQUESTS}${request.id}/`)).body).toMatchObject({ status: 'waiting' });
    // No XLSX writer in a page: the documented 501; the CSV export works.
    const xls = await call(page, 'GET', `${PLANS}?export_format=xls`);
    expect(xls).toEqual({ status: 501, body: { detail: expect.stringContaining('XLSX'), code: 'not_implemented' } });
    const csv = await page.evaluate(async (path) => {
      const res = await fetch(path, { headers: { Authorization: 'Token omnitron-mock-token' } });
      return { status: res.status, type: res.headers.get('content-type'), first: (await res.text()).split('\n')[0] };
    }, `${PLANS}?export_format=csv`);
    expect(csv).toMatchObject({ status: 200, type: 'text/csv; charset=utf-8' });
    expect(csv.first).toMatch(/\w/);
    const missing = await call(page, 'GET', '/omnitron/api/v1/nothing-here/');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: expect.any(String), code: expect.any(String) });
    await page.close();
  }, 60_000);
});

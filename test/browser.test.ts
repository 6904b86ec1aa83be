import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../src/config.ts';
import { servedOperations } from '../src/spec/served-operations.ts';
import { createTestMock, type TestMock } from './support/test-mock.ts';

/** Debian's chromium (`.ci/run` installs it); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const found = existsSync(CHROMIUM);
const title = found
  ? 'in a real browser'
  : `in a real browser — SKIPPED: no browser at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
if (!found) console.warn(`test/browser.test.ts: ${title}`);

/** The probe's flags: without the background-networking ones Chromium dials Google at start. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe.skipIf(!found)(title, () => {
  let mock: TestMock;
  let server: ServerType;
  let base: string;
  let profile: string;
  let context: BrowserContext;

  beforeAll(async () => {
    mock = await createTestMock({ size: 40, token: DEFAULTS.token });
    server = serve({ fetch: mock.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    profile = mkdtempSync(join(tmpdir(), 'omnitron-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      timeout: 30_000,
    });
    // Scalar renders every operation (some 30 000 elements): slow on a busy CI machine.
    context.setDefaultTimeout(60_000);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** A page that may reach the mock only: every other request is refused and remembered. */
  async function offlinePage(): Promise<{ page: Page; refused: string[] }> {
    const page = await context.newPage();
    const refused: string[] = [];
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      refused.push(url.href);
      return route.abort();
    });
    return { page, refused };
  }

  /** Opens the reference and waits until its sidebar lists `count` operations: "summary\nHTTP METHOD: GET". */
  async function sidebarEntries(page: Page, count: number): Promise<string[]> {
    await page.goto(`${base}/docs`);
    const entries = async () =>
      (await page.locator('button').allInnerTexts()).filter((t) =>
        /^[^\n]+\nHTTP METHOD:\s*\n[A-Z]+$/.test(t.trim()),
      );
    await expect.poll(entries, { timeout: 60_000, interval: 250 }).toHaveLength(count);
    return entries();
  }

  /**
   * The reference renders every operation (some 30 000 elements): the slowest step of this file
   * on a busy machine. Both reference tests read the one rendered page instead of rendering it twice.
   */
  let docs: Promise<{ page: Page; refused: string[]; labels: string[] }> | undefined;
  function docsPage(): Promise<{ page: Page; refused: string[]; labels: string[] }> {
    docs ??= (async () => {
      const { page, refused } = await offlinePage();
      const labels = await sidebarEntries(page, servedOperations(mock.specs).length);
      return { page, refused, labels };
    })();
    return docs;
  }

  it('the API reference loads offline and lists every served operation', async () => {
    const { page, refused, labels } = await docsPage();
    const served = servedOperations(mock.specs);
    const summaries = served.map((op) => {
      const doc = mock.specs.documents[op.document]!;
      return (doc.paths[op.path] as Record<string, { summary?: string }>)[op.method.toLowerCase()]!
        .summary!;
    });
    expect(labels).toHaveLength(served.length);
    for (const summary of summaries)
      expect(
        labels.some((l) => l.startsWith(`${summary}\n`)),
        summary,
      ).toBe(true);
    await page.waitForLoadState('networkidle');
    expect(refused, 'requests the page tried to make outside the mock').toEqual([]);
  }, 120_000);

  it('"test request" calls the mock with the pre-filled token and shows the data', async () => {
    const { page, refused } = await docsPage();
    const section = page.locator('[id$="/GET/api/v1/cancellation_plans/"]');
    // Scalar renders the sections after the sidebar, one by one: minutes on a machine busy with
    // other work, seconds on an idle one.
    await section.waitFor({ state: 'attached', timeout: 150_000 });
    await section.scrollIntoViewIfNeeded();
    await section.getByRole('button', { name: /test request/i }).click();
    const answered = page.waitForResponse(
      (r) =>
        new URL(r.url()).pathname === '/api/v1/cancellation_plans/' &&
        r.request().method() === 'GET',
    );
    await page.getByRole('button', { name: /^Send/ }).first().click();
    const res = await answered;
    expect(res.status()).toBe(200);
    expect(await res.request().headerValue('authorization')).toBe(`Token ${DEFAULTS.token}`);
    const body = await res.json();
    expect(body.count).toBe(mock.store.plans.size);
    await page.getByText('200 OK').first().waitFor();
    expect(mock.violations).toEqual([]);
    expect(refused).toEqual([]);
    await page.close();
  }, 240_000);

  it('the status page shows a request made a moment before, without a reload', async () => {
    const { page } = await offlinePage();
    await page.goto(`${base}/__mock/`);
    await page.getByText('Recent API requests').waitFor();
    const path = '/api/v1/cancellation_plans/?limit=2&status=waiting';
    const res = await fetch(`${base}${path}`, {
      headers: { Authorization: `Token ${DEFAULTS.token}` },
    });
    expect(res.status).toBe(200);
    // The page re-reads itself every 2 s; navigation would reset this marker.
    await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 1));
    await page.locator('#requests td', { hasText: path }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(
      1,
    );
    await page.close();
  }, 120_000);
});

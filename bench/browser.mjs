#!/usr/bin/env node
// The browser build's budget (issue 24): the bundle ≤ 1 MB gzipped, the first answer ≤ 1 s after
// the worker starts. Measured in Debian's chromium through the test's page
// (test/fixtures/browser-embed/); writes bench/browser-results.md, which RESULTS.md carries as
// its "Browser build" section (run.mjs keeps it). Never part of `npm test`.
//
//   node bench/browser.mjs [--runs 5] [--size 300]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const ROOT = new URL('..', import.meta.url).pathname;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, size: { type: 'string', default: '300' } } });
const runs = Number(values.runs);
const size = Number(values.size);
const BUDGET_GZIP = 1_000_000;
const BUDGET_FIRST_MS = 1000;

const req = createRequire(join(ROOT, 'package.json'));
const esbuild = createRequire(req.resolve('tsx'))('esbuild');
const bundle = execFileSync(process.execPath, [join(ROOT, 'scripts/build-browser.mjs'), '--cached'], { encoding: 'utf8' }).trim();
const bytes = readFileSync(bundle);
const sizes = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes).length };

const dir = mkdtempSync(join(tmpdir(), 'omnitron-browser-bench-'));
const fixture = join(ROOT, 'test/fixtures/browser-embed');
await esbuild.build({
  entryPoints: [join(fixture, 'page.js')], outfile: join(dir, 'page.js'), bundle: true, format: 'esm', minify: true,
  platform: 'browser', alias: { 'omnitron-mock/browser': bundle }, logLevel: 'warning',
});
const page = readFileSync(join(dir, 'page.js'));
const pageGzip = gzipSync(page, { level: 9 }).length;

const files = {
  '/': join(fixture, 'index.html'),
  '/page.js': join(dir, 'page.js'),
  '/mockServiceWorker.js': join(ROOT, 'node_modules/msw/lib/mockServiceWorker.js'),
};
const server = createServer((rq, rs) => {
  const file = files[new URL(rq.url ?? '/', 'http://x').pathname];
  if (!file) return void rs.writeHead(404).end();
  rs.writeHead(200, { 'Content-Type': `${file.endsWith('.html') ? 'text/html' : 'text/javascript'}; charset=utf-8` }).end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = [];
const loadStart = loadavg();
if (existsSync(CHROMIUM)) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    // Each run a fresh context: no service worker registered yet, nothing cached.
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const tab = await context.newPage();
      await tab.goto(`${base}/?size=${size}`);
      const state = await tab.evaluate(() => window.omnitronReady);
      if (state !== 'started') throw new Error(`the page did not start: ${state}`);
      samples.push(await tab.evaluate(async () => {
        const t0 = performance.now();
        const res = await fetch('/omnitron/api/v1/cancellation_plans/?status=waiting&limit=10', { headers: { Authorization: 'Token omnitron-mock-token' } });
        await res.json();
        const t1 = performance.now();
        return { moduleAt: window.omnitronModuleAt, startedAt: window.omnitronStartedAt, first: t1 - t0, status: res.status };
      }));
      await context.close();
    }
  } finally {
    await browser.close();
  }
}
server.close();
rmSync(dir, { recursive: true, force: true });

const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
const ms = (n) => `${n.toFixed(0)} ms`;
const L = [
  '## Browser build',
  '',
  `Written by \`node bench/browser.mjs\` on ${new Date().toISOString()} (issue 24); ${runs} fresh browser contexts, \`size=${size}\`; load average ${loadStart.map((x) => x.toFixed(2)).join(' / ')}. Run it again rather than editing.`,
  '',
  `- **Bundle** \`dist/browser.js\` (specs compiled in; faker, Hono and the mock bundled; msw is the app's own): ${kb(sizes.raw)} minified, **${kb(sizes.gzip)} gzipped** (level 9), ${kb(sizes.brotli)} brotli. Budget ≤ 1 MB gzipped: ${sizes.gzip <= BUDGET_GZIP ? 'met' : 'MISSED'}.`,
  `- The test page bundled with msw as an app would: ${kb(page.length)} minified, ${kb(pageGzip)} gzipped.`,
];
if (samples.length) {
  const first = median(samples.map((s) => s.first));
  L.push(
    `- **First answer after the worker started** (\`GET …/cancellation_plans/?status=waiting&limit=10\` from the page, through the service worker): median **${ms(first)}** (runs: ${samples.map((s) => ms(s.first)).join(', ')}). Budget ≤ 1 s: ${first <= BUDGET_FIRST_MS ? 'met' : 'MISSED'}.`,
    `- Start-up, for context: page.js running → \`startOmnitronWorker\` resolved (unpack specs, seed ${size} plans, register and activate the worker): median ${ms(median(samples.map((s) => s.startedAt - s.moduleAt)))}; navigation → started: median ${ms(median(samples.map((s) => s.startedAt)))}.`,
  );
} else L.push(`- First answer: not measured, no browser at ${CHROMIUM} (set CHROMIUM_PATH).`);
const section = L.join('\n') + '\n';
writeFileSync(join(ROOT, 'bench/browser-results.md'), section);
// RESULTS.md carries the section too (run.mjs's report appends browser-results.md): replace it.
const resultsFile = join(ROOT, 'bench/RESULTS.md');
const results = readFileSync(resultsFile, 'utf8');
const at = results.indexOf('## Browser build');
const next = at < 0 ? -1 : results.indexOf('\n## ', at + 1);
const updated = at < 0
  ? `${results.trimEnd()}\n\n${section}`
  : `${results.slice(0, at)}${section}${next < 0 ? '' : results.slice(next)}`;
writeFileSync(resultsFile, updated);
console.log(section);

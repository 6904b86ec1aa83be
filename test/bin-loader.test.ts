import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../bin/omnitron-mock.js', import.meta.url).pathname;
const run = promisify(execFile);

/**
 * bin/omnitron-mock.js starts the CLI from a cached esbuild bundle of src/ (issue 12: a second of
 * every start went to loading modules one by one through tsx) and falls back to tsx. Both roads
 * must lead to the same CLI; the served behaviour itself is covered by the CLI suites, which
 * spawn the bin.
 */
describe('the bin loader', () => {
  it('answers the same from the cached bundle and from tsx', async () => {
    const bundled = await run(process.execPath, [BIN, 'serve', '--help']);
    const viaTsx = await run(process.execPath, [BIN, 'serve', '--help'], { env: { ...process.env, MOCK_LOADER: 'tsx' } });
    expect(bundled.stdout).toContain('Usage: omnitron-mock serve');
    expect(bundled.stdout).toBe(viaTsx.stdout);
    // A refused flag exits 2 with one line, alike on both roads.
    const refused = await run(process.execPath, [BIN, 'serve', '--no-such-flag']).catch((e: { code: number; stderr: string }) => e);
    const refusedTsx = await run(process.execPath, [BIN, 'serve', '--no-such-flag'], { env: { ...process.env, MOCK_LOADER: 'tsx' } })
      .catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 2 });
    expect((refused as { stderr: string }).stderr).toBe((refusedTsx as { stderr: string }).stderr);
  }, 60_000);

  it('loads no package at start that only datasets and the other commands use', async () => {
    // Every CommonJS module a process loads lands in require.cache, imported from ESM too: print
    // them when the CLI exits after its help text (the bundle's imports all evaluated by then).
    // Before they were loaded on use, `yaml` (72 files) and the package's own ref parser (23,
    // with js-yaml) were there: ~150 ms of CPU of every `serve` start.
    const report = `data:text/javascript,${encodeURIComponent(
      "import { createRequire } from 'node:module'; const r = createRequire('/');" +
        "process.on('exit', () => process.stderr.write(JSON.stringify(Object.keys(r.cache))));",
    )}`;
    const { stderr } = await run(process.execPath, ['--import', report, BIN, 'serve', '--help']);
    const loaded = (JSON.parse(stderr) as string[]).map((f) => f.replaceAll('\\', '/'));
    expect(loaded.filter((f) => f.includes('/node_modules/yaml/'))).toEqual([]);
    expect(loaded.filter((f) => f.includes('/node_modules/@apidevtools/json-schema-ref-parser/'))).toEqual([]);
  }, 60_000);
});

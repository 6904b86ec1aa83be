import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

/**
 * The package as a user gets it: packed (prepack compiles dist/), installed from the tarball
 * into an empty project, then used — the CLI, `createMock`, and the README's typed-client
 * example type-checked against the shipped declarations, with moduleResolution nodenext and
 * node10. Deliberately one test: packing and installing are the slow part. Never skipped.
 */
const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = join(
  createRequire(join(ROOT, 'package.json')).resolve('typescript/package.json'),
  '../bin/tsc',
);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const DEV = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies;

it('packs, installs from the tarball with no install-script warning, runs, imports and type-checks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'omnitron-package-'));
  try {
    const packed = await run(NPM, ['pack', '--json', '--pack-destination', dir], {
      cwd: ROOT,
      maxBuffer: 1 << 26,
    });
    const [{ filename, files }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')));
    const paths: string[] = files.map((f: { path: string }) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.d.ts',
        'dist/msw.js',
        'dist/browser.js',
        'dist/browser.d.ts',
        'dist/cli.js',
        'bin/omnitron-mock.js',
      ]),
    );
    expect(
      paths.filter((p) => /^(src|test|bench|scripts|docs)\/|^specs\/vendor\//.test(p)),
    ).toEqual([]);

    const project = join(dir, 'project');
    await run('mkdir', [project]);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    const installed = await run(
      NPM,
      [
        'install',
        join(dir, filename),
        `openapi-fetch@${DEV['openapi-fetch']}`,
        `@types/node@${DEV['@types/node']}`,
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--no-package-lock',
      ],
      { cwd: project, maxBuffer: 1 << 26 },
    );
    expect(installed.stdout + installed.stderr).not.toMatch(/install-scripts|allowScripts/);

    const help = await run(join(project, 'node_modules/.bin/omnitron-mock'), ['--help'], {
      cwd: project,
    });
    expect(help.stdout).toMatch(/^Usage: omnitron-mock <command>/);

    const used = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
      import { createMock } from 'omnitron-mock';
      const mock = await createMock({ size: 5 });
      const res = await mock.fetch('/api/v1/cancellation_plans/?limit=1', { headers: { Authorization: 'Token omnitron-mock-token' } });
      console.log(res.status, (await res.json()).count);
      await mock.close();`,
      ],
      { cwd: project },
    );
    expect(used.stdout.trim()).toBe('200 5');

    copyFileSync(join(ROOT, 'test/examples/typed-client.ts'), join(project, 'typed-client.ts'));
    copyFileSync(join(ROOT, 'test/fixtures/package-consumer/use.ts'), join(project, 'use.ts'));
    const options = {
      strict: true,
      noEmit: true,
      target: 'es2022',
      lib: ['es2023', 'dom'],
      types: ['node'],
      skipLibCheck: true,
    };
    for (const [name, resolution] of [
      ['tsconfig.json', { module: 'nodenext', moduleResolution: 'nodenext' }],
      ['tsconfig.node10.json', { module: 'esnext', moduleResolution: 'node10' }],
    ] as const)
      writeFileSync(
        join(project, name),
        JSON.stringify({
          compilerOptions: { ...options, ...resolution },
          files: ['typed-client.ts', 'use.ts'],
        }),
      );
    const checks = ['tsconfig.json', 'tsconfig.node10.json'].map((config) =>
      run(process.execPath, [TSC, '-p', config], { cwd: project }).catch((err) => {
        throw new Error(`tsc -p ${config}: ${err.stdout}${err.stderr}`);
      }),
    );
    await Promise.all(checks);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 240_000);

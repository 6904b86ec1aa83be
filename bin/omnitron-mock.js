#!/usr/bin/env node
// Runs the TypeScript CLI with no build step. Loading ~190 modules one by one through tsx's
// loader (a hooks thread, a round trip per module) cost about a second of every start, so the
// CLI is bundled once with esbuild (tsx's own dependency) into node_modules/.cache/omnitron-mock/,
// keyed by a hash of src/, tsconfig.json and package.json: an unchanged tree starts from the
// cached bundle in ~20 ms, a changed one rebuilds it (~0.5 s). If the bundle cannot be made
// (no esbuild, read-only install) or MOCK_LOADER=tsx is set, tsx runs src/ as before.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// An installed package ships no src/, only the CLI compiled at pack time (scripts/build-package.mjs).
const packed = !existsSync(join(root, 'src', 'cli', 'main.ts'));
const bundle = packed ? null : process.env.MOCK_LOADER === 'tsx' ? null : await cachedBundle().catch(() => null);
if (packed) {
  await import('../dist/cli.js');
} else if (bundle) {
  // As under tsx: stack traces name the .ts files and lines.
  process.setSourceMapsEnabled(true);
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}

/** The URL of the bundled CLI for the current sources, building it first if need be. */
async function cachedBundle() {
  const fromTsx = createRequire(createRequire(join(root, 'package.json')).resolve('tsx'));
  const esbuildVersion = JSON.parse(readFileSync(fromTsx.resolve('esbuild/package.json'), 'utf8')).version;
  const hash = createHash('sha256').update(`bundle v1, esbuild ${esbuildVersion}, node ${process.version}\n`);
  for (const file of ['tsconfig.json', 'package.json', ...sourcesUnder(join(root, 'src'))]) {
    hash.update(`\0${file}\0`).update(readFileSync(join(root, file)));
  }
  const dir = join(root, 'node_modules', '.cache', 'omnitron-mock');
  const out = join(dir, `cli-${hash.digest('hex').slice(0, 24)}.mjs`);
  if (!existsSync(out)) await build(fromTsx('esbuild'), out, dir);
  return pathToFileURL(out).href;
}

/** Every .ts file under `dir`, relative to the package root, in a stable order. */
function sourcesUnder(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) files.push(join(entry.parentPath, entry.name).slice(root.length));
  }
  return files.sort();
}

/**
 * Bundles src/cli/main.ts (packages stay imports, resolved from node_modules at run time) and
 * writes it with its source map, each through a rename so that a concurrent start never reads
 * half a file. Bundles of older sources are removed after an hour.
 */
async function build(esbuild, out, dir) {
  const result = await esbuild.build({
    entryPoints: [join(root, 'src', 'cli', 'main.ts')],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external',
    sourcemap: 'linked', sourcesContent: false, outfile: out, write: false, logLevel: 'silent',
    // In one bundle every module would share the bundle's import.meta.url; each keeps its own
    // (`define` rewrites the expression only, never a string or comment that names it).
    define: { 'import.meta.url': 'import_meta_url' },
    plugins: [{
      name: 'own-import-meta-url',
      setup(b) {
        b.onLoad({ filter: /\.ts$/ }, (args) => {
          const text = readFileSync(args.path, 'utf8');
          // On the file's first line, so that stack traces keep its line numbers.
          const own = `const import_meta_url = ${JSON.stringify(pathToFileURL(args.path).href)}; `;
          return { contents: text.includes('import.meta.url') ? own + text : text, loader: 'ts' };
        });
      },
    }],
  });
  // esbuild answers builds from a service child process that would otherwise live as long as
  // the server: the bundle is all it is needed for.
  await esbuild.stop?.();
  mkdirSync(dir, { recursive: true });
  // The map first: the bundle's existence is what tells later starts that both are there.
  const isMap = (file) => file.path.endsWith('.map');
  for (const file of [...result.outputFiles.filter(isMap), ...result.outputFiles.filter((f) => !isMap(f))]) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
  }
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    try {
      if (!path.startsWith(out) && Date.now() - statSync(path).mtimeMs > 3_600_000) unlinkSync(path);
    } catch {
      // Another start removed it first.
    }
  }
}

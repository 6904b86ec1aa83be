// The browser build of the in-process mock: `dist/browser.js` (ESM, minified), the entry
// `src/embed/browser.ts` (`startOmnitronWorker`). `node scripts/build-browser.mjs [outfile | --cached]`;
// build-package.mjs (prepack) calls `buildBrowser`, the browser test calls `cachedBrowserBuild`.
//
//   - The specs are compiled in: src/embed/browser/compiled-specs.ts runs here, in Node, and the
//     bundle gets a module returning its JSON in its place. A page reads no file.
//   - Node built-ins become small shims (scripts/browser-shims.mjs): Web Crypto for ids and
//     token digests, string paths; whatever touches files or sockets throws when called, and
//     nothing the page reaches calls it (no state file, no webhook delivery).
//   - exceljs and the spec loaders' parsers are left out: XLSX exports answer 501 in a page.
//   - faker and Hono are bundled; msw stays an import (a peer: the app's own copy).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { shimSource, UNAVAILABLE_PACKAGES } from './browser-shims.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const requireHere = createRequire(join(root, 'package.json'));
const esbuild = createRequire(requireHere.resolve('tsx'))('esbuild');
const COMPILED_SPECS = join(root, 'src/embed/browser/compiled-specs.ts');

/** The packed specs, computed by the mock's own loader (run through tsx). */
async function packedSpecs() {
  const { tsImport } = await import('tsx/esm/api');
  const mod = await tsImport(pathToFileURL(COMPILED_SPECS).href, import.meta.url);
  return (mod.compiledSpecs ?? mod.default.compiledSpecs)();
}

/** Builds `outfile`; `metafile: true` returns esbuild's metafile (the bench reads its sizes). */
export async function buildBrowser(outfile = join(root, 'dist/browser.js'), { metafile = false } = {}) {
  const specs = JSON.stringify(await packedSpecs());
  const result = await esbuild.build({
    entryPoints: [join(root, 'src/embed/browser.ts')],
    outfile, bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true,
    external: ['msw', 'msw/*'], logLevel: 'warning', metafile,
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [{
      name: 'omnitron-browser',
      setup(b) {
        b.onResolve({ filter: /^node:|^(fs|path|url|util|crypto|module|http|https|net|stream|zlib|os|worker_threads|fs\/promises)$/ }, (args) => ({
          path: args.path.replace(/^node:/, ''), namespace: 'node-shim',
        }));
        b.onLoad({ filter: /.*/, namespace: 'node-shim' }, (args) => ({ contents: shimSource(args.path), loader: 'js' }));
        const packages = new RegExp(`^(${UNAVAILABLE_PACKAGES.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})(/|$)`);
        b.onResolve({ filter: packages }, (args) => ({ path: args.path, namespace: 'unavailable' }));
        b.onLoad({ filter: /.*/, namespace: 'unavailable' }, (args) => ({
          contents: `export default undefined; export const unavailable = ${JSON.stringify(args.path)};`, loader: 'js',
        }));
        b.onLoad({ filter: /compiled-specs\.ts$/ }, (args) => args.path === COMPILED_SPECS
          ? { contents: `export const compiledSpecs = async () => JSON.parse(${JSON.stringify(specs)});`, loader: 'js' }
          : undefined);
      },
    }],
  });
  return result.metafile;
}

/** A hash of everything the bundle is built from: src/, specs/, the shims, the lockfile. */
export function sourceHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(relative(root, path)).update(readFileSync(path));
    }
  };
  walk(join(root, 'src'));
  walk(join(root, 'specs'));
  for (const f of ['scripts/build-browser.mjs', 'scripts/browser-shims.mjs', 'package-lock.json']) hash.update(readFileSync(join(root, f)));
  return hash.digest('hex').slice(0, 16);
}

/** The bundle under node_modules/.cache, built once per source hash (tests and bench). */
export async function cachedBrowserBuild() {
  const dir = join(root, 'node_modules/.cache/omnitron-mock/browser');
  const file = join(dir, `browser-${sourceHash()}.js`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp.js`;
    await buildBrowser(tmp);
    renameSync(tmp, file);
    // Older builds are of sources that are gone: keep only this one (and others' temporaries).
    for (const name of readdirSync(dir)) {
      if (/^browser-[0-9a-f]{16}\.js$/.test(name) && join(dir, name) !== file) rmSync(join(dir, name), { force: true });
    }
  }
  return file;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv[2] === '--cached') {
  // The test and the bench: print the path of the cached bundle, building it if needed.
  console.log(await cachedBrowserBuild());
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? join(root, 'dist/browser.js');
  mkdirSync(dirname(out), { recursive: true });
  await buildBrowser(out);
  console.log(`built ${relative(process.cwd(), out)}`);
}

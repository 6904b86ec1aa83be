// `npm pack` / `npm publish` run this (`prepack`): the package ships compiled JavaScript and
// declarations in dist/, so a user needs neither tsx nor esbuild. A clone never needs it:
// bin/omnitron-mock.js and `import 'omnitron-mock'` (the omnitron-source condition) use src/.
//
//   dist/index.js, dist/msw.js   the in-process mock and its MSW handlers (+ shared chunks)
//   dist/browser.js              the browser build (scripts/build-browser.mjs): specs compiled in
//   dist/cli.js                  the CLI that bin/omnitron-mock.js starts when src/ is absent
//   dist/*.d.ts, dist/embed/, dist/types/   the declarations
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBrowser } from './build-browser.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const fromTsx = createRequire(createRequire(join(root, 'package.json')).resolve('tsx'));
const esbuild = fromTsx('esbuild');

rmSync(dist, { recursive: true, force: true });
await esbuild.build({
  entryPoints: {
    index: join(root, 'src/embed/index.ts'),
    msw: join(root, 'src/embed/msw.ts'),
    cli: join(root, 'src/cli/main.ts'),
  },
  outdir: dist,
  bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node20',
  packages: 'external', chunkNames: '[name]-[hash]', logLevel: 'warning',
  // Each module keeps its own import.meta.url, as the package root would place it: the specs,
  // the vendored Scalar bundle and the caches are found beside dist/ as beside src/.
  define: { 'import.meta.url': 'import_meta_url' },
  plugins: [{
    name: 'own-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
        // Every output file sits in dist/: resolve from the package root.
        const own = `const import_meta_url = new URL(${JSON.stringify(relative(root, args.path))}, __omnitron_root).href; `;
        return { contents: own + text, loader: 'ts' };
      });
    },
  }],
  banner: {
    js: "const __omnitron_root = new URL('../', import.meta.url);",
  },
});

// Declarations of the public surface only: embed-types.ts and msw.ts name the generated wire
// types, never the mock's internals, so a handful of files describe the whole API.
const tsc = join(dirname(createRequire(join(root, 'package.json')).resolve('typescript/package.json')), 'bin', 'tsc');
const config = join(root, 'node_modules', '.cache', 'omnitron-mock', 'tsconfig.declarations.json');
mkdirSync(dirname(config), { recursive: true });
writeFileSync(config, JSON.stringify({
  extends: join(root, 'tsconfig.json'),
  compilerOptions: {
    noEmit: false, declaration: true, emitDeclarationOnly: true, rootDir: join(root, 'src'), outDir: dist,
    customConditions: [], types: ['node'], typeRoots: [join(root, 'node_modules', '@types')],
  },
  include: [],
  files: [join(root, 'src/embed/embed-types.ts'), join(root, 'src/embed/msw.ts')],
}));
execFileSync(process.execPath, [tsc, '-p', config], { stdio: 'inherit' });
copyFileSync(join(root, 'src/embed/admin-api.d.ts'), join(dist, 'embed/admin-api.d.ts'));
mkdirSync(join(dist, 'types'), { recursive: true });
for (const name of readdirSync(join(root, 'src/types'))) copyFileSync(join(root, 'src/types', name), join(dist, 'types', name));
// Declarations name their neighbours as .js, which every moduleResolution finds (.ts and
// .d.ts specifiers need allowImportingTsExtensions in the user's tsconfig).
for (const name of ['embed/embed-types.d.ts', 'embed/msw.d.ts']) {
  const path = join(dist, name);
  writeFileSync(path, readFileSync(path, 'utf8').replace(/(from '\.{1,2}\/[^']*?)(\.d)?\.ts'/g, "$1.js'"));
}
writeFileSync(join(dist, 'index.d.ts'), `export * from './embed/embed-types.js';
export type { paths, operations, schemas } from './types/index.js';
import type { CreateMockOptions, OmnitronMock } from './embed/embed-types.js';
/**
 * The whole mock in this process: \`fetch(request)\` answers as \`omnitron-mock serve\` would, and
 * the admin API (\`/__mock/\`) is here as functions (README "In a test runner, without a server").
 */
export declare function createMock(options?: CreateMockOptions): Promise<OmnitronMock>;
`);
writeFileSync(join(dist, 'msw.d.ts'), "export * from './embed/msw.js';\n");
await buildBrowser(join(dist, 'browser.js'));
writeFileSync(join(dist, 'browser.d.ts'), `import type { SetupWorker, StartOptions } from 'msw/browser';
import type { CreateMockOptions, OmnitronMock } from './embed/embed-types.js';
export { DEFAULT_BASE_URL } from './embed/msw.js';
export interface StartOmnitronWorkerOptions extends Omit<CreateMockOptions, 'specs'> {
  /** Requests under this URL go to the mock (default \`http://127.0.0.1:4010\`; \`/omnitron\`: this origin). */
  baseUrl?: string;
  /** \`'indexeddb'\`: the shared state is saved after every write and restored at start (default false). */
  persist?: 'indexeddb' | false;
  /** The IndexedDB record the state is kept under (default \`state\`). */
  persistKey?: string;
  /** Passed to MSW's \`worker.start()\`. */
  start?: StartOptions;
}
export interface OmnitronWorker {
  mock: OmnitronMock;
  worker: SetupWorker;
  clearPersisted(): Promise<void>;
  stop(): Promise<void>;
}
/** Starts the mock in this page and MSW's worker in front of it (README "In the browser"). */
export declare function startOmnitronWorker(options?: StartOmnitronWorkerOptions): Promise<OmnitronWorker>;
`);

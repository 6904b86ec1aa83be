// The listener a checkout's server runs, loaded as front-door-inprocess.ts loads it: through tsx, or
// with BUNDLE=1 as one esbuild bundle of its src/ (as bin/omnitron-mock.js bundles it for `npm start`).
import type { IncomingMessage } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Listener } from './in-process-get.ts';

/** The listener the checkout's server runs: its own `appListener` when it has one, else the old wrapper. */
export async function listenerOf(root: string, fetch: (req: Request, env: unknown) => Response | Promise<Response>): Promise<Listener> {
  const serve = process.env.BUNDLE ? (await bundleOf(root)).serve : await import(`${root}/src/http/serve-app.ts`);
  if (typeof serve.appListener === 'function') return serve.appListener({ fetch });
  return getRequestListener(async (request, env) => {
    const res = await fetch(request, env);
    return (env as { incoming: IncomingMessage }).incoming.complete ? res : res;
  }, { errorHandler: () => new Response('{}', { status: 400 }) }) as Listener;
}

/**
 * BUNDLE=1: the checkout's modules as one esbuild bundle with the options of bin/omnitron-mock.js
 * (no `keepNames`, each module its own `import.meta.url`, packages left as imports), written under
 * the checkout's `node_modules/.cache` — which, for a checkout whose `node_modules` links to
 * another's, is that install's: the bundle resolves the same packages as tsx would.
 */
const bundles = new Map<string, Promise<Record<string, any>>>();
export function bundleOf(root: string): Promise<Record<string, any>> {
  let b = bundles.get(root);
  if (b === undefined) bundles.set(root, (b = buildBundle(root)));
  return b;
}
async function buildBundle(root: string): Promise<Record<string, any>> {
  const { createRequire } = await import('node:module');
  const { createHash } = await import('node:crypto');
  const { mkdirSync, readFileSync, unlinkSync, writeFileSync } = await import('node:fs');
  const { pathToFileURL } = await import('node:url');
  const fromTsx = createRequire(createRequire(`${root}/package.json`).resolve('tsx'));
  const esbuild = fromTsx('esbuild');
  const dir = `${root}/node_modules/.cache/front-door-inprocess`;
  mkdirSync(dir, { recursive: true });
  const out = `${dir}/bundle-${createHash('sha256').update(root).digest('hex').slice(0, 12)}-${process.pid}.mjs`;
  const entry = [`export { buildMock } from './src/build-mock.ts';`, `export { loadConfig } from './src/config.ts';`, `export { silentLogger } from './src/logger.ts';`, `export * as serve from './src/http/serve-app.ts';`].join('\n');
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'bench-entry.ts' },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', write: false, logLevel: 'silent',
    define: { 'import.meta.url': 'import_meta_url' },
    plugins: [{
      name: 'own-import-meta-url',
      setup(b: { onLoad: (o: { filter: RegExp }, f: (a: { path: string }) => { contents: string; loader: string }) => void }) {
        b.onLoad({ filter: /\.ts$/ }, (args) => {
          const text = readFileSync(args.path, 'utf8');
          const own = `const import_meta_url = ${JSON.stringify(pathToFileURL(args.path).href)}; `;
          return { contents: text.includes('import.meta.url') ? own + text : text, loader: 'ts' };
        });
      },
    }],
  });
  await esbuild.stop?.();
  writeFileSync(out, result.outputFiles[0].contents);
  try {
    return await import(pathToFileURL(out).href);
  } finally {
    // BUNDLE=keep: left in place, for reading a profile's lines (esbuild heads each module with `// src/…`).
    if (process.env.BUNDLE !== 'keep') unlinkSync(out);
  }
}


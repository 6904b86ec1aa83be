import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import { DEFAULTS, type Config } from '../config.ts';
import type { LoadedSpecs, Operation } from '../spec/load-specs.ts';
import { makeAsset, sendAsset, type DocsAsset } from './docs-asset.ts';
import { docsDocument } from './docs-document.ts';
import { originDocuments } from './docs-origins.ts';
import { faviconIco } from './favicon.ts';
import type { AppEnv } from './env.ts';

/** Where the reference lives, and the files it loads (all served here: no CDN, no fonts host). */
export const DOCS_PATH = '/docs';
export const DOCS_SPEC_PATH = '/docs/openapi.json';
export const DOCS_SCRIPT_PATH = '/docs/assets/scalar-api-reference.js';
export const FAVICON_PATH = '/favicon.ico';

/**
 * Shown from the first paint until Scalar has read the document (`onLoaded`): the script and the
 * document take a second or two to arrive and render, and an empty pane looks broken. Should
 * `onLoaded` never come (a document that fails to load), it steps aside after a minute.
 */
const LOADING_CSS = `@keyframes docs-loading-gone { to { visibility: hidden; } }
body:not(.docs-loaded)::after {
  content: 'Loading the API reference…';
  position: fixed; inset: 0; display: flex; align-items: center; justify-content: center;
  font: 16px system-ui, sans-serif; color: #555; background: #fff; z-index: 10000;
  animation: docs-loading-gone 0s linear 60s forwards;
}`;

/** What `onLoaded` touches (the project's lib has no DOM types). */
interface BrowserWindow {
  document: { body: { classList: { add(name: string): void } } };
}

/** The documents kept per origin ("try it" targets the origin the page was opened on). */
const MAX_ORIGINS = 8;

/**
 * Scalar's standalone browser bundle (`@scalar/api-reference`'s `dist/browser/standalone.js`),
 * kept in `vendor/scalar/`: the npm package would add some 280 packages to the install for this
 * one file. Its first lines name its version; docs/decisions/0008-people.md says how to update it.
 */
export const SCALAR_BUNDLE = fileURLToPath(
  new URL('../../vendor/scalar/api-reference.standalone.js', import.meta.url),
);

export interface DocsDeps {
  specs: LoadedSpecs;
  /** The operations the mock answers (held-out ones are not listed). */
  operations: readonly Operation[];
  config: Config;
}

/**
 * `/` (a redirect), `/docs` (Scalar's interactive reference), the merged document it reads, the
 * script it runs and the site's icon; the two big files compressed and revalidated by ETag. None
 * needs a token (DOMAIN.md §1). The token is filled in for "try it", and login's example holds the
 * credentials, only while they are the documented defaults: an operator's never appear in a page.
 */
export function docsRoutes(deps: DocsDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: true });
  const prefill = deps.config.token === DEFAULTS.token;
  const defaultCredentials =
    deps.config.username === DEFAULTS.username && deps.config.password === DEFAULTS.password;
  let bundle: Promise<DocsAsset> | undefined;
  const documents = new Map<string, DocsAsset>();
  let favicon: Promise<DocsAsset> | undefined;

  app.get('/', (c) => c.redirect(DOCS_PATH, 302));
  app.get(`${DOCS_PATH}/`, (c) => c.redirect(DOCS_PATH, 301));
  app.get(
    DOCS_PATH,
    Scalar<AppEnv>({
      pageTitle: 'omnitron-mock — API reference',
      url: DOCS_SPEC_PATH,
      cdn: DOCS_SCRIPT_PATH,
      // Scalar's fonts come from fonts.scalar.com: offline networks get the system's instead.
      withDefaultFonts: false,
      telemetry: false,
      // Scalar's AI agent and developer toolbar call scalar.com when the page is on localhost.
      agent: { disabled: true },
      showDeveloperTools: 'never',
      defaultOpenAllTags: true,
      hideDownloadButton: false,
      persistAuth: false,
      customCss: LOADING_CSS,
      // Serialized into the page as source text (Scalar's html-rendering): it runs in the browser.
      onLoaded: () =>
        (globalThis as unknown as BrowserWindow).document.body.classList.add('docs-loaded'),
      ...(prefill && {
        authentication: {
          preferredSecurityScheme: 'Token',
          securitySchemes: { Token: { value: `Token ${DEFAULTS.token}` } },
        },
      }),
    }),
  );
  // Built once, on the first ask; each origin's bytes are then a copy and a CRC (docs-origins.ts).
  let forOrigin: ((origin: string) => DocsAsset) | undefined;
  app.get(DOCS_SPEC_PATH, (c) => {
    const origin = new URL(c.req.url).origin;
    let doc = documents.get(origin);
    if (!doc) {
      if (documents.size >= MAX_ORIGINS) documents.delete(documents.keys().next().value!);
      forOrigin ??= originDocuments((o) => docsDocument(deps.specs, deps.operations, o, { defaultCredentials }));
      doc = forOrigin(origin);
      documents.set(origin, doc);
    }
    return sendAsset(c, doc);
  });
  app.get(DOCS_SCRIPT_PATH, async (c) => {
    bundle ??= readFile(SCALAR_BUNDLE).then((bytes) =>
      makeAsset(new Uint8Array(bytes), 'text/javascript; charset=utf-8'),
    );
    let file: DocsAsset;
    try {
      file = await bundle;
    } catch (err) {
      bundle = undefined;
      return c.text(`The API reference script is missing (${(err as Error).message}).`, 503);
    }
    return sendAsset(c, file);
  });
  app.get(FAVICON_PATH, async (c) => {
    favicon ??= makeAsset(faviconIco(), 'image/x-icon');
    return sendAsset(c, await favicon);
  });
  return app;
}

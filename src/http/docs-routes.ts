import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import { DEFAULTS, type Config } from '../config.ts';
import type { LoadedSpecs, Operation } from '../spec/load-specs.ts';
import { docsDocument } from './docs-document.ts';
import type { AppEnv } from './env.ts';

/** Where the reference lives, and the files it loads (all served here: no CDN, no fonts host). */
export const DOCS_PATH = '/docs';
export const DOCS_SPEC_PATH = '/docs/openapi.json';
export const DOCS_SCRIPT_PATH = '/docs/assets/scalar-api-reference.js';

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
 * `/` (a redirect), `/docs` (Scalar's interactive reference), the merged document it reads and
 * the script it runs. None needs a token (DOMAIN.md §1). The token is filled in for "try it" only
 * while it is the documented default: an operator's token never appears in a page.
 */
export function docsRoutes(deps: DocsDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: true });
  const prefill = deps.config.token === DEFAULTS.token;
  let bundle: Promise<{ body: Uint8Array; etag: string }> | undefined;

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
      ...(prefill && {
        authentication: {
          preferredSecurityScheme: 'Token',
          securitySchemes: { Token: { value: `Token ${DEFAULTS.token}` } },
        },
      }),
    }),
  );
  app.get(DOCS_SPEC_PATH, (c) =>
    c.json(docsDocument(deps.specs, deps.operations, new URL(c.req.url).origin)),
  );
  app.get(DOCS_SCRIPT_PATH, async (c) => {
    bundle ??= readFile(SCALAR_BUNDLE).then((bytes) => ({
      body: new Uint8Array(bytes),
      etag: `"${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}"`,
    }));
    let file: { body: Uint8Array; etag: string };
    try {
      file = await bundle;
    } catch (err) {
      bundle = undefined;
      return c.text(`The API reference script is missing (${(err as Error).message}).`, 503);
    }
    // Revalidated on each load (a cheap 304), so a mock upgraded in place never serves a stale script.
    c.header('Cache-Control', 'no-cache');
    c.header('ETag', file.etag);
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
    });
  });
  return app;
}

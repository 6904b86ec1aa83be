import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Context } from 'hono';

const gzipped = promisify(gzip);

/**
 * A file of the reference page (Scalar's 3.5 MB script, the merged document), held as its bytes
 * and their gzip, each with its own strong ETag: a shared QA instance answers many browsers, and
 * each of them revalidates with a cheap 304 instead of downloading it again.
 */
export interface DocsAsset {
  body: Uint8Array;
  gzip: Uint8Array;
  etag: string;
  type: string;
}

/** Hashes and compresses `bytes` once (gzip level 6: ~0.1 s for the script, then kept). */
export async function makeAsset(bytes: Uint8Array, type: string): Promise<DocsAsset> {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  return { body: bytes, gzip: new Uint8Array(await gzipped(bytes)), etag: `"${hash}"`, type };
}

/**
 * Answers `asset`: 304 when `If-None-Match` names the representation the client would get, else
 * gzip when `Accept-Encoding` allows it, else the plain bytes. `no-cache`: revalidated on every
 * load, so a mock upgraded in place never serves a stale file.
 */
export function sendAsset(c: Context, asset: DocsAsset): Response {
  const zipped = acceptsGzip(c.req.header('accept-encoding'));
  const etag = zipped ? `${asset.etag.slice(0, -1)}-gzip"` : asset.etag;
  const headers: Record<string, string> = {
    'Cache-Control': 'no-cache',
    ETag: etag,
    Vary: 'Accept-Encoding',
  };
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))
    return c.body(null, 304, headers);
  if (zipped) headers['Content-Encoding'] = 'gzip';
  headers['Content-Type'] = asset.type;
  return c.body((zipped ? asset.gzip : asset.body) as Uint8Array<ArrayBuffer>, 200, headers);
}

/** True when the header accepts gzip (`gzip`, `gzip;q=0.5`, `*`), not when it says `gzip;q=0`. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.toLowerCase().split(',')) {
    const [coding, ...params] = part.trim().split(';');
    if (coding !== 'gzip' && coding !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

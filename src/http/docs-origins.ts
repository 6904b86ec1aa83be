import { createHash, randomUUID } from 'node:crypto';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import type { DocsAsset } from './docs-asset.ts';

/** Node's own gzip header (no name, no time, level 6, Unix): what `gzip()` writes first. */
const GZIP_HEADER = Uint8Array.of(0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03);

/**
 * The reference page's document for any origin, built and compressed once (issue 26's cold
 * readers: each new `*.localhost` Host cost ~50 ms of building, stringifying, encoding and gzip,
 * so a client walking Host names burned a shared instance's CPU). The document differs between
 * origins only in its server URL, so it is written once around a marker, and an origin's bytes are
 * the text before it, the origin as a JSON string, and the text after. Its gzip is one stream of
 * three deflate parts, the two big ones compressed once: each part is flushed to a byte boundary
 * with no reference into another (`Z_FULL_FLUSH`), so the parts join into one valid deflate
 * stream, closed by the last part's final block and the CRC-32 and length of the whole text. An
 * origin then costs a copy, a CRC and a hash (its ETag, the hash of its plain bytes as before).
 *
 * @example const forOrigin = originDocuments((origin) => docsDocument(specs, ops, origin)); forOrigin('http://a.localhost:4010')
 */
export function originDocuments(build: (origin: string) => unknown, type = 'application/json'): (origin: string) => DocsAsset {
  const marker = `omnitron-mock-origin-${randomUUID()}`;
  const parts = JSON.stringify(build(marker)).split(JSON.stringify(marker));
  if (parts.length !== 2) throw new Error('the reference document must name its origin exactly once');
  const encoder = new TextEncoder();
  const before = encoder.encode(parts[0]!);
  const after = encoder.encode(parts[1]!);
  const beforeDeflated = deflateRawSync(before, { finishFlush: constants.Z_FULL_FLUSH });
  const afterDeflated = deflateRawSync(after);
  const beforeCrc = crc32(before);
  return (origin) => {
    const middle = encoder.encode(JSON.stringify(origin));
    const body = new Uint8Array(before.length + middle.length + after.length);
    body.set(before, 0);
    body.set(middle, before.length);
    body.set(after, before.length + middle.length);
    const middleDeflated = deflateRawSync(middle, { finishFlush: constants.Z_FULL_FLUSH });
    const trailer = new Uint8Array(8);
    const view = new DataView(trailer.buffer);
    view.setUint32(0, crc32(after, crc32(middle, beforeCrc)), true);
    view.setUint32(4, body.length % 2 ** 32, true);
    const gzip = concat([GZIP_HEADER, beforeDeflated, middleDeflated, afterDeflated, trailer]);
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    return { body, gzip, etag, type };
  };
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

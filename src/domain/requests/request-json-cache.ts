import type { CancellationRequest } from '../../store/types.ts';
import { serializeRequest } from './serialize-request.ts';

/**
 * The JSON of `serializeRequest(request)`, kept per stored request record. The detail and
 * the plain list answer it as is (a page of ten joins ten kept byte arrays), so a hot read neither
 * copies the request's four attribute objects nor hashes its easy return's uuid again.
 *
 * Why a kept text is never stale: the key is the record object itself, and stored records are
 * immutable (store.ts: a write — update, reject, approve, settle, a tag's sibling writes, an
 * import, a reseed, a session's write — `set`s a new object). `serializeRequest` reads nothing but
 * the record (no store, no clock, no config), so one record object always has one text; a new
 * record is a new key, and the old bytes go with the old record (a `WeakMap`: nothing to evict,
 * nothing kept alive). `test/hot-read-freshness.test.ts` writes every way and reads back.
 */
const kept = new WeakMap<CancellationRequest, Uint8Array>();
/** `TextEncoder`, not `Buffer`: the same rules run in the browser build (src/embed/). */
const utf8 = new TextEncoder();

/**
 * Exactly `JSON.stringify(serializeRequest(request))`, as UTF-8 bytes: only the bytes are kept
 * (half the memory of keeping the text too; at 100,000 requests every one read stays as long
 * as its record does).
 */
export function requestJsonBytes(request: CancellationRequest): Uint8Array {
  let bytes = kept.get(request);
  if (bytes === undefined) {
    bytes = utf8.encode(JSON.stringify(serializeRequest(request)));
    kept.set(request, bytes);
  }
  return bytes;
}

/**
 * The bytes kept for this very record object, or undefined when none are kept yet: what says
 * whether a read after a write will serialize the record again (`test/request-write-answers.test.ts`).
 */
export function keptRequestJson(request: CancellationRequest): Uint8Array | undefined {
  return kept.get(request);
}

import { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { requestHeader } from './request-header.ts';
import { STATE_IMPORT_PATH } from './admin-path.ts';
import type { AppEnv } from './env.ts';

/**
 * The largest request body the API reads: 1 MiB (README "Limits"). Omnitron's own bodies are a
 * few hundred bytes (a status, a list of tag keys, a request); Django refuses bodies over 2.5 MB
 * (`DATA_UPLOAD_MAX_MEMORY_SIZE`), so no real client of the vendor API sends more than this.
 */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** The answer to a body over the limit. It belongs to no operation: the shared error schema. */
export const BODY_TOO_LARGE = { detail: 'Request body is too large.', code: 'payload_too_large' } as const;

/**
 * Refuses a request body over `maxBytes` with 413, before authentication or routing reads it:
 * at once when `Content-Length` says so, and while reading when it does not (chunked) — a body
 * is never held in memory past the limit. A body within the limit is kept in Hono's body cache,
 * so handlers read it as usual (`c.req.text()`) and `c.req.raw` stays the same request object.
 *
 * The admin API's bodies (a fault rule, a fixture, a reseed) are as small, and are held to the same
 * limit: a 700 MB fixture once made V8 throw and four 450 MB ones took 6 GB (issue 19). The one
 * exception is `PUT /__mock/state`, which streams whole state documents line by line.
 */
export function bodyLimit(maxBytes: number = BODY_LIMIT_BYTES): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    // Reads pass before `c.req.raw.body` is touched: on the Node adapter that property builds a
    // full Request, which cost plan detail a quarter of its throughput (and no `await` either).
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    return limited(c, next, maxBytes);
  };
}

/** A request that may carry a body: refused when over `maxBytes`, else read into Hono's cache. */
async function limited(c: Context<AppEnv>, next: Next, maxBytes: number): Promise<Response | void> {
  const method = c.req.method;
  if (method === 'PUT' && c.req.path === STATE_IMPORT_PATH) return next();
  const incoming = plainIncoming(c);
  // Over a socket the body is read from Node's request itself: `c.req.raw.body` would build a
  // whole WHATWG Request first (an AbortController, a web stream over the socket, header
  // validation), about a sixth of a small write's CPU on the hot rows (issue 26).
  if (incoming === null && !c.req.raw.body) return next();
  const declared = incoming === null ? c.req.raw.headers.get('content-length') : requestHeader(c, 'content-length') ?? null;
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    return c.json(BODY_TOO_LARGE, 413);
  }
  const read = incoming === null ? await readAtMost(c.req.raw.body!, maxBytes) : await readIncomingAtMost(incoming, maxBytes);
  if (read === 'too-large') return c.json(BODY_TOO_LARGE, 413);
  // An aborted upload: nobody is left to answer, and nothing was read to act on.
  if (read === 'aborted') return c.json({ detail: 'The request body was cut short.', code: 'parse_error' }, 400);
  const cache = (c.req as unknown as { bodyCache: { arrayBuffer?: Promise<ArrayBuffer>; text?: Promise<string> } }).bodyCache;
  cache.arrayBuffer = Promise.resolve(read);
  if (incoming !== null) {
    // Decoded once: as Python's `utf-8` codec does, a byte-order mark kept (`readJsonBody`), and
    // the text `c.req.text()` would make of it (a Response's decode drops one leading mark), so
    // the journal and `c.req.json()` do not build a Response to get it.
    const kept = utf8KeepingMark.decode(read);
    keptTexts.set(c.req, kept);
    cache.text = Promise.resolve(kept.charCodeAt(0) === 0xfeff ? kept.slice(1) : kept);
  }
  return next();
}

/**
 * Decodes as Python's `utf-8` codec does: a byte-order mark is kept (TextDecoder drops it by
 * default). One decoder for every body: a `decode` without `stream` keeps no state between calls.
 */
const utf8KeepingMark = new TextDecoder('utf-8', { ignoreBOM: true });
const keptTexts = new WeakMap<object, string>();

/** UTF-8 text as Python's `utf-8` codec reads it: a leading byte-order mark kept. */
export function decodeKeepingMark(bytes: Uint8Array): string {
  return utf8KeepingMark.decode(bytes);
}

/**
 * The request body as UTF-8 text with a leading byte-order mark kept, when `bodyLimit` read it
 * from the socket (undefined otherwise: read it from `c.req`).
 */
export function bodyTextKeepingMark(c: Context): string | undefined {
  return keptTexts.get(c.req);
}

/**
 * Node's request behind `c.req`, when its body is still to be read from the socket and nothing
 * has built the WHATWG Request yet; null otherwise (in-process requests, a body handed over as
 * `rawBody`, `TRACE`, which the adapter answers as a GET).
 */
function plainIncoming(c: Context<AppEnv>): IncomingMessage | null {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming === undefined || !(incoming instanceof IncomingMessage) || 'rawBody' in incoming) return null;
  // Anything already reading it (a built Request's stream listens for 'data') keeps the old path.
  if (c.req.method === 'TRACE' || incoming.readableEnded || incoming.readableDidRead || incoming.listenerCount('data') > 0) return null;
  return incoming;
}

/**
 * Reads Node's request to its end, or stops reading once it passes `maxBytes`: the adapter drains
 * the rest after the answer and the connection stays usable (a 3 MB chunked body then a second
 * request on the same socket: both answered). A connection closed before the end is `aborted`.
 */
function readIncomingAtMost(incoming: IncomingMessage, maxBytes: number): Promise<ArrayBuffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: ArrayBuffer | 'too-large' | 'aborted'): void => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('close', onClose);
      resolve(outcome);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        incoming.pause();
        settle('too-large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      const out = new Uint8Array(size);
      let at = 0;
      for (const chunk of chunks) {
        out.set(chunk, at);
        at += chunk.length;
      }
      settle(out.buffer);
    };
    const onClose = (): void => settle('aborted');
    // An abort after this stops reading must not be an unhandled 'error': one shared no-op stays.
    incoming.on('error', ignore);
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('close', onClose);
  });
}

function ignore(): void {}

/** Reads a stream to its end, or stops (cancelling it) once it passes `maxBytes`. */
async function readAtMost(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<ArrayBuffer | 'too-large' | 'aborted'> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        void reader.cancel().catch(() => undefined);
        return 'too-large';
      }
      chunks.push(value);
    }
  } catch {
    return 'aborted';
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out.buffer;
}

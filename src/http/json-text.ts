import type { Context } from 'hono';
import type { Page } from './pagination.ts';

/** The text of JSON bytes answered by `jsonBytes` (the self-check reads text). */
export function textOfJsonBytes(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/**
 * Answers JSON a handler already holds as UTF-8 (a kept plan or request, a page joined from kept
 * ones): the same bytes and header `c.json` would give for the object, without building,
 * stringifying or encoding it. The self-check sees the text (`textOfJsonBytes`) and checks it as
 * strictly as any answer.
 */
export function jsonBytes(c: Context, bytes: Uint8Array, status: 200 | 201 = 200): Response {
  return c.body(bytes as Uint8Array<ArrayBuffer>, status, jsonType());
}

/** Answers JSON a handler already holds as text (a generic object's kept JSON, a page joined from them). */
export function jsonText(c: Context, text: string, status: 200 | 201 = 200): Response {
  return c.body(text, status, jsonType());
}

/**
 * A fresh headers object per answer: @hono/node-server writes `Content-Length` into the one it
 * is given, so a shared one answered a 500, or a wrong length, on every second request.
 */
const jsonType = () => ({ 'Content-Type': 'application/json' });

/** `TextEncoder`, not `Buffer`: the app also runs in the browser build (src/embed/). */
const utf8 = new TextEncoder();

/**
 * `JSON.stringify(page)` as UTF-8, for a page whose results are JSON bytes already: byte for
 * byte what `c.json` answered for the page of objects (`JSON.stringify` adds no spaces, and the
 * keys come in `Page`'s order). One copy of the results, no text built; a page of up to
 * `SLAB_PAGE_BYTES` is written into a shared slab (`pageBytes`).
 */
export function pageJsonBytes(page: Page<Uint8Array>): Uint8Array {
  const head = `{"count":${page.count},"next":${JSON.stringify(page.next)},"previous":${JSON.stringify(page.previous)},"results":[`;
  // The head is ASCII unless a link holds other characters (a URL's are percent-encoded).
  const headBytes = NON_ASCII.test(head) ? utf8.encode(head) : null;
  const results = page.results;
  let size = (headBytes?.byteLength ?? head.length) + Math.max(0, results.length - 1) + CLOSE.byteLength;
  for (const r of results) size += r.byteLength;
  const out = pageBytes(size);
  let at: number;
  if (headBytes !== null) {
    out.set(headBytes, 0);
    at = headBytes.byteLength;
  } else {
    at = utf8.encodeInto(head, out).written;
  }
  for (let i = 0; i < results.length; i += 1) {
    if (i > 0) out[at++] = COMMA;
    const r = results[i]!;
    out.set(r, at);
    at += r.byteLength;
  }
  out.set(CLOSE, at);
  return out;
}

const NON_ASCII = /[^\x00-\x7f]/;
const COMMA = 0x2c;
const CLOSE = utf8.encode(']}');

/** Slabs pages are cut from, and the largest page cut from one (a list of ten requests is ~5 KB). */
const SLAB_BYTES = 64 * 1024;
const SLAB_PAGE_BYTES = 8 * 1024;
let slab = new Uint8Array(0);
let slabUsed = 0;

/**
 * `size` bytes for a page's answer. Every `new Uint8Array` has a backing store of its own outside
 * the heap (~2 µs to allocate and track for 5 KB, and external memory that brings on collections),
 * so pages up to `SLAB_PAGE_BYTES` are views into a shared 64 KiB slab instead, as Node's `Buffer`
 * pool does for small buffers. A slab's bytes are never handed out twice: when one is used up a new
 * one is made, and the old one lives as long as a page written into it does (until its answer is
 * sent). Readers take the view's own offset and length (the socket, `TextDecoder`, a `Response`).
 */
function pageBytes(size: number): Uint8Array {
  if (size > SLAB_PAGE_BYTES) return new Uint8Array(size);
  if (slabUsed + size > slab.byteLength) {
    slab = new Uint8Array(SLAB_BYTES);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + size);
  // Eight-byte steps, as the pool does: no two pages share a word.
  slabUsed += (size + 7) & ~7;
  return out;
}

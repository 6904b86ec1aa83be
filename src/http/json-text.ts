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
const COMMA = utf8.encode(',');
const CLOSE = utf8.encode(']}');

/**
 * `JSON.stringify(page)` as UTF-8, for a page whose results are JSON bytes already: byte for
 * byte what `c.json` answered for the page of objects (`JSON.stringify` adds no spaces, and the
 * keys come in `Page`'s order). One copy of the results, no text built.
 */
export function pageJsonBytes(page: Page<Uint8Array>): Uint8Array {
  const head = utf8.encode(`{"count":${page.count},"next":${JSON.stringify(page.next)},"previous":${JSON.stringify(page.previous)},"results":[`);
  const parts: Uint8Array[] = [head];
  page.results.forEach((r, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(r);
  });
  parts.push(CLOSE);
  let size = 0;
  for (const part of parts) size += part.byteLength;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

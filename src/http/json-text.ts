import type { Context } from 'hono';
import type { Page } from './pagination.ts';

/**
 * The text of byte arrays a cache keeps (a plan's JSON): the self-check reads the very string
 * the bytes were made from, so a text that passed once is known again by identity (self-check.ts).
 */
const texts = new WeakMap<Uint8Array, string>();

/** Notes the text kept bytes were made from (`PlanJsonCache.bytes`' `onNewBytes`). */
export function rememberText(bytes: Uint8Array, text: string): void {
  texts.set(bytes, text);
}

/** The text of JSON bytes answered by `jsonBytes`: the remembered string, else decoded. */
export function textOfJsonBytes(bytes: Uint8Array): string {
  return texts.get(bytes) ?? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/**
 * Answers JSON a handler already holds as UTF-8 (a kept plan or request, a page joined from kept
 * ones): the same bytes and header `c.json` would give for the object, without building,
 * stringifying or encoding it. The self-check sees the text (`textOfJsonBytes`) and checks it as
 * strictly as any answer.
 */
export function jsonBytes(c: Context, bytes: Uint8Array, status: 200 | 201 = 200): Response {
  // A fresh object each time: @hono/node-server writes `Content-Length` into the one it is given.
  return c.body(bytes as Uint8Array<ArrayBuffer>, status, { 'Content-Type': 'application/json' });
}

const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

/**
 * `JSON.stringify(page)` as UTF-8, for a page whose results are JSON bytes already: byte for
 * byte what `c.json` answered for the page of objects (`JSON.stringify` adds no spaces, and the
 * keys come in `Page`'s order). One copy of the results, no text built.
 */
export function pageJsonBytes(page: Page<Uint8Array>): Uint8Array {
  const head = Buffer.from(`{"count":${page.count},"next":${JSON.stringify(page.next)},"previous":${JSON.stringify(page.previous)},"results":[`);
  const parts: Uint8Array[] = [head];
  page.results.forEach((r, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(r);
  });
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

import type { Context } from 'hono';
import { Utf8Writer } from '../common/utf8-writer.ts';
import { pageHead, type Page } from './pagination.ts';
import type { RowList } from './newest-first.ts';

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

/**
 * Where pages are joined: one shared writer, each page a view of its slab (no array of its own —
 * every fresh `Uint8Array` has a backing store outside the heap, ~2 µs to allocate for 5 KB and
 * external memory that brings on collections). A view stays valid while later pages are written.
 */
const pages = new Utf8Writer();

/**
 * `JSON.stringify(page)` as UTF-8, for a page whose results are JSON bytes already: byte for
 * byte what `c.json` answered for the page of objects (`JSON.stringify` adds no spaces, and the
 * keys come in `Page`'s order). One copy of the results, no text built.
 */
export function pageJsonBytes(page: Page<Uint8Array>): Uint8Array {
  const w = pages;
  w.begin();
  w.text(`{"count":${page.count},"next":${JSON.stringify(page.next)},"previous":${JSON.stringify(page.previous)},"results":[`);
  const results = page.results;
  for (let i = 0; i < results.length; i += 1) {
    if (i > 0) w.text(',');
    w.bytes(results[i]!);
  }
  w.text(']}');
  return w.take();
}

/**
 * `pageJsonBytes(paginate(rows, url, serialize))`, or null for "Invalid page.", for rows whose
 * JSON is kept as bytes: the same bytes, with the page's head — its count and both links, ~230
 * characters encoded and two links built per request before — kept for the URL and the count
 * (`pageHead`, issue 26, sixteenth session). Only the page's rows are read and copied.
 */
export function pageBytes<T>(rows: RowList<T>, url: string, serialize: (row: T) => Uint8Array): Uint8Array | null {
  const page = pageHead(url, rows.length);
  if (page === null) return null;
  const results = rows.slice(page.start, page.start + page.size);
  const w = pages;
  w.begin();
  w.bytes(page.head);
  for (let i = 0; i < results.length; i += 1) {
    if (i > 0) w.text(',');
    w.bytes(serialize(results[i]!));
  }
  w.text(']}');
  return w.take();
}

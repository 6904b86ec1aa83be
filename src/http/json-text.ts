import type { Context } from 'hono';
import type { Page } from './pagination.ts';

/** The header `c.json` sets; kept JSON texts are answered with the same one. */
const JSON_TYPE = { 'Content-Type': 'application/json' } as const;

/**
 * Answers JSON text a handler already holds (a kept plan or request, a page joined from kept
 * texts): the same bytes and header `c.json` would give for the object, without building or
 * stringifying it. The self-check sees the text (`c.body`) and checks it as strictly.
 */
export function jsonText(c: Context, text: string, status: 200 | 201 = 200): Response {
  return c.body(text, status, JSON_TYPE);
}

/**
 * `JSON.stringify(page)` for a page whose results are JSON texts already: byte for byte what
 * `c.json` answered for the page of objects (`JSON.stringify` adds no spaces, and the keys come
 * in `Page`'s order).
 */
export function pageJson(page: Page<string>): string {
  return `{"count":${page.count},"next":${JSON.stringify(page.next)},"previous":${JSON.stringify(page.previous)},"results":[${page.results.join(',')}]}`;
}

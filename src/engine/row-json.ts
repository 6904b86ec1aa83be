import type { Page } from '../http/pagination.ts';

/**
 * The JSON text of a generic object, kept per object: stored objects are immutable (a write
 * stores a new one, `store.ts`), so one object always has one text, and a retrieve or a page
 * asked for again costs no `JSON.stringify` of its rows. Held weakly: a replaced or deleted
 * object's text goes with it.
 */
const texts = new WeakMap<object, string>();

export function objectJson(o: Record<string, unknown>): string {
  let text = texts.get(o);
  if (text === undefined) {
    text = JSON.stringify(o);
    texts.set(o, text);
  }
  return text;
}

/** Exactly `JSON.stringify(page)` for a page whose results are already JSON texts. */
export function pageJson(page: Page<string>): string {
  return `{"count":${page.count},"next":${JSON.stringify(page.next)},"previous":${JSON.stringify(page.previous)},"results":[${page.results.join(',')}]}`;
}

/** Exactly `JSON.stringify(array)` for elements that are already JSON texts. */
export function arrayJson(texts_: readonly string[]): string {
  return `[${texts_.join(',')}]`;
}

import { readFileSync } from 'node:fs';

/**
 * The real `cancellation_plan.created` event of seed 003, read from the verbatim vendor copy in
 * `specs/vendor/` (the JSON sits between the page's other text).
 */
export function vendorEvent(): { event: { type: string; uuid: string }; payload: any } {
  const text = readFileSync(new URL('../../specs/vendor/003_fa49325d80b53461.txt', import.meta.url), 'utf8');
  return JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1));
}

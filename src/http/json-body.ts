import type { Context } from 'hono';
import { DRF } from './drf-errors.ts';
import { mediaTypeOf } from '../spec/response-checker.ts';
import { requestHeader } from './request-header.ts';
import { bodyTextKeepingMark, decodeKeepingMark } from './body-limit.ts';
import { jsonNestingExceeds, MAX_JSON_DEPTH } from '../common/json-depth.ts';

/**
 * Reads a JSON request body the way DRF's JSONParser does: an empty body is `{}` (so required
 * fields are reported as missing), another media type is a 415, malformed JSON (a UTF-8 byte-order
 * mark included, as Python's json refuses it) a 400 `parse_error`, and so is JSON nested deeper than
 * `MAX_JSON_DEPTH`, before it is parsed (json-depth.ts). Returns the parsed value (with the text it
 * was parsed from), or the error response to send.
 */
export async function readJsonBody(c: Context): Promise<{ value: unknown; text?: string } | { response: Response }> {
  // Over a socket `bodyLimit` has decoded the body so already (one decode for every reader).
  const text = bodyTextKeepingMark(c) ?? decodeKeepingMark(new Uint8Array(await c.req.arrayBuffer()));
  if (text.trim() === '') return { value: {} };
  // From Node's raw headers (request-header.ts): `c.req.header` would first build a whole
  // `Headers` of every header the request has, most of a write's body read (seventh session).
  const contentType = requestHeader(c, 'content-type');
  const type = mediaTypeOf(contentType ?? null) ?? '';
  // DRF picks JSONParser by matching `application/json`: `application/merge-patch+json` or another
  // `+json` type is a 415 on Omnitron, so the mock does not accept what the API refuses. (DRF's
  // match also lets a wildcard — `*/*`, `application/*` — pick it; not modelled: those are 415.)
  if (type !== 'application/json') {
    return { response: c.json(DRF.unsupportedMediaType(contentType ?? ''), 415) };
  }
  // DRF's JSONParser decodes as `utf-8`, and Python's json refuses the mark that is left.
  if (text.startsWith('\uFEFF')) {
    return {
      response: c.json(DRF.parseError('Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)'), 400),
    };
  }
  if (jsonNestingExceeds(text)) {
    return { response: c.json(DRF.parseError(`nested more than ${MAX_JSON_DEPTH} levels deep`), 400) };
  }
  try {
    // The text too: JSON.parse loses how a number was written (`5` or `5.0`), which a reader may need.
    return { value: JSON.parse(text) as unknown, text };
  } catch (err) {
    return { response: c.json(DRF.parseError((err as Error).message), 400) };
  }
}

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import type { Context } from 'hono';
import { DRF } from './drf-errors.ts';
import { mediaTypeOf } from '../spec/response-checker.ts';

/**
 * Reads a JSON request body the way DRF's JSONParser does: an empty body is `{}` (so required
 * fields are reported as missing), another media type is a 415, malformed JSON a 400
 * `parse_error`. Returns the parsed value, or the error response to send.
 */
export async function readJsonBody(c: Context): Promise<{ value: unknown } | { response: Response }> {
  const text = await c.req.text();
  if (text.trim() === '') return { value: {} };
  const type = mediaTypeOf(c.req.header('content-type') ?? null) ?? '';
  if (type !== 'application/json' && !type.endsWith('+json')) {
    return { response: c.json(DRF.unsupportedMediaType(c.req.header('content-type') ?? ''), 415) };
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (err) {
    return { response: c.json(DRF.parseError((err as Error).message), 400) };
  }
}

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * A request header, exactly as `c.req.header(name)` answers it, without building a `Headers`.
 *
 * Why: on @hono/node-server the first `c.req.header()` turns every raw header into a WHATWG
 * `Headers` object (validated, normalised, one entry at a time) — a few microseconds per request
 * that the hot path (auth, CORS, sessions, faults, the request id) pays only to read three or
 * four names. Node's `rawHeaders` already hold them: the same values are read from there, joined
 * with `, ` when a name repeats and trimmed of HTTP whitespace, as `Headers.get` does — so a
 * repeated `Authorization` still reads as two tokens (Node's own `headers` object would keep only
 * the first). In-process requests (`app.request()`, the tests) have no `IncomingMessage`: they
 * ask `c.req.header()` itself.
 *
 * `lowerName` must be lower case (callers pass constants).
 * @example requestHeader(c, 'authorization')
 */
export function requestHeader(c: Context, lowerName: string): string | undefined {
  const raw = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.rawHeaders;
  if (raw === undefined) return c.req.header(lowerName);
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length !== lowerName.length || key.toLowerCase() !== lowerName) continue;
    const v = trimHttpWhitespace(raw[i + 1]!);
    value = value === undefined ? v : `${value}, ${v}`;
  }
  return value;
}

/** Strips leading and trailing tab, LF, CR and space — the Fetch spec's value normalisation. */
export function trimHttpWhitespace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isHttpWhitespace(value.charCodeAt(start))) start += 1;
  while (end > start && isHttpWhitespace(value.charCodeAt(end - 1))) end -= 1;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function isHttpWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

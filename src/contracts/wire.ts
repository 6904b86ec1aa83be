import { mediaTypeOf } from '../spec/response-checker.ts';

/** A request as it goes to a side, templates already filled in. */
export interface WireRequest {
  method: string;
  /** Path and query string: `/api/v1/cancellation_plans/?status=waiting`. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** A side's answer, read and parsed once for the checker and the diff. */
export interface WireResponse {
  status: number;
  contentType: string | null;
  /** Parsed JSON; text for other text types; `'(N bytes)'` for binary; undefined when empty. */
  body: unknown;
  /** Set when a JSON media type carried a body that does not parse. */
  parseError?: string;
  durationMs: number;
}

/** What sending produced: an answer, or a transport failure (refused, dropped, timed out). */
export type SendOutcome = { response: WireResponse } | { error: string; durationMs: number };

/** Sends one request to a side. */
export type Sender = (request: WireRequest) => Promise<SendOutcome>;

function isJsonType(mediaType: string | null): boolean {
  return mediaType === 'application/json' || (mediaType?.endsWith('+json') ?? false);
}

/** Reads a fetch-style `Response` the way the harness needs it: status, media type, parsed body. */
export async function readResponse(res: Response, started: number): Promise<WireResponse> {
  const contentType = res.headers.get('content-type');
  const mediaType = mediaTypeOf(contentType);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const out: WireResponse = { status: res.status, contentType, body: undefined, durationMs: 0 };
  if (bytes.byteLength > 0) {
    if (isJsonType(mediaType)) {
      const text = new TextDecoder().decode(bytes);
      try {
        out.body = JSON.parse(text);
      } catch (err) {
        out.body = text;
        out.parseError = (err as Error).message;
      }
    } else if (mediaType?.startsWith('text/')) out.body = new TextDecoder().decode(bytes);
    else out.body = `(${bytes.byteLength} bytes)`;
  }
  out.durationMs = performance.now() - started;
  return out;
}

/** One line for a transport failure: `connection closed (UND_ERR_SOCKET: other side closed)`. */
export function describeTransportError(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string }; code?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer: ${e.message}`;
  const cause = e.cause;
  if (cause && (cause.code || cause.message)) {
    return `${e.message} (${[cause.code, cause.message].filter(Boolean).join(': ')})`;
  }
  return e.code ? `${e.message} (${e.code})` : e.message;
}

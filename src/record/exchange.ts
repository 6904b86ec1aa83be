import type { IncomingHttpHeaders } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/**
 * A body as the recorder saw it while it streamed past: the first `cap` bytes only, so a large
 * export never sits whole in memory, and whether more went by.
 */
export interface TappedBody {
  bytes: Buffer;
  /** Bytes that went through in all. */
  total: number;
  truncated: boolean;
}

/**
 * One request and its answer, as they crossed the proxy. It lives in memory only, holds the real
 * values (secrets included) and is turned into a redacted scenario step as soon as it completes.
 */
export interface Exchange {
  /** Start order across the whole recording. */
  seq: number;
  /** `performance.now()` when the request arrived and when the answer was fully sent. */
  startedAt: number;
  finishedAt: number;
  method: string;
  /** Path and query exactly as the client sent them. */
  url: string;
  /** Lower-case names, as Node parses them. */
  requestHeaders: IncomingHttpHeaders;
  requestBody: TappedBody;
  status: number;
  responseHeaders: IncomingHttpHeaders;
  /** Only JSON answers are kept (for captures and for learning what is secret). */
  responseBody: TappedBody | null;
}

/**
 * A pass-through stream that keeps a copy of the first `cap` bytes: the proxy pipes each body
 * through one, so forwarding streams chunk by chunk (with back-pressure) while recording.
 */
export class BodyTap extends Transform {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private total = 0;

  constructor(private readonly cap: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.total += chunk.length;
    if (this.kept < this.cap) {
      const part = chunk.subarray(0, this.cap - this.kept);
      this.chunks.push(Buffer.from(part));
      this.kept += part.length;
    }
    callback(null, chunk);
  }

  /** What went through so far. */
  body(): TappedBody {
    return { bytes: Buffer.concat(this.chunks), total: this.total, truncated: this.total > this.kept };
  }
}

/** An empty body, for an exchange whose body was not tapped. */
export const NO_BODY: TappedBody = { bytes: Buffer.alloc(0), total: 0, truncated: false };

/** The media type of a `Content-Type` value, lower case, without parameters. */
export function mediaType(contentType: string | string[] | undefined): string | null {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  return value ? value.split(';')[0]!.trim().toLowerCase() : null;
}

/** True for `application/json` and `application/*+json`. */
export function isJsonMediaType(type: string | null): boolean {
  return type === 'application/json' || (type?.endsWith('+json') ?? false);
}

/**
 * The body's bytes with its `Content-Encoding` undone (gzip, deflate, br), capped like the tap,
 * so a compressed answer can still be read for captures. Null when it cannot be decoded.
 */
export function decodedBytes(body: TappedBody, encoding: string | string[] | undefined, cap: number): Buffer | null {
  const coding = (Array.isArray(encoding) ? encoding.join(',') : encoding ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return body.bytes;
  if (body.truncated) return null;
  try {
    if (coding === 'gzip' || coding === 'x-gzip') return gunzipSync(body.bytes, { maxOutputLength: cap });
    if (coding === 'deflate') return inflateSync(body.bytes, { maxOutputLength: cap });
    if (coding === 'br') return brotliDecompressSync(body.bytes, { maxOutputLength: cap });
  } catch {
    return null;
  }
  return null;
}

/** The parsed JSON of a body, or undefined when it is absent, cut short or not JSON. */
export function parseJson(bytes: Buffer | null): unknown {
  if (!bytes || bytes.length === 0) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

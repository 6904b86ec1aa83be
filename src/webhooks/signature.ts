import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The header Omnitron's webhook library signs with (DOMAIN.md §5). */
export const SIGNATURE_HEADER = 'X-Whisperer-Signature';
/** The header that names the event type. */
export const EVENT_HEADER = 'X-Whisperer-Event';

/**
 * `sha256=<hex HMAC-SHA256(secret, body bytes)>`: the library's `hmac.new(secret.encode('utf-8'),
 * payload.encode('utf-8'), sha256).hexdigest()`. It signs the exact bytes it sends, so a
 * receiver must check the raw body, never a re-serialized one.
 */
export function signBody(secret: string, body: Uint8Array | string): string {
  return `sha256=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('hex')}`;
}

/**
 * True when `header` is the signature of `body` under `secret`. The comparison takes the same
 * time wherever a guess differs (and whatever its length), so a receiver built on it does not
 * leak the expected signature byte by byte.
 */
export function signatureMatches(
  secret: string,
  body: Uint8Array | string,
  header: string | null | undefined,
): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body), 'utf8');
  const given = Buffer.from(header.trim(), 'utf8');
  // Digests of both: equal-length inputs for timingSafeEqual, whatever was sent.
  return timingSafeEqual(sha256(expected), sha256(given));
}

function sha256(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}

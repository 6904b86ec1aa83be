/**
 * What a header the mock is given to send may be: a fault rule's headers (`faults/fault-rules.ts`)
 * and a webhook subscription's `additional_headers` (`webhooks/subscription-input.ts`) are read by
 * the same rules, so one that Node would refuse, or that would frame the message, is refused when
 * it is given instead of failing every answer or delivery later.
 */

/** A header name: an RFC 9110 token (Node refuses anything else). */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Headers that frame the message or the connection: the sender writes them from what it sends. */
export const FRAMING_HEADERS: ReadonlySet<string> = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
]);

/**
 * A value Node writes: tab and Latin-1 without control characters. Sent as written beside a
 * `Buffer` body (a webhook delivery's); beside a string body (an answer's JSON) Node writes the
 * headers and body as one UTF-8 string, so a Latin-1 letter goes out as two bytes (`é` read `Ã©`).
 */
export const LATIN1_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** A value sent as written whatever the body: tab and printable ASCII (what RFC 9110 asks a sender for). */
export const ASCII_VALUE = /^[\t\x20-\x7e]*$/;

import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';

/**
 * What the listening server tolerates from one connection (README "Limits"). A mock shared by a
 * QA team must not be held hostage by one client that opens connections and never finishes its
 * request (slow-loris), nor crash on one that sends a giant header.
 */
export const SERVER_LIMITS = {
  /** The request line plus headers: Node's default, 16 KiB; past it Node answers 431. */
  maxHeaderSize: 16 * 1024,
  /** Time to receive all headers; past it the connection is answered 408 and closed. */
  headersTimeoutMs: 10_000,
  /**
   * Time to receive a whole request, body included: an API body (≤ 1 MiB) needs well under a
   * second, but a `PUT /__mock/state` import is read as it is parsed, and a million plans take
   * minutes. Slow-loris is stopped by `headersTimeoutMs`; this bounds a trickling body.
   */
  requestTimeoutMs: 300_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: 5_000,
  /** How often Node looks for connections past their timeouts (its default is 30 s). */
  connectionsCheckingIntervalMs: 1_000,
} as const;

export type ServerLimits = { -readonly [K in keyof typeof SERVER_LIMITS]: number };

/** `serverOptions` for `@hono/node-server`'s `serve()`: the limits Node enforces itself. */
export function serverOptions(limits: ServerLimits = SERVER_LIMITS): ServerOptions {
  return {
    maxHeaderSize: limits.maxHeaderSize,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.connectionsCheckingIntervalMs,
  };
}

/** The answers to requests Node refuses before they reach the app, in the shared error shape. */
const CLIENT_ERRORS: Record<string, { status: number; reason: string; detail: string; code: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    detail: 'Request header fields are too large.',
    code: 'request_header_fields_too_large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    detail: 'The request took too long to arrive.',
    code: 'request_timeout',
  },
};
const BAD_REQUEST = { status: 400, reason: 'Bad Request', detail: 'Malformed HTTP request.', code: 'bad_request' };

/**
 * Answers what Node's HTTP parser refuses — a header or URL over `maxHeaderSize` (431), a request
 * past its timeout (408), anything unparseable (400) — with the mock's JSON error body (DOMAIN.md
 * §1: answers that belong to no operation share one error schema), then closes the connection.
 * Node's own handler would send the same status with an empty body. Nothing about the error
 * (parser position, bytes) is echoed: a client learns only which rule it broke.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (socket.destroyed) return;
    // ECONNRESET and friends: the client is gone; there is nobody to answer.
    // A response already under way on this connection cannot be followed by another.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const answer = CLIENT_ERRORS[err.code ?? ''] ?? BAD_REQUEST;
    const body = JSON.stringify({ detail: answer.detail, code: answer.code });
    socket.end(
      `HTTP/1.1 ${answer.status} ${answer.reason}\r\n` +
        'Content-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
      () => socket.destroy(),
    );
  });
}

import { createServer, ServerResponse, type IncomingMessage, type OutgoingHttpHeaders, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { BODY_LIMIT_BYTES, BODY_TOO_LARGE } from './body-limit.ts';
import { STATE_IMPORT_PATH } from './admin-path.ts';
import { DRF } from './drf-errors.ts';
import { answerClientErrors, serverOptions, type ServerLimits, SERVER_LIMITS } from './server-limits.ts';

/** What `serveApp` needs: the app's fetch, where to listen, and the limits (tests lower them). */
export interface ServeAppOptions {
  fetch: (request: Request, env: HttpBindings) => Response | Promise<Response>;
  hostname?: string;
  port: number;
  limits?: ServerLimits;
}

/**
 * Listens with every answer the server gives in the shared `{"detail", "code"}` error shape and
 * keep-alive clients kept safe (issue 19). The one rule for early answers: **an answer sent
 * before its request's body has fully arrived says `Connection: close`** — Node then closes the
 * socket after it, and a pooled client knows not to send its next request there. That covers a
 * 413 (declared or found while reading a chunked body), a 415 on the state import, a 401 to a
 * large upload. An oversized `Expect: 100-continue` upload is refused before `100 Continue`
 * invites it. Node's own refusals (`Expect` it does not know, `CONNECT`, an unparseable request,
 * a `Host` Hono's adapter cannot read) are answered as JSON rather than empty or text/plain.
 */
export function serveApp(options: ServeAppOptions): Server {
  // No `Host` reaches the app (which answers it as Django does) instead of Node's empty 400.
  const server = createServer({ ...serverOptions(options.limits ?? SERVER_LIMITS), requireHostHeader: false, ServerResponse: NoContentResponse }, appListener(options));
  answerClientErrors(server);
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (uploadTooLarge(req)) return answer(res, 413, BODY_TOO_LARGE);
    res.writeContinue();
    server.emit('request', req, res);
  });
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) =>
    answer(res, 417, { detail: 'Only "Expect: 100-continue" is understood.', code: 'expectation_failed' }),
  );
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    const body = JSON.stringify(DRF.methodNotAllowed('CONNECT'));
    socket.end(
      'HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      () => socket.destroy(),
    );
    req.resume();
  });
  server.listen(options.port, options.hostname);
  return server;
}

/**
 * Node's response, except that a 204 or a 304 goes out with no `Content-Type`: DRF sends none on a
 * 204 (its response drops the header when the rendered content is empty), nor Django on a 304
 * (`HttpResponseNotModified` deletes it), but Hono's Node adapter labels every answer it writes
 * `text/plain; charset=UTF-8` when the app set no type. The adapter hands `writeHead` its headers
 * as one object, so the label is taken out there, and only on those two.
 */
class NoContentResponse extends ServerResponse {
  // Two named arguments, not a rest array: every answer passes here, and allocates nothing more.
  override writeHead(statusCode: number, reasonOrHeaders?: unknown, headers?: unknown): this {
    if (statusCode === 204 || statusCode === 304) {
      const given = headers ?? reasonOrHeaders;
      if (given !== null && typeof given === 'object' && !Array.isArray(given)) delete (given as OutgoingHttpHeaders)['content-type'];
    }
    return (super.writeHead as (code: number, a?: unknown, b?: unknown) => this)(statusCode, reasonOrHeaders, headers);
  }
}

/**
 * The request listener `serveApp` serves `fetch` with (the Node adapter's, with the rule above
 * for early answers). An answer `fetch` gives synchronously to a request without a body goes to
 * the adapter as it is, which writes it in the same tick (issue 26); every other answer waits for
 * the rest of its request to be read first, as before, and says `Connection: close` if it is not.
 */
export function appListener(options: Pick<ServeAppOptions, 'fetch' | 'hostname'>): (incoming: IncomingMessage, outgoing: ServerResponse) => Promise<unknown> {
  const settled = async (pending: Response | Promise<Response>, env: HttpBindings): Promise<Response> => {
    const res = await pending;
    return env.incoming.complete ? res : closing(res);
  };
  return getRequestListener(
    (request, env) => {
      const res = options.fetch(request, env as HttpBindings);
      return res instanceof Promise || !bodiless((env as HttpBindings).incoming) ? settled(res, env as HttpBindings) : res;
    },
    {
      ...(options.hostname !== undefined && { hostname: options.hostname }),
      // Hono's adapter refusing a request it cannot build (a bad `Host`, `OPTIONS *`): 400 JSON.
      errorHandler: () => jsonResponse(400, { detail: 'Malformed HTTP request.', code: 'bad_request' }),
    },
  ) as (incoming: IncomingMessage, outgoing: ServerResponse) => Promise<unknown>;
}

/**
 * A request that declares no body (no `Transfer-Encoding`, no `Content-Length` but 0): nothing of
 * it is left to arrive once its head has, though Node marks it `complete` only after the listener
 * has run.
 */
function bodiless(incoming: IncomingMessage): boolean {
  const length = incoming.headers['content-length'];
  return incoming.headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
}

/** A declared body over the limit, on any route but the (streamed) state import. */
function uploadTooLarge(req: IncomingMessage): boolean {
  const declared = req.headers['content-length'];
  if (declared === undefined || !/^\d+$/.test(declared.trim())) return false;
  const path = (req.url ?? '').split('?')[0];
  return Number(declared) > BODY_LIMIT_BYTES && !(req.method === 'PUT' && path === STATE_IMPORT_PATH);
}

/** The response with `Connection: close` (on a copy when its headers are immutable). */
function closing(res: Response): Response {
  try {
    res.headers.set('Connection', 'close');
    return res;
  } catch {
    const copy = new Response(res.body, res);
    copy.headers.set('Connection', 'close');
    return copy;
  }
}

function jsonResponse(status: number, body: { detail: string; code: string }): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Answers from Node's own events (no app, no body read) and closes the connection after. */
function answer(res: ServerResponse, status: number, body: { detail: string; code: string }): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    Connection: 'close',
  });
  res.end(text);
}

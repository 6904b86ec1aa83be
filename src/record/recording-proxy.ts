import { Agent as HttpAgent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import { BodyTap, isJsonMediaType, mediaType, type Exchange } from './exchange.ts';
import { forwardRequestHeaders, forwardResponseHeaders } from './hop-by-hop.ts';
import { PageLinkRewriter, rewriteLocation } from './rewrite-links.ts';

/** How long `close()` waits for exchanges in flight before cutting their connections. */
const CLOSE_GRACE_MS = 2000;

export interface RecordingProxyOptions {
  /** The target's base URL; a path prefix is kept (`http://host/prefix` + the client's path). */
  target: URL;
  /** 0 picks a free port. */
  port: number;
  /** Loopback by default: the proxy sees real tokens and personal data. */
  host?: string;
  /** Whether an exchange is worth recording, decided when the request arrives. */
  records(method: string, url: string, headers: IncomingMessage['headers']): boolean;
  /** Each recorded exchange, once its answer has been fully sent to the client. */
  onExchange(exchange: Exchange): void;
  /** What was forwarded but not recorded (`status` null: the target failed; `note` says how). */
  onPassThrough(info: { method: string; url: string; status: number | null; note: string }): void;
  /** Bytes of each body kept for recording (the rest still streams through). */
  maxRecordedBytes: number;
  /** How long the target may stay silent on one exchange. */
  timeoutMs: number;
}

export interface RecordingProxy {
  url: string;
  port: number;
  /** Stops listening, lets exchanges in flight finish (briefly), and waits until closed. */
  close(): Promise<void>;
}

/**
 * A reverse proxy that forwards every request to the target unchanged — any method, the query
 * string byte for byte, bodies streamed both ways — and hands each completed exchange to the
 * recorder. The one exception: links back to the target (`next`/`previous` of a JSON page, a
 * `Location`) are pointed at the proxy, so a client paging through it stays recorded; the
 * recording keeps the target's own bytes. Failures of the target answer the client 502 (nothing
 * is recorded: that answer is ours, not the target's).
 */
export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const { target } = options;
  const secure = target.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const prefix = target.pathname.replace(/\/+$/, '');
  let seq = 0;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const startedAt = performance.now();
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const recording = options.records(method, url, req.headers);
    const number = ++seq;
    // One line per exchange, even when both the request and the answer report the same failure.
    let reported = false;
    const passThrough = (status: number | null, note: string) => {
      if (!reported) options.onPassThrough({ method, url, status, note });
      reported = true;
    };
    const upstream = (secure ? httpsRequest : httpRequest)({
      protocol: target.protocol, hostname: target.hostname, port: target.port || (secure ? 443 : 80),
      method, path: prefix + url, headers: forwardRequestHeaders(req.rawHeaders, target.host), agent,
    });
    upstream.setTimeout(options.timeoutMs, () => upstream.destroy(new Error(`no answer in ${options.timeoutMs} ms`)));
    const requestTap = new BodyTap(recording ? options.maxRecordedBytes : 0);
    pipeline(req, requestTap, upstream, () => undefined);
    // The client went away before its answer was sent: stop asking the target.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    upstream.on('error', (err) => {
      if (res.headersSent || res.destroyed) {
        passThrough(res.statusCode, `cut short (${err.message}): not recorded`);
        return void res.destroy();
      }
      passThrough(null, `the target failed: ${err.message}; answered 502`);
      res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`omnitron-mock record: the target failed: ${err.message}\n`);
    });
    upstream.on('response', (answer) => {
      const status = answer.statusCode ?? 502;
      const proxyBase = `http://${req.headers.host ?? `127.0.0.1:${(server.address() as AddressInfo).port}`}`;
      const json = isJsonMediaType(mediaType(answer.headers['content-type']));
      // A page's links can be rewritten only in a plain (not compressed) body that has one.
      const encoded = (answer.headers['content-encoding'] ?? 'identity') !== 'identity';
      const rewrite = json && !encoded && method !== 'HEAD' && status !== 204 && status !== 304;
      let headers = rewriteLocation(forwardResponseHeaders(answer.rawHeaders), target, proxyBase);
      if (rewrite) headers = withoutHeader(headers, 'content-length');
      res.writeHead(status, answer.statusMessage, headers);
      const keepAnswer = recording && json;
      const responseTap = new BodyTap(keepAnswer ? options.maxRecordedBytes : 0);
      const done = (err: Error | null | undefined) => {
        if (err) return passThrough(status, `cut short (${err.message}): not recorded`);
        if (!recording) return passThrough(status, 'not recorded');
        options.onExchange({
          seq: number, startedAt, finishedAt: performance.now(), method, url,
          requestHeaders: req.headers, requestBody: requestTap.body(),
          status, responseHeaders: answer.headers, responseBody: keepAnswer ? responseTap.body() : null,
        });
      };
      if (rewrite) pipeline(answer, responseTap, new PageLinkRewriter(target, proxyBase), res, done);
      else pipeline(answer, responseTap, res, done);
    });
  };

  const server: Server = createServer(handle);
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          agent.destroy();
          resolve();
        });
        server.closeIdleConnections();
        // Exchanges in flight get a moment to finish (and be recorded); then connections are cut.
        setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      }),
  };
}

/** A raw header list without one header (its length changes when a body is rewritten). */
function withoutHeader(raw: readonly string[], lower: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() !== lower) out.push(raw[i]!, raw[i + 1]!);
  return out;
}

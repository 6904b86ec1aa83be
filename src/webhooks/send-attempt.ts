import http from 'node:http';
import https from 'node:https';

/** One POST of an event to a subscriber. */
export interface AttemptRequest {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  timeoutMs: number;
  /** HTTP basic auth (`config.auth` of the library). */
  basicAuth?: { username: string; password: string } | undefined;
}

/** What one attempt came to. `status` is null when no answer came (refused, reset, timed out). */
export interface AttemptOutcome {
  status: number | null;
  /** Why there is no status (`timed out after 10 s`, `ECONNREFUSED`), else null. */
  error: string | null;
  durationMs: number;
  /** The start of the answer's body, for the delivery log (the library keeps the whole). */
  responseExcerpt: string;
}

export interface InFlightAttempt {
  done: Promise<AttemptOutcome>;
  /** Ends the attempt now (shutdown); `done` settles as a failure. */
  abort(): void;
}

const EXCERPT_BYTES = 512;
/** No keep-alive: a receiver that closes or restarts never meets a stale pooled socket. */
const agents = {
  http: new http.Agent({ keepAlive: false }),
  https: new https.Agent({ keepAlive: false }),
};

/**
 * Sends one attempt with Node's own client — not `fetch`, which refuses some headers and has no
 * per-request socket control — and never rejects: every way an attempt can end is an outcome.
 * The timeout covers the whole attempt, connection to the end of the answer.
 */
export function sendAttempt(req: AttemptRequest): InFlightAttempt {
  const started = performance.now();
  const url = new URL(req.url);
  const client = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = {
    ...req.headers,
    'Content-Length': String(req.body.length),
  };
  if (req.basicAuth) {
    headers.Authorization = `Basic ${Buffer.from(`${req.basicAuth.username}:${req.basicAuth.password}`).toString('base64')}`;
  }
  let outgoing: http.ClientRequest | undefined;
  const done = new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
    let timedOut = false;
    const finish = (status: number | null, error: string | null, excerpt = '') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const why = timedOut && status === null ? `timed out after ${req.timeoutMs / 1000} s` : error;
      resolve({
        status,
        error: why,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        responseExcerpt: excerpt,
      });
    };
    // The verdict waits one turn: timers run before the loop reads sockets, so an answer already
    // on the socket while this process was held (a collection, a long slice) is read first, not
    // called a timeout (setImmediate runs after that read). When it arrived cannot be told: one
    // that came after the deadline during the hold is taken too (ADR 0009, fourteenth session).
    const timer = setTimeout(() => {
      setImmediate(() => {
        if (settled) return;
        timedOut = true;
        outgoing?.destroy(new Error('timed out'));
      });
    }, req.timeoutMs);
    try {
      outgoing = client.request(url, {
        method: 'POST',
        headers,
        agent: url.protocol === 'https:' ? agents.https : agents.http,
      });
    } catch (err) {
      finish(null, (err as Error).message);
      return;
    }
    outgoing.on('error', (err: NodeJS.ErrnoException) => finish(null, err.code ?? err.message));
    outgoing.on('response', (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept < EXCERPT_BYTES) {
          chunks.push(chunk);
          kept += chunk.length;
        }
      });
      res.on('end', () =>
        finish(
          res.statusCode ?? null,
          null,
          Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8'),
        ),
      );
      res.on('error', (err: NodeJS.ErrnoException) => finish(null, err.code ?? err.message));
      // A connection closed (or timed out) halfway through the answer: no 'end', maybe no 'error'.
      res.on('close', () => finish(null, 'the answer was cut short'));
    });
    outgoing.end(req.body);
  });
  return { done, abort: () => outgoing?.destroy(new Error('delivery stopped')) };
}

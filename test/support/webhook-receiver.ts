import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a test receiver got: the raw bytes as sent, and when (real ms). */
export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json: any;
  at: number;
}

/** How the receiver answers its `n`th request (from 1): a status, or `hang` (never answers). */
export type Answer = (req: Received, n: number) => number | 'hang';

export interface TestReceiver {
  /** `http://127.0.0.1:<port>/hook` */
  url: string;
  received: Received[];
  /** TCP connections accepted so far. */
  readonly connections: number;
  /** Resolves once `count` requests have arrived; rejects after `ms` of real time (15 s: a loaded machine with two test workers is slow, not wrong). */
  waitFor(count: number, ms?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real HTTP receiver on 127.0.0.1 and a free port, for webhook tests. Close it in `finally`:
 * `close()` also ends connections it left hanging.
 */
export async function startTestReceiver(answer: Answer = () => 200): Promise<TestReceiver> {
  const received: Received[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const body = Buffer.concat(chunks);
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        json = undefined;
      }
      const r: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        json,
        at: Date.now(),
      };
      received.push(r);
      for (const w of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      return r;
    };
    req.on('data', (c: Buffer) => chunks.push(c));
    // A sender that gives up (a timed-out attempt) may close before its body is read: on a loaded
    // machine the receiver shares the test's event loop and reads late. It still made an attempt.
    req.on('close', () => {
      if (!req.complete) record();
    });
    req.on('end', () => {
      const r = record();
      if (!r) return;
      const status = answer(r, received.length);
      if (status === 'hang') return;
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(status < 300 ? 'ok' : 'nope');
    });
  });
  let connections = 0;
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    get connections() {
      return connections;
    },
    waitFor(count, ms = 15_000) {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`receiver got ${received.length} of ${count} requests in ${ms} ms`)),
          ms,
        );
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

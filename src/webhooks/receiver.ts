import { createWriteStream, type WriteStream } from 'node:fs';
import { appendFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventValidator } from './event-schema.ts';
import { EVENT_HEADER, SIGNATURE_HEADER, signatureMatches } from './signature.ts';
import { jsonNestingExceeds, MAX_JSON_DEPTH } from '../common/json-depth.ts';
import { clipEcho } from '../domain/errors.ts';

export interface ReceiverOptions {
  host: string;
  port: number;
  /** Checks `X-Whisperer-Signature` when given; a missing or wrong one is answered 401. */
  secret: string | null;
  /** Each new event (by uuid) is appended here as one JSON line. */
  outFile: string | null;
  validate: EventValidator;
  /** One line per delivery received. */
  onLine: (line: string) => void;
  maxBodyBytes?: number;
}

/** What the receiver has seen since it started. */
export interface ReceiverStats {
  received: number;
  accepted: number;
  badSignature: number;
  invalid: number;
  repeats: number;
}

export interface Receiver {
  url: string;
  stats: ReceiverStats;
  close(): Promise<void>;
}

const MAX_BODY = 10 * 1024 * 1024;

/**
 * A webhook receiver for teams and QA (`omnitron-mock receive`), for the mock or a live Omnitron:
 * it checks the signature over the raw bytes (constant time), validates each event against the
 * served schema, prints one line per delivery and appends each new event to an NDJSON file.
 *
 * A bad signature is refused with 401 (the sender is not who it claims, or the secret differs).
 * A schema failure is still answered 200: the finding is printed, but a 4xx would only make
 * Omnitron send the same bytes again nine times — the schema cannot change between attempts.
 */
export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const stats: ReceiverStats = {
    received: 0,
    accepted: 0,
    badSignature: 0,
    invalid: 0,
    repeats: 0,
  };
  const seen = new Map<string, number>();
  const sink = options.outFile === null ? null : eventSink(options.outFile);
  // Every line quotes what a sender wrote (its uuid, event header, payload, a parse error's
  // excerpt), signed or not: one line each, whatever they hold (see `printable`).
  const print = (line: string) => options.onLine(printable(line));
  let writes: Promise<void> = Promise.resolve();
  const limit = options.maxBodyBytes ?? MAX_BODY;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      return answer(res, 200, { detail: 'omnitron-mock receiver: POST webhook events here.' });
    }
    if (req.method !== 'POST')
      return answer(res, 405, { detail: `Method "${req.method}" not allowed.` });
    const body = await readBody(req, limit);
    if (body === null) return answer(res, 413, { detail: `The body is over ${limit} bytes.` });
    stats.received += 1;
    const time = new Date().toISOString();
    const eventHeader = header(req, EVENT_HEADER);
    const signature = header(req, SIGNATURE_HEADER);
    let parsed: unknown;
    let parseError: string | null = null;
    const text = body.toString('utf8');
    // Read as the mock reads a client's JSON (json-depth.ts): nesting 5,000,000 deep took seconds.
    if (jsonNestingExceeds(text)) parseError = `nested more than ${MAX_JSON_DEPTH} levels deep`;
    else {
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        parseError = (err as Error).message;
      }
    }
    const uuid = uuidOf(parsed);
    if (options.secret !== null && !signatureMatches(options.secret, body, signature)) {
      stats.badSignature += 1;
      print(
        `${time}  REJECTED  ${shown(eventHeader ?? '(no event header)')}  ${shown(uuid ?? '-')}  ${signature ? 'bad signature' : 'no signature'} (401)`,
      );
      return answer(res, 401, {
        detail: signature ? 'Invalid signature.' : 'Missing X-Whisperer-Signature.',
      });
    }
    if (parseError !== null) {
      print(
        `${time}  REJECTED  ${shown(eventHeader ?? '(no event header)')}  body is not JSON: ${parseError} (400)`,
      );
      return answer(res, 400, { detail: `JSON parse error - ${parseError}` });
    }
    const findings = options.validate(parsed).map((f) => `${f.path || '/'} ${f.message}`);
    const type = (parsed as { event?: { type?: unknown } })?.event?.type;
    if (eventHeader !== (typeof type === 'string' ? type : undefined))
      findings.push(
        `${EVENT_HEADER} is ${shown(eventHeader ?? 'missing')}, the body says ${shown(type)}`,
      );
    if (findings.length > 0) stats.invalid += 1;
    stats.accepted += 1;
    const times = (uuid !== null ? (seen.get(uuid) ?? 0) : 0) + 1;
    if (uuid !== null) seen.set(uuid, times);
    if (times > 1) stats.repeats += 1;
    const sig =
      options.secret === null ? (signature ? 'signature not checked' : 'unsigned') : 'signature ok';
    const schema =
      findings.length === 0
        ? 'schema ok'
        : `SCHEMA FAILED: ${findings.slice(0, 3).join('; ')}${findings.length > 3 ? `; … (${findings.length} findings)` : ''}`;
    print(
      `${time}  ${shown(type ?? eventHeader ?? '?')}  ${shown(uuid ?? '-')}${times > 1 ? ` (repeat ${times})` : ''}  ${describe(parsed)}  ${sig}  ${schema}`,
    );
    if (sink !== null && times === 1) {
      writes = writes
        .then(() => sink.write(`${JSON.stringify(parsed)}\n`))
        .catch((err: Error) =>
          print(`${time}  could not append to ${sink.file}: ${err.message}`),
        );
      await writes;
    }
    return answer(res, 200, {
      received: true,
      uuid,
      valid: findings.length === 0,
      repeat: times > 1,
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      print(`${new Date().toISOString()}  ERROR  ${err.message}`);
      if (!res.headersSent) answer(res, 500, { detail: 'The receiver failed.' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    stats,
    // Ends open connections too (a sender's keep-alive must not hold the receiver open).
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => writes).then(() => sink?.close()),
  };
}

/** Where `--out` lines go: `write` settles once the line is written, `close` once it is all out. */
interface EventSink {
  readonly file: string;
  write(line: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * `--out`: a regular file (or one not there yet) is opened for each line and closed again, so a
 * file moved away by log rotation is followed — the next event makes a new one. Anything else (a
 * named pipe, a terminal) is opened once, at its first line, and kept until the receiver closes:
 * a pipe's reader (`cat`, `jq`) reads to its end when the last writer closes, so opening it per
 * line ended the reader after one event. Should the kept one fail (its reader went away: `EPIPE`),
 * the line is reported and the next one opens it again.
 */
function eventSink(file: string): EventSink {
  let kept: WriteStream | null = null;
  const drop = (stream: WriteStream) => {
    if (kept === stream) kept = null;
    stream.destroy();
  };
  return {
    file,
    async write(line) {
      if (kept === null) {
        const found = await stat(file).catch(() => null);
        if (found === null || found.isFile()) return appendFile(file, line);
        const stream = createWriteStream(file, { flags: 'a' });
        stream.on('error', () => drop(stream));
        kept = stream;
      }
      const stream = kept;
      await new Promise<void>((resolve, reject) => {
        stream.write(line, (err) => {
          if (!err) return resolve();
          drop(stream);
          reject(err);
        });
      });
    },
    close() {
      const stream = kept;
      kept = null;
      return stream === null ? Promise.resolve() : new Promise<void>((resolve) => stream.end(() => resolve()));
    },
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

/** The whole body, or null past `limit` bytes (the rest is drained, unread). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A value a sender chose, as a line quotes it: clipped to 100 characters (`clipEcho`). */
function shown(value: unknown): string {
  return clipEcho(String(value));
}

function uuidOf(body: unknown): string | null {
  const uuid = (body as { event?: { uuid?: unknown } } | undefined)?.event?.uuid;
  return typeof uuid === 'string' ? uuid : null;
}

/**
 * A line as the terminal should show it: control characters (a line break, an escape sequence that
 * moves the cursor or clears the line) written as `\n`, `\u001b`, so a sender cannot print a line
 * of its own — an unsigned body's uuid of `…\n<time>  cancellation_plan.created  …  signature ok`
 * printed a forged accepted delivery under its REJECTED line; and every value a sender chose is
 * clipped (`shown`), so a 10 MB uuid is not a 10 MB line.
 */
function printable(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The plan in a few words: `plan 2839 (completed, cancel) order 1472672233418128`. */
function describe(body: unknown): string {
  const p = (body as { payload?: Record<string, unknown> } | undefined)?.payload;
  if (!p || typeof p !== 'object') return '(no payload)';
  const order = p.order as { number?: unknown } | undefined;
  return `plan ${shown(p.pk ?? '?')} (${shown(p.status ?? '?')}, ${shown(p.plan_type ?? '?')}) order ${shown(order?.number ?? '?')}`;
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecording, type Recording, type RecordingOptions } from '../src/record/start-recording.ts';

/** A promise with its resolve, for "the target got the first chunk" and "let it finish". */
function signal<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => void setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref())]);
}

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const BIG = 3 * 1024 * 1024;
let finishDownload = signal();
let downloadClosed = signal<boolean>();
let uploadStarted = signal<string>();
let seen: { method?: string; url?: string; headers?: IncomingHttpHeaders; rawHeaders?: string[]; bytes?: number; sha?: string } = {};

function startTarget(): Promise<Server> {
  const server = createServer((req, res) => {
    seen = { method: req.method, url: req.url, headers: req.headers, rawHeaders: req.rawHeaders };
    if (req.url === '/api/stream-down/') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('first-chunk\n');
      res.on('close', () => downloadClosed.resolve(res.writableFinished));
      void finishDownload.promise.then(() => res.end('the rest\n'));
      return;
    }
    if (req.url === '/api/big/') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(BIG) });
      res.end(Buffer.alloc(BIG, 7));
      return;
    }
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (c: Buffer) => {
      if (bytes === 0) uploadStarted.resolve(c.toString());
      bytes += c.length;
      hash.update(c);
    });
    req.on('end', () => {
      seen.bytes = bytes;
      seen.sha = hash.digest('hex');
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Resp-Hop': 'gone', Connection: 'X-Resp-Hop', 'X-End-To-End': 'kept' });
      res.end(JSON.stringify({ ok: true, bytes }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface Answer { status: number; headers: IncomingHttpHeaders; body: Buffer }
function collect(res: IncomingMessage): Promise<Answer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    res.on('error', reject);
  });
}

function send(url: string, options: { method?: string; headers?: Record<string, string> | string[]; body?: Buffer | string } = {}): Promise<Answer> {
  return within(new Promise<Answer>((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => collect(res).then(resolve, reject));
    req.on('error', reject);
    req.end(options.body);
  }), 10_000, url);
}

let target: Server;
let targetUrl: string;
let recording: Recording;
let dir: string;
const lines: string[] = [];
const options = (o: Partial<RecordingOptions> = {}): RecordingOptions => ({
  target: new URL(targetUrl), outDir: dir, port: 0, gapMs: 60_000, maxSteps: 100, groupBy: 'token', pathPrefix: '/api/',
  keepHeaders: [], maxBodyBytes: 64 * 1024, timeoutMs: 5000, onLine: (l) => lines.push(l), ...o,
});

beforeAll(async () => {
  target = await startTarget();
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'record-proxy-'));
  recording = await startRecording(options());
});

afterAll(async () => {
  await recording?.stop();
  await new Promise((r) => target?.close(r));
  target?.closeAllConnections();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the recording proxy', () => {
  it('streams an answer: the client reads the first chunk before the target has finished', async () => {
    finishDownload = signal();
    const answer = await within(new Promise<Answer>((resolve, reject) => {
      const req = request(`${recording.url}/api/stream-down/`, (res) => {
        res.once('data', (first: Buffer) => {
          expect(first.toString()).toBe('first-chunk\n');
          finishDownload.resolve();
        });
        collect(res).then((a) => resolve({ ...a, body: Buffer.concat([Buffer.from('first-chunk\n'), a.body]) }), reject);
      });
      req.on('error', reject);
      req.end();
    }), 5000, 'the first chunk of a held answer');
    expect(answer.body.toString()).toContain('the rest');
  });

  it('streams a request body: the target reads the first part before the client has sent the rest', async () => {
    uploadStarted = signal<string>();
    const answer = await within(new Promise<Answer>((resolve, reject) => {
      const req = request(`${recording.url}/api/upload/`, { method: 'POST', headers: { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' } }, (res) => collect(res).then(resolve, reject));
      req.on('error', reject);
      req.write('part one;');
      void uploadStarted.promise.then((first) => {
        expect(first).toBe('part one;');
        req.end('part two');
      });
    }), 5000, 'the first part of a held upload');
    expect(JSON.parse(answer.body.toString())).toEqual({ ok: true, bytes: 17 });
  });

  it('stops asking the target when the client goes away, and goes on serving', async () => {
    finishDownload = signal();
    downloadClosed = signal<boolean>();
    await within(new Promise<void>((resolve) => {
      const req = request(`${recording.url}/api/stream-down/`, (res) => res.once('data', () => {
        req.destroy();
        resolve();
      }));
      req.on('error', () => undefined);
      req.end();
    }), 5000, 'the first chunk');
    // The target's answer is cut before it has finished: the proxy hung up on it.
    expect(await within(downloadClosed.promise, 5000, 'the target to be hung up on')).toBe(false);
    finishDownload.resolve();
    expect((await send(`${recording.url}/api/echo/`)).status).toBe(200);
    await until(() => lines.some((l) => l.startsWith('PASS  GET /api/stream-down/ → 200  (cut short')), 'the line for the cut exchange');
  });

  it('forwards any method and the query string byte for byte', async () => {
    const query = '?b=2&a=1&a=3&x=%2F+y&flag&empty=&%C3%A7=%C3%A7';
    for (const method of ['PURGE', 'PATCH', 'DELETE', 'HEAD']) {
      const res = await send(`${recording.url}/api/echo/${query}`, { method });
      expect(res.status, method).toBe(200);
      expect(seen.method).toBe(method);
      expect(seen.url).toBe(`/api/echo/${query}`);
    }
    expect(lines.some((l) => l.startsWith('PASS  PURGE /api/echo/?… → 200  (not recorded)'))).toBe(true);
    expect(lines.some((l) => l.startsWith('REC ') && l.includes('PATCH /api/echo/?b=2&a=3&x=/ y&flag=&empty=&ç=ç → 200'))).toBe(true);
  });

  it('drops hop-by-hop headers both ways, names the target as Host, keeps end-to-end headers', async () => {
    const res = await send(`${recording.url}/api/hops/`, {
      // A raw header list: Node adds no Host of its own then.
      headers: ['Host', new URL(recording.url).host, 'Connection', 'keep-alive, X-Hop', 'X-Hop', '1', 'Keep-Alive', 'timeout=5', 'Proxy-Authorization', 'Basic eHl6', 'TE', 'trailers',
        'X-Record-Session', 'mine', 'X-Twice', 'a', 'X-Twice', 'b', 'X-End', 'yes'],
    });
    const names = seen.rawHeaders!.filter((_, i) => i % 2 === 0).map((h) => h.toLowerCase());
    for (const hop of ['x-hop', 'keep-alive', 'proxy-authorization', 'te', 'x-record-session']) expect(names, hop).not.toContain(hop);
    expect(seen.headers!.host).toBe(new URL(targetUrl).host);
    expect(seen.headers!['x-end']).toBe('yes');
    expect(seen.rawHeaders!.filter((_, i) => i % 2 === 1 && seen.rawHeaders![i - 1] === 'X-Twice')).toEqual(['a', 'b']);
    expect(res.headers['x-resp-hop']).toBeUndefined();
    expect(res.headers['x-end-to-end']).toBe('kept');
  });

  it('passes bodies larger than it records, whole, and says what it left out', async () => {
    const down = await send(`${recording.url}/api/big/`);
    expect(down.body.length).toBe(BIG);
    expect(down.body.every((b) => b === 7)).toBe(true);
    const upload = Buffer.alloc(2 * 1024 * 1024, 'x');
    const up = await send(`${recording.url}/api/upload/`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: upload });
    expect(JSON.parse(up.body.toString())).toEqual({ ok: true, bytes: upload.length });
    expect(seen.sha).toBe(createHash('sha256').update(upload).digest('hex'));
    expect(lines.some((l) => l.includes(`body of ${upload.length} bytes is over --max-body: not recorded`))).toBe(true);
  });

  it('keeps a target path prefix, and records only paths under --paths', async () => {
    const out = mkdtempSync(join(tmpdir(), 'record-prefix-'));
    const prefixed = await startRecording(options({ target: new URL(`${targetUrl}/prefix/`), outDir: out }));
    try {
      await send(`${prefixed.url}/api/echo/?q=1`);
      expect(seen.url).toBe('/prefix/api/echo/?q=1');
      await send(`${prefixed.url}/favicon.ico`);
      expect(seen.url).toBe('/prefix/favicon.ico');
    } finally {
      await prefixed.stop();
      rmSync(out, { recursive: true, force: true });
    }
    expect(lines).toContain('PASS  GET /favicon.ico → 200  (not recorded)');
  });

  it('answers 502 when the target cannot be reached, and records nothing', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const out = mkdtempSync(join(tmpdir(), 'record-502-'));
    const broken = await startRecording(options({ target: new URL(`http://127.0.0.1:${port}`), outDir: out }));
    try {
      const res = await send(`${broken.url}/api/v1/cancellation_plans/`);
      expect(res.status).toBe(502);
      expect(res.body.toString()).toContain('the target failed');
    } finally {
      expect(await broken.stop()).toEqual([]);
      expect(readdirSync(out)).toEqual([]);
      rmSync(out, { recursive: true, force: true });
    }
    expect(lines.some((l) => /^PASS {2}GET \/api\/v1\/cancellation_plans\/ → — {2}\(the target failed: .*ECONNREFUSED.*; answered 502\)$/.test(l))).toBe(true);
  });

  it('writes what it recorded when it stops', async () => {
    const before = readdirSync(dir).length;
    const written = await recording.stop();
    // The session the hop-by-hop test named, and the rest.
    expect(written.map((w) => w.file).sort()).toEqual([expect.stringMatching(/-001-anonymous\.json$/), expect.stringMatching(/-002-mine\.json$/)]);
    expect(readdirSync(dir)).toHaveLength(before + 2);
    const steps = written.flatMap((w) => JSON.parse(readFileSync(w.file, 'utf8')).steps);
    expect(steps.map((s: { request: { method: string; path: string } }) => `${s.request.method} ${s.request.path}`)).toContain('GET /api/stream-down/');
    const uploads = steps.filter((s: { request: { path: string; rawBody?: string } }) => s.request.path === '/api/upload/');
    expect(uploads[0].request.rawBody).toBe('part one;part two');
    expect(uploads[1].request.rawBody).toBeUndefined();
  });
});

// One request handed to a checkout's listener as node:http hands it over, in this process: a real
// `IncomingMessage` and `ServerResponse` on a socket that drops what is written (front-door-inprocess.ts;
// COLD=KiB walks a buffer before each request, as that bench's header says).
import { fstatSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Duplex } from 'node:stream';
import { AUTH } from './calls.mjs';

export const WIDGETS = '/api/v1/widgets/';
export type Listener = (incoming: IncomingMessage, outgoing: ServerResponse) => Promise<unknown> | unknown;

/** A socket that takes whatever the response writes and drops it. */
class Sink extends Duplex {
  override _write(_c: unknown, _e: unknown, cb: () => void): void { cb(); }
  override _writev(_c: unknown, cb: () => void): void { cb(); }
  override _read(): void {}
}
const sink = new Sink();
const RAW = ['Host', 'localhost:4010', 'Authorization', AUTH.Authorization, 'Connection', 'keep-alive', 'User-Agent', 'autocannon'];

let sent = 0;
const COLD_BYTES = Number(process.env.COLD ?? 0) * 1024;
const cold = new Uint8Array(COLD_BYTES);
/** Writes one byte in every cache line of `cold` (COLD=KiB): evicts what the last request left cached. */
function chill(): void {
  for (let i = 0; i < COLD_BYTES; i += 64) cold[i] = (cold[i]! + 1) & 0xff;
}
/**
 * SYSCALLS=n: n `fstat`s before each request — kernel entries as a socket's `read` and `writev` make
 * them, with what they cost the caches and, on a host that flushes page tables on every kernel entry
 * (PTI without PCID, as this box), the TLB; a loop of requests in one process makes none.
 */
const SYSCALLS = Number(process.env.SYSCALLS ?? 0);
function enterKernel(): void {
  for (let i = 0; i < SYSCALLS; i += 1) fstatSync(1);
}
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One GET through `listener`, as node:http would hand it over. Every 50th first lets the event
 * loop turn: a server meets each request in a task of its own, and the response's `finish` and
 * `close` work waits in `process.nextTick`, which a loop of awaits alone never lets run (60,000
 * requests then hold ~200 MB, and the collector's figures are the harness's).
 */
export async function get(listener: Listener, path: string): Promise<number> {
  if (++sent % 50 === 0) await turn();
  if (COLD_BYTES > 0) chill();
  if (SYSCALLS > 0) enterKernel();
  const incoming = new IncomingMessage(sink as never);
  incoming.method = 'GET';
  incoming.url = path;
  incoming.httpVersionMajor = 1;
  incoming.httpVersionMinor = 1;
  incoming.httpVersion = '1.1';
  incoming.rawHeaders = RAW;
  incoming.headers = { host: 'localhost:4010', authorization: AUTH.Authorization, connection: 'keep-alive', 'user-agent': 'autocannon' };
  // `PATCH <path>`: a request PATCH of the description (the request rows' write), or a widget's
  // note (the engine rows' write), body in the message.
  if (path.startsWith('PATCH ')) {
    const body = path.includes(WIDGETS) ? `{"note":"bench note ${sent}"}` : `{"description":"bench note ${sent}"}`;
    incoming.method = 'PATCH';
    incoming.url = path.slice(6);
    incoming.rawHeaders = [...RAW, 'Content-Type', 'application/json', 'Content-Length', String(body.length)];
    incoming.headers = { ...incoming.headers, 'content-type': 'application/json', 'content-length': String(body.length) };
    incoming.push(body);
    incoming.push(null);
  }
  // Node sets it once the parser has read the whole message; these are whole from the start.
  incoming.complete = true;
  const outgoing = new ServerResponse(incoming);
  outgoing.assignSocket(sink as never);
  await listener(incoming, outgoing);
  outgoing.detachSocket(sink as never);
  return outgoing.statusCode;
}


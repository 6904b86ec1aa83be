import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventValidator, type EventValidator } from '../src/webhooks/event-schema.ts';
import { pythonJsonDumps } from '../src/webhooks/python-json.ts';
import { startReceiver } from '../src/webhooks/receiver.ts';
import { sharedSpecs } from './support/test-mock.ts';
import { vendorEvent } from './support/vendor-event.ts';

/**
 * `receive --out` a named pipe: a reader such as `cat` reads every new event, one line each, until
 * the receiver closes. Opened once per event, the pipe's writer went away after the first, `cat`
 * ended there, and the next event waited for a reader that never came.
 */
let dir: string;
let validate: EventValidator;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'omnitron-receive-fifo-'));
  validate = createEventValidator((await sharedSpecs()).specs);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `pending`, or a rejection naming `what` after `ms`: a hang fails here, not at the suite's timeout. */
function within<T>(pending: Promise<T>, ms: number, what: string): Promise<T> {
  let timer!: NodeJS.Timeout;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  return Promise.race([pending, late]).finally(() => clearTimeout(timer));
}

describe('receive --out a named pipe', () => {
  it('keeps the pipe open: a reader gets every new event, and its end when the receiver closes', async () => {
    const fifo = join(dir, 'events.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let read = '';
    reader.stdout.on('data', (d) => (read += d));
    const ended = new Promise<number | null>((resolve) => reader.once('exit', resolve));
    const receiver = await startReceiver({ host: '127.0.0.1', port: 0, secret: null, outFile: fifo, validate, onLine: () => {} });
    const events = [1, 2, 3].map((n) => {
      const event = vendorEvent();
      event.event.uuid = `${event.event.uuid.slice(0, -1)}${n}`;
      return event;
    });
    try {
      for (const [i, event] of events.entries()) {
        const res = await within(
          fetch(receiver.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Whisperer-Event': 'cancellation_plan.created' }, body: pythonJsonDumps(event) }),
          5_000,
          `event ${i + 1}`,
        );
        expect(res.status).toBe(200);
      }
      await within(receiver.close(), 5_000, 'closing the receiver');
      expect(await within(ended, 5_000, 'cat reaching the end of the pipe')).toBe(0);
      expect(read.split('\n').filter(Boolean).map((l) => JSON.parse(l).event.uuid)).toEqual(events.map((e) => e.event.uuid));
    } finally {
      // A writer still waiting for a reader (the old behaviour) is let go, so nothing is left hanging.
      try {
        closeSync(openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK));
      } catch {
        // Gone already.
      }
      reader.kill();
      await receiver.close().catch(() => {});
    }
  }, 30_000);
});

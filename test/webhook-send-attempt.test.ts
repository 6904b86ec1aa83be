import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { sendAttempt } from '../src/webhooks/send-attempt.ts';

/**
 * A receiver on its own thread that answers 200 once this thread says it is held, so the answer
 * arrives while this event loop cannot read it: flag[0] is 1 once the request is in, 2 once the
 * answer is written; flag[1] is 1 once this thread holds.
 */
const RECEIVER = `
const { workerData: flag, parentPort } = require('node:worker_threads');
const server = require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    Atomics.wait(flag, 1, 0, 5000);
    res.end('ok', () => {
      Atomics.store(flag, 0, 2);
      Atomics.notify(flag, 0);
    });
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

describe('an attempt', () => {
  it('whose answer came in time is delivered, even when this process was held past the timeout before reading it', async () => {
    const flag = new Int32Array(new SharedArrayBuffer(8));
    const worker = new Worker(RECEIVER, { eval: true, workerData: flag });
    try {
      const [port] = (await once(worker, 'message')) as [number];
      const started = performance.now();
      const attempt = sendAttempt({
        url: `http://127.0.0.1:${port}/hook`,
        headers: { 'Content-Type': 'application/json' },
        body: Buffer.from('{}'),
        timeoutMs: 1000,
      });
      // Once the request is in, this thread holds (a collection, a long slice, a descheduled
      // process) until the answer is written and the timeout has passed: the timer then comes
      // due in the same turn of the event loop as the answer is there to be read.
      // Every wait is bounded (5 s), so a request that never reaches the receiver fails here.
      await new Promise<void>((resolve, reject) => {
        const look = () => {
          if (Atomics.load(flag, 0) === 0) {
            if (performance.now() - started > 5000) return void reject(new Error('the receiver never had the request'));
            return void setImmediate(look);
          }
          Atomics.store(flag, 1, 1);
          Atomics.notify(flag, 1);
          if (Atomics.wait(flag, 0, 1, 5000) === 'timed-out') return void reject(new Error('the receiver never answered'));
          const left = 1100 - (performance.now() - started);
          if (left > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, left);
          resolve();
        };
        look();
      });
      const outcome = await attempt.done;
      expect(outcome).toMatchObject({ status: 200, error: null, responseExcerpt: 'ok' });
    } finally {
      await worker.terminate();
    }
  });
});

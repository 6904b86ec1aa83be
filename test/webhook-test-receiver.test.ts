import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startTestReceiver } from './support/webhook-receiver.ts';

/**
 * The webhook tests' receiver counts an attempt the sender gave up on before its body was read
 * (a timed-out delivery on a loaded machine, where the receiver shares the test's event loop):
 * without that, a test waiting for the attempt waited its whole 15 s and failed.
 */
describe('the test receiver', () => {
  it('counts a request its sender closed before the body was all sent', async () => {
    const receiver = await startTestReceiver(() => 'hang');
    try {
      const req = request(receiver.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': '100' },
      });
      req.on('error', () => {});
      // Closed once the start of the body is handed to the kernel, not after a timer: a loop held
      // past a timer would close before the socket even connected, and nothing would arrive.
      req.write('{"event":', () => req.destroy());
      await receiver.waitFor(1, 5_000);
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]!.json).toBeUndefined();
    } finally {
      await receiver.close();
    }
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { rig, until, type Rig } from './support/webhook-rig.ts';

/**
 * A subscription's countdown is the client's number (`{"choice": "fixed", "kwargs": {"seconds":
 * 10000000000000}}` is a valid integer). The delivery log's `next_attempt_at` of a retry that far
 * ahead was past what a date can hold, and writing it threw inside the delivery's settle: the
 * process died on the first failed attempt, so any API client could stop a shared mock with one
 * subscription to a closed port and one approval. A wait past year 9999 shows as its last instant.
 */
let r: Rig;
beforeAll(async () => {
  r = await rig();
});
afterAll(() => r.close());

it('keeps serving when a retry is due past year 9999, and logs the retry at the last instant', async () => {
  await r.subscribe({ target_url: 'http://127.0.0.1:9/closed', retry_countdown_config: { choice: 'fixed', kwargs: { seconds: 10_000_000_000_000 } } });
  await r.approve();
  let record: any;
  await until(async () => {
    record = (await r.deliveries()).results[0];
    return record?.state === 'retrying';
  }, 'the first attempt failed and a retry is waiting');
  expect(record.attempts).toHaveLength(1);
  expect(record.next_attempt_at).toBe('9999-12-31T23:59:59.999000Z');
  expect((await r.mock.request('/__mock/health')).status).toBe(200);
});

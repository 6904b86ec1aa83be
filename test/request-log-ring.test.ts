import { describe, expect, it } from 'vitest';
import { RequestLog, type LoggedRequest } from '../src/http/request-log.ts';

/**
 * The request log's ring is kept in columns (issue 26); what `GET /__mock/requests` answers from it
 * must be what a list of entry objects gave: newest first, every field, keys in the documented
 * order, times written as ISO, numbering that goes on across a clear.
 */

const entry = (i: number, extra: Partial<LoggedRequest> = {}) => ({
  time: Date.UTC(2026, 2, 4, 10, 0, i),
  method: i % 2 === 0 ? 'GET' : 'PATCH',
  path: `/api/v1/cancellation_requests/${i}/?limit=${i}`,
  status: i % 3 === 0 ? 404 : 200,
  duration_ms: i / 10,
  operation_id: i % 3 === 0 ? null : `op${i}`,
  session: i % 4 === 0 ? `s${i}` : null,
  fault: i === 7 ? 'injected' : null,
  ...extra,
});

describe('the request log ring', () => {
  it('answers the last entries newest first, every field in order, across wraps and a clear', () => {
    const log = new RequestLog(4);
    for (let i = 1; i <= 4; i += 1) log.add(entry(i));
    // Read once (times written out), then overwritten by newer entries.
    expect(log.query({ limit: 10 }).results.map((r) => r.seq)).toEqual([4, 3, 2, 1]);
    for (let i = 5; i <= 6; i += 1) log.add(entry(i));
    const { count, results } = log.query({ limit: 10 });
    expect(count).toBe(4);
    expect(results.map((r) => JSON.stringify(r))).toEqual(
      [6, 5, 4, 3].map((i) => {
        const { time, ...rest } = entry(i);
        return JSON.stringify({ seq: i, time: new Date(time).toISOString(), ...rest });
      }),
    );
    expect(log.query({ limit: 2, operation: 'op5' }).results.map((r) => r.seq)).toEqual([5]);
    expect(log.query({ limit: 10, session: 's4' })).toEqual({ count: 1, results: [expect.objectContaining({ seq: 4, path: entry(4).path })] });

    log.clear();
    expect(log.query({ limit: 10 })).toEqual({ count: 0, results: [] });
    log.add(entry(7, { time: '2026-03-04T10:00:07.000Z' }));
    log.add(entry(8));
    const after = log.query({ limit: 10 }).results;
    expect(after.map((r) => [r.seq, r.time, r.fault])).toEqual([
      [8, '2026-03-04T10:00:08.000Z', null],
      [7, '2026-03-04T10:00:07.000Z', 'injected'],
    ]);
  });
});

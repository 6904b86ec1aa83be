/**
 * The last N API requests, so an E2E test can assert "the app called reject once"
 * (`GET /__mock/requests?operation=rejectCancellationRequest`). A fixed-size ring: memory stays
 * bounded however long the mock runs. Admin calls (`/__mock/…`) are not recorded — they would
 * crowd out what the test is asking about.
 */
export interface LoggedRequest {
  /** Increases by one per recorded request, from 1; tells a test which came first. */
  seq: number;
  /** When the request arrived, in real time (a moved mock clock does not reorder the log). */
  time: string;
  method: string;
  /** Path and query as sent. */
  path: string;
  status: number;
  duration_ms: number;
  /** The served operation it matched; null for an unrouted answer (404, 405, 301). */
  operation_id: string | null;
  /** The `X-Mock-Session` it ran in; null for the shared state. */
  session: string | null;
  /** `X-Mock-Fault` of the answer (`injected`, `latency`), or null. */
  fault: string | null;
}

export const DEFAULT_REQUEST_LOG_SIZE = 1000;

export interface RequestQuery {
  operation?: string;
  session?: string;
  limit: number;
}

/**
 * What `add` takes: `time` as the ISO string, or as milliseconds since the epoch, written out as
 * ISO only when the entry is read (most logged requests are never read; formatting a date costs
 * about as much as the rest of the entry).
 */
export type NewLoggedRequest = Omit<LoggedRequest, 'seq' | 'time'> & { time: string | number };

type Stored = Omit<LoggedRequest, 'time'> & { time: string | number };

export class RequestLog {
  readonly #ring: Array<Stored | undefined>;
  #next = 0;
  #seq = 0;

  constructor(readonly capacity = DEFAULT_REQUEST_LOG_SIZE) {
    this.#ring = new Array<Stored | undefined>(capacity);
  }

  add(entry: NewLoggedRequest): void {
    this.#seq += 1;
    this.#ring[this.#next] = {
      seq: this.#seq,
      time: entry.time,
      method: entry.method,
      path: entry.path,
      status: entry.status,
      duration_ms: entry.duration_ms,
      operation_id: entry.operation_id,
      session: entry.session,
      fault: entry.fault,
    };
    this.#next = (this.#next + 1) % this.capacity;
  }

  /** Newest first; `count` is how many in the ring match, `results` at most `limit` of them. */
  query(q: RequestQuery): { count: number; results: LoggedRequest[] } {
    const results: LoggedRequest[] = [];
    let count = 0;
    for (let i = 1; i <= this.capacity; i += 1) {
      const at = (this.#next - i + this.capacity) % this.capacity;
      const entry = this.#ring[at];
      if (!entry) break;
      if (q.operation !== undefined && entry.operation_id !== q.operation) continue;
      if (q.session !== undefined && entry.session !== q.session) continue;
      count += 1;
      if (results.length < q.limit) results.push(this.#written(at, entry));
    }
    return { count, results };
  }

  /** The entry with its time as ISO, kept so (the ring is this log's own, never a caller's). */
  #written(at: number, entry: Stored): LoggedRequest {
    if (typeof entry.time === 'string') return entry as LoggedRequest;
    const written = { ...entry, time: new Date(entry.time).toISOString() };
    this.#ring[at] = written;
    return written;
  }

  clear(): void {
    this.#ring.fill(undefined);
    this.#next = 0;
  }
}

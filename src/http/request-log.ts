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

/**
 * The ring is kept in columns, not as one object per request: an entry lives for the next
 * `capacity` requests, long enough to be promoted to V8's old space, so an object per request was
 * old-space garbage per request — ~2 µs of a plain read's work with its collections (issue 26).
 * Numbers go in typed arrays; the strings a request brings (its path) are all that is kept of it.
 */
export class RequestLog {
  readonly #timeMs: Float64Array;
  /** The entry's time as text: given so, or written once read; undefined until then. */
  readonly #timeText: Array<string | undefined>;
  readonly #status: Uint16Array;
  readonly #duration: Float64Array;
  readonly #method: Array<string | undefined>;
  readonly #path: Array<string | undefined>;
  readonly #operation: Array<string | null>;
  readonly #session: Array<string | null>;
  readonly #fault: Array<string | null>;
  #next = 0;
  #size = 0;
  #count = 0;

  constructor(readonly capacity = DEFAULT_REQUEST_LOG_SIZE) {
    this.#timeMs = new Float64Array(capacity);
    this.#timeText = new Array<string | undefined>(capacity).fill(undefined);
    this.#status = new Uint16Array(capacity);
    this.#duration = new Float64Array(capacity);
    this.#method = new Array<string | undefined>(capacity).fill(undefined);
    this.#path = new Array<string | undefined>(capacity).fill(undefined);
    this.#operation = new Array<string | null>(capacity).fill(null);
    this.#session = new Array<string | null>(capacity).fill(null);
    this.#fault = new Array<string | null>(capacity).fill(null);
  }

  add(entry: NewLoggedRequest): void {
    this.record(entry.time, entry.method, entry.path, entry.status, entry.duration_ms, entry.operation_id, entry.session, entry.fault);
  }

  /** `add`, field by field: the request log middleware's form, which builds no entry object per request. */
  record(time: string | number, method: string, path: string, status: number, durationMs: number, operationId: string | null, session: string | null, fault: string | null): void {
    const at = this.#next;
    this.#count += 1;
    if (typeof time === 'number') {
      this.#timeMs[at] = time;
      this.#timeText[at] = undefined;
    } else {
      this.#timeText[at] = time;
    }
    this.#method[at] = method;
    this.#path[at] = path;
    this.#status[at] = status;
    this.#duration[at] = durationMs;
    this.#operation[at] = operationId;
    this.#session[at] = session;
    this.#fault[at] = fault;
    this.#next = (at + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size += 1;
  }

  /** Newest first; `count` is how many in the ring match, `results` at most `limit` of them. */
  query(q: RequestQuery): { count: number; results: LoggedRequest[] } {
    const results: LoggedRequest[] = [];
    let count = 0;
    for (let i = 1; i <= this.#size; i += 1) {
      const at = (this.#next - i + this.capacity) % this.capacity;
      if (q.operation !== undefined && this.#operation[at] !== q.operation) continue;
      if (q.session !== undefined && this.#session[at] !== q.session) continue;
      count += 1;
      // Entries are numbered as added, and the ring holds the newest `#size` of them.
      if (results.length < q.limit) results.push(this.#entry(at, this.#count - i + 1));
    }
    return { count, results };
  }

  /** The entry at `at`, numbered `seq`, its time written as ISO once (and kept so). */
  #entry(at: number, seq: number): LoggedRequest {
    let time = this.#timeText[at];
    if (time === undefined) {
      time = new Date(this.#timeMs[at]!).toISOString();
      this.#timeText[at] = time;
    }
    return {
      seq,
      time,
      method: this.#method[at]!,
      path: this.#path[at]!,
      status: this.#status[at]!,
      duration_ms: this.#duration[at]!,
      operation_id: this.#operation[at]!,
      session: this.#session[at]!,
      fault: this.#fault[at]!,
    };
  }

  clear(): void {
    this.#method.fill(undefined);
    this.#path.fill(undefined);
    this.#timeText.fill(undefined);
    this.#operation.fill(null);
    this.#session.fill(null);
    this.#fault.fill(null);
    this.#next = 0;
    this.#size = 0;
  }
}

/**
 * The last N API requests, so an E2E test can assert "the app called reject once"
 * (`GET /__mock/requests?operation=rejectCancellationRequest`). A fixed-size ring: memory stays
 * bounded however long the mock runs. Admin calls (`/__mock/…`) are not recorded — they would
 * crowd out what the test is asking about.
 */
export interface LoggedRequest {
  /** Increases by one per recorded request, from 1; tells a test which came first. */
  seq: number;
  /** When the request arrived (the mock's clock, so a moved clock shows here too). */
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

export class RequestLog {
  readonly #ring: Array<LoggedRequest | undefined>;
  #next = 0;
  #seq = 0;

  constructor(readonly capacity = DEFAULT_REQUEST_LOG_SIZE) {
    this.#ring = new Array<LoggedRequest | undefined>(capacity);
  }

  add(entry: Omit<LoggedRequest, 'seq'>): void {
    this.#seq += 1;
    this.#ring[this.#next] = { seq: this.#seq, ...entry };
    this.#next = (this.#next + 1) % this.capacity;
  }

  /** Newest first; `count` is how many in the ring match, `results` at most `limit` of them. */
  query(q: RequestQuery): { count: number; results: LoggedRequest[] } {
    const results: LoggedRequest[] = [];
    let count = 0;
    for (let i = 1; i <= this.capacity; i += 1) {
      const entry = this.#ring[(this.#next - i + this.capacity) % this.capacity];
      if (!entry) break;
      if (q.operation !== undefined && entry.operation_id !== q.operation) continue;
      if (q.session !== undefined && entry.session !== q.session) continue;
      count += 1;
      if (results.length < q.limit) results.push(entry);
    }
    return { count, results };
  }

  clear(): void {
    this.#ring.fill(undefined);
    this.#next = 0;
  }
}

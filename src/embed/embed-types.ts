import type { components, operations } from './admin-api.d.ts';
import type { schemas } from '../types/index.d.ts';

/**
 * The public types of the in-process mock (`import { createMock } from 'omnitron-mock'`). They
 * name only the served and admin documents' generated types, never a module of the mock itself,
 * so what a user compiles against is the wire contract, not our internals.
 */

/** What `createMock` is told; each field is the CLI's flag of the same name (README "Configuration"). */
export interface CreateMockOptions {
  /** The faker seed (default 1): the same seed gives byte-identical reads from a fresh mock. */
  seed?: number;
  /** How many cancellation plans are seeded (default 300; tests usually want fewer). */
  size?: number;
  /** The full-access API token, `Authorization: Token <token>` (default `omnitron-mock-token`). */
  token?: string;
  /** A token that reads everything and may not mutate; none by default. */
  readonlyToken?: string | null;
  /** Refuse unknown query parameters and answer 500 for any response that fails the spec self-check. */
  strict?: boolean;
  /** A directory of served OpenAPI documents in place of the package's `specs/`. */
  specs?: string;
  /**
   * `--spec`: more OpenAPI documents (file paths) served beside the directory's, by the resource
   * engine where no domain handler answers (README "Serve more of Omnitron"). Not in the browser build.
   */
  spec?: readonly string[];
  /**
   * `MOCK_DATASET`: a dataset of the package's `seeds/` by name (`'demo'`), or a file path, loaded
   * on top of the seed (`size: 0` for the dataset alone). Not in the browser build (no files).
   */
  dataset?: string;
  /** `LOG_LEVEL`: the in-process mock logs nothing unless told (default `silent`). */
  logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug';
}

type Json<Op extends keyof operations, Status extends number> = operations[Op] extends {
  responses: infer R;
}
  ? Status extends keyof R
    ? R[Status] extends { content: { 'application/json': infer B } }
      ? B
      : never
    : never
  : never;

type Body<Op extends keyof operations> = operations[Op] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type ResetResult = Json<'resetMockState', 200>;
export type ReseedResult = Json<'reseedMockState', 200>;
export type ImportResult = Json<'importMockState', 200>;
export type ClockState = Json<'getMockClock', 200>;
export type FaultRule = components['schemas']['FaultRule'];
/** A fault rule to add: the admin API's `POST /__mock/faults` body (README "Faults"). */
export type FaultRuleInput = Omit<Body<'createMockFault'>, never>;
/** A fixture to create: `{kind: 'order' | 'plan' | 'request', ...}` as `POST /__mock/fixtures` takes it. */
export type FixtureInput = Body<'createMockFixture'> & Record<string, unknown>;
export type FixtureResult = Json<'createMockFixture', 201>;

/** `cancellation_plan.created` as the webhook sends it: the plan as its retrieve answers it. */
export interface PlanCreatedEvent {
  event: { type: 'cancellation_plan.created'; uuid: string };
  payload: schemas['CancellationPlan'];
}

/** The admin operations of one state: the shared one, or a session's. */
export interface MockControls {
  /** Back to the seeded state (a session: back to the seed too, its name kept). */
  reset(): Promise<ResetResult>;
  faults: {
    /** Adds a rule; it fires on matching API requests of this state. */
    add(rule: FaultRuleInput): Promise<FaultRule>;
    /** A session's own rules; on the mock itself, every rule (shared and of every session). */
    list(): Promise<FaultRule[]>;
    /** Removes every rule of this state. */
    clear(): Promise<void>;
    remove(id: number): Promise<void>;
  };
  fixtures: {
    /** Objects in a given state, made through the domain rules (README "Fixtures"). */
    create(input: FixtureInput): Promise<FixtureResult>;
  };
  state: {
    /** The state as NDJSON (the state file's format). */
    export(): Promise<string>;
    /** Replaces the state with an NDJSON document `export()` gave. */
    import(ndjson: string): Promise<ImportResult>;
  };
}

/** A named session: its own copy-on-write state, reached with `X-Mock-Session: <name>`. */
export interface MockSession extends MockControls {
  readonly name: string;
  /** `fetch` with `X-Mock-Session` set: reads and writes touch this session only. */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** Drops the session (its next use starts again from the seed). */
  delete(): Promise<void>;
}

/** The in-process mock: the whole mock, answering `Request`s, with no port and no process. */
export interface OmnitronMock extends MockControls {
  /**
   * Answers a request as the server would (any origin: only the path and query count). A
   * relative path is taken as `http://localhost<path>`.
   */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** A named session; created on its first request. */
  session(name: string): MockSession;
  /** Reseeds the shared state (sessions are dropped). */
  reseed(seed: number, size: number): Promise<ReseedResult>;
  clock: {
    get(): Promise<ClockState>;
    /** Moves the clock to an instant (ISO 8601 text or a Date). */
    set(now: string | Date): Promise<ClockState>;
    /** Moves the clock on by an ISO 8601 duration (`PT24H`) or a number of seconds. */
    advance(by: string | number): Promise<ClockState>;
    /** Back to real time. */
    reset(): Promise<ClockState>;
  };
  /**
   * Listens to `cancellation_plan.created` (an approval, a plan fixture), as a webhook receiver
   * would; answers the function that stops listening.
   */
  on(type: 'cancellation_plan.created', listener: (event: PlanCreatedEvent) => void): () => void;
  /** Stops webhook delivery and timers; the mock answers nothing useful afterwards. */
  close(): Promise<void>;
}

/** A non-2xx answer of an admin operation: its status and DRF body. */
export class MockAdminError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(operation: string, status: number, body: unknown) {
    super(`${operation} answered ${status}: ${JSON.stringify(body)}`);
    this.name = 'MockAdminError';
    this.status = status;
    this.body = body;
  }
}

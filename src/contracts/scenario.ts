/**
 * The scenario format: one JSON file per case in `contracts/` (documented in
 * `contracts/README.md`). A scenario is an ordered list of steps that replays the same way
 * against the mock and a live target; values read from one answer (`capture`) feed later
 * requests as `{{name}}`, so stateful flows (list → retrieve → tag → reject) replay on data
 * the harness has never seen.
 */

export const STEP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type StepMethod = (typeof STEP_METHODS)[number];

/** A query value; arrays are not supported: comma lists (`pk__in=1,2`) are written as one string. */
export type QueryValue = string | number | boolean;

export interface StepRequest {
  method: StepMethod;
  /** Path from the target's root, without a query string: `/api/v1/cancellation_plans/{{plan}}/`. */
  path: string;
  query?: Record<string, QueryValue>;
  /**
   * Extra headers. `Authorization: Token {{token}}` is sent by default; give the header a value
   * to replace it, or `null` to send none (the 401 cases).
   */
  headers?: Record<string, string | null>;
  /** A JSON body, sent as `application/json` (templates are substituted inside strings). */
  body?: unknown;
  /** A body sent as is, for malformed-body and media-type cases; excludes `body`. */
  rawBody?: string;
}

export interface StepExpect {
  status: number;
  /**
   * JSON pointer → the value each side's answer must hold there (templates filled with that
   * side's variables; `*` means every item): `{"/plan_type": "{{type}}"}`.
   */
  json?: Record<string, unknown>;
}

export interface Step {
  /** A short name for reports; defaults to `METHOD path`. */
  name?: string;
  request: StepRequest;
  /** Every step states the status it expects, and may state values its answer must hold. */
  expect: StepExpect;
  /** Values to read from the JSON answer by JSON pointer: `{"plan": "/results/0/pk"}`. */
  capture?: Record<string, string>;
  /**
   * Fields whose values this step compares between mock and target, for a step whose data the
   * scenario has made the same on both sides; overrides the run's list (default: none).
   */
  compareValues?: string[];
}

export interface Scenario {
  /** The file name without `.json`: the stable id `--only` and reports use. */
  id: string;
  /** The file the scenario was read from, relative to the scenario directory. */
  file: string;
  name: string;
  description?: string;
  steps: Step[];
}

/** The name a step shows in reports. */
export function stepLabel(step: Step, index: number): string {
  return `${String(index + 1).padStart(2, '0')} ${step.name ?? `${step.request.method} ${step.request.path}`}`;
}

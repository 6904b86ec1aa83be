import type { ResponseChecker } from '../spec/response-checker.ts';
import { buildRequest } from './build-request.ts';
import { checkExpectedJson, checkSentValues } from './check-expectations.ts';
import { checkFilters } from './check-filters.ts';
import { checkPagination } from './check-pagination.ts';
import type { RawFinding } from './contract-finding.ts';
import { resolvePointer } from './json-pointer.ts';
import { resolvePlaceholder } from './placeholders.ts';
import type { PreparedScenario, PreparedStep } from './prepare-scenario.ts';
import type { Side, SideRole } from './targets.ts';
import { MissingVariableError } from './templates.ts';
import type { WireRequest, WireResponse } from './wire.ts';
import { isJson } from '../spec/document-validator.ts';

/** What one step did on one side: an answer, a transport failure, or not run (and why). */
export type SideStep =
  | { ran: true; url: string; response?: WireResponse; error?: string; durationMs: number; findings: RawFinding[] }
  | { ran: false; reason: string };

/**
 * Replays a scenario's steps in order on one side, with that side's own variables: its token
 * and what its earlier answers captured. Each answer is checked on its own — expected status,
 * the served spec (status documented, media type, schema), captures — before any comparison
 * with the other side. A step whose template has no value (an earlier capture failed) is not
 * run; a transport failure does not stop the steps after it.
 */
export async function replaySide(prepared: PreparedScenario, side: Side, checker: ResponseChecker, runId: string): Promise<SideStep[]> {
  const vars = new Map<string, unknown>([...Object.entries(side.vars), ['run_id', runId]]);
  // A recording's placeholders become synthetic values of their kind (or this side's credentials).
  for (const name of prepared.placeholders) {
    const value = resolvePlaceholder(name, side.vars);
    if (value !== undefined) vars.set(name, value);
  }
  const send = side.openScenario();
  const out: SideStep[] = [];
  for (const ps of prepared.steps) {
    let request;
    try {
      request = buildRequest(ps.step.request, vars);
    } catch (err) {
      if (!(err instanceof MissingVariableError)) throw err;
      out.push({ ran: false, reason: `needs {{${err.variable}}}, which no earlier step captured on the ${side.role}` });
      continue;
    }
    const sent = await send(request);
    if ('error' in sent) {
      out.push({
        ran: true, url: request.url, error: sent.error, durationMs: sent.durationMs,
        findings: [{ kind: 'transport', side: side.role, path: '', expected: `status ${ps.step.expect.status}`, actual: 'no answer', message: sent.error }],
      });
      continue;
    }
    const response = sent.response;
    const findings = [
      ...checkAnswer(ps, response, side.role, checker),
      ...checkPromises(ps, request, response, side.role, vars),
      ...capture(ps, response, side.role, vars),
    ];
    out.push({ ran: true, url: request.url, response, durationMs: response.durationMs, findings });
  }
  return out;
}

function checkAnswer(ps: PreparedStep, res: WireResponse, role: SideRole, checker: ResponseChecker): RawFinding[] {
  const out: RawFinding[] = [];
  const expected = ps.step.expect.status;
  if (res.status !== expected) {
    out.push({ kind: 'status', side: role, path: '', expected: String(expected), actual: String(res.status), message: 'the status is not the one the step expects' });
  }
  if (res.parseError) {
    out.push({ kind: 'validation', side: role, path: '', expected: 'a JSON body', actual: 'unparsable', message: `the body is not JSON: ${res.parseError}` });
    return out;
  }
  // As the self-check does: HEAD has no body to check, and a redirect without a body is no operation's answer.
  const emptyRedirect = res.status >= 300 && res.status < 400 && (res.body === undefined || res.body === '');
  if (ps.step.request.method === 'HEAD' || emptyRedirect) return out;
  const problems = checker.check(ps.operation?.operationId ?? null, { status: res.status, contentType: res.contentType, body: res.body });
  for (const p of problems) {
    out.push({ kind: 'validation', side: role, path: p.path, expected: 'what the served spec documents', actual: p.message, message: p.message });
  }
  return out;
}

/**
 * What the request itself promises about the answer, judged on this side alone: the filters of
 * `LIST_FILTERS`, `limit`/`page`, the values a PUT or PATCH sent, and the step's `expect.json`.
 * Only on the expected status: another status is already a finding, and its body means nothing here.
 */
function checkPromises(ps: PreparedStep, request: WireRequest, res: WireResponse, role: SideRole, vars: ReadonlyMap<string, unknown>): RawFinding[] {
  if (res.status !== ps.step.expect.status || res.parseError || res.body === undefined) return [];
  const get = ps.step.request.method === 'GET' && res.status === 200;
  return [
    ...(get ? checkFilters(ps.operation?.operationId ?? null, request.url, res.body, role) : []),
    ...(get ? checkPagination(request.url, res.body, role) : []),
    ...checkSentValues(request.method, request.body, jsonBodySchema(ps), res.status, res.body, role),
    ...checkExpectedJson(ps.step.expect.json, res.body, vars, role),
  ];
}

/** The operation's request schema for a JSON body (`application/json`, else a `+json` type): what a sent field is. */
function jsonBodySchema(ps: PreparedStep): unknown {
  const content = ps.operation?.requestBody?.content ?? {};
  const type = Object.hasOwn(content, 'application/json') ? 'application/json' : Object.keys(content).find(isJson);
  return type === undefined ? undefined : content[type]?.schema;
}

function capture(ps: PreparedStep, res: WireResponse, role: SideRole, vars: Map<string, unknown>): RawFinding[] {
  const out: RawFinding[] = [];
  for (const [name, pointer] of Object.entries(ps.step.capture ?? {})) {
    const value = res.parseError ? undefined : resolvePointer(res.body, pointer);
    if (value === undefined) {
      out.push({ kind: 'capture', side: role, path: pointer, expected: 'a value', actual: 'absent', message: `nothing to capture as {{${name}}}` });
    } else {
      vars.set(name, value);
    }
  }
  return out;
}

import { isPointer } from './json-pointer.ts';
import { isPlaceholder } from './placeholders.ts';
import { STEP_METHODS, type Scenario, type Step } from './scenario.ts';
import { BUILT_IN_VARIABLES, templateNames } from './templates.ts';

const SCENARIO_KEYS = new Set(['name', 'description', 'steps']);
const STEP_KEYS = new Set(['name', 'request', 'expect', 'capture', 'compareValues']);
const REQUEST_KEYS = new Set(['method', 'path', 'query', 'headers', 'body', 'rawBody']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks one parsed scenario file and lists every problem, each naming where it is
 * (`steps[2].expect.status: required`), so a broken corpus is fixed in one pass. Unknown keys
 * are problems too: a misspelt `expect` must not silently expect nothing. A template must name
 * a built-in variable or a value captured by an earlier step.
 */
export function validateScenario(raw: unknown, id: string, file: string): { scenario?: Scenario; problems: string[] } {
  const problems: string[] = [];
  if (!isObject(raw)) return { problems: ['the file must hold one JSON object'] };
  for (const key of Object.keys(raw)) if (!SCENARIO_KEYS.has(key)) problems.push(`${key}: unknown key`);
  if (typeof raw.name !== 'string' || raw.name.trim() === '') problems.push('name: required, a non-empty string');
  if (raw.description !== undefined && typeof raw.description !== 'string') problems.push('description: must be a string');
  if (!Array.isArray(raw.steps) || raw.steps.length === 0) {
    problems.push('steps: required, a non-empty array');
    return { problems };
  }
  const known = new Set<string>(BUILT_IN_VARIABLES);
  raw.steps.forEach((step, i) => checkStep(step, `steps[${i}]`, known, problems));
  if (problems.length > 0) return { problems };
  const scenario: Scenario = { id, file, name: raw.name as string, steps: raw.steps as Step[] };
  if (typeof raw.description === 'string') scenario.description = raw.description;
  return { scenario, problems };
}

function checkStep(step: unknown, at: string, known: Set<string>, problems: string[]): void {
  if (!isObject(step)) return void problems.push(`${at}: must be an object`);
  for (const key of Object.keys(step)) if (!STEP_KEYS.has(key)) problems.push(`${at}.${key}: unknown key`);
  if (step.name !== undefined && typeof step.name !== 'string') problems.push(`${at}.name: must be a string`);
  checkRequest(step.request, `${at}.request`, known, problems);
  const expect = step.expect;
  if (!isObject(expect) || expect.status === undefined) problems.push(`${at}.expect.status: required (every step states its status)`);
  else {
    for (const key of Object.keys(expect)) if (key !== 'status' && key !== 'json') problems.push(`${at}.expect.${key}: unknown key`);
    if (expect.json !== undefined) {
      if (!isObject(expect.json)) problems.push(`${at}.expect.json: an object of JSON pointer → value`);
      else for (const pointer of Object.keys(expect.json)) if (!isPointer(pointer)) problems.push(`${at}.expect.json.${pointer}: a JSON pointer such as "/status"`);
      for (const name of templateNames(expect.json)) {
        if (!known.has(name) && !isPlaceholder(name)) problems.push(`${at}.expect.json: {{${name}}} is neither built in nor captured by an earlier step`);
      }
    }
    const s = expect.status;
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 100 || s > 599) problems.push(`${at}.expect.status: an HTTP status from 100 to 599`);
  }
  if (step.compareValues !== undefined && (!Array.isArray(step.compareValues) || step.compareValues.some((f) => typeof f !== 'string'))) {
    problems.push(`${at}.compareValues: an array of field names`);
  }
  if (step.capture !== undefined) {
    if (!isObject(step.capture)) problems.push(`${at}.capture: an object of name → JSON pointer`);
    else {
      for (const [name, pointer] of Object.entries(step.capture)) {
        if (!/^[A-Za-z_][\w-]*$/.test(name)) problems.push(`${at}.capture.${name}: a name of letters, digits, _ and -`);
        if (isPlaceholder(name)) problems.push(`${at}.capture.${name}: secret_<kind>_<n> names are placeholders, not captures`);
        if (typeof pointer !== 'string' || !isPointer(pointer)) problems.push(`${at}.capture.${name}: a JSON pointer such as "/results/0/pk"`);
      }
    }
  }
  // Captures become known only after the step that makes them has run.
  if (isObject(step.capture)) for (const name of Object.keys(step.capture)) known.add(name);
}

function checkRequest(request: unknown, at: string, known: Set<string>, problems: string[]): void {
  if (!isObject(request)) return void problems.push(`${at}: required, an object`);
  for (const key of Object.keys(request)) if (!REQUEST_KEYS.has(key)) problems.push(`${at}.${key}: unknown key`);
  if (typeof request.method !== 'string' || !(STEP_METHODS as readonly string[]).includes(request.method)) {
    problems.push(`${at}.method: one of ${STEP_METHODS.join(', ')}`);
  }
  if (typeof request.path !== 'string' || !request.path.startsWith('/')) problems.push(`${at}.path: required, starting with /`);
  else if (request.path.includes('?')) problems.push(`${at}.path: put the query in "query", not in the path`);
  if (request.query !== undefined) {
    if (!isObject(request.query)) problems.push(`${at}.query: an object of name → value`);
    else for (const [k, v] of Object.entries(request.query)) {
      if (!['string', 'number', 'boolean'].includes(typeof v)) problems.push(`${at}.query.${k}: a string, number or boolean`);
    }
  }
  if (request.headers !== undefined) {
    if (!isObject(request.headers)) problems.push(`${at}.headers: an object of name → value or null`);
    else for (const [k, v] of Object.entries(request.headers)) {
      if (v !== null && typeof v !== 'string') problems.push(`${at}.headers.${k}: a string, or null to send none`);
    }
  }
  if (request.rawBody !== undefined && typeof request.rawBody !== 'string') problems.push(`${at}.rawBody: must be a string`);
  if (request.rawBody !== undefined && request.body !== undefined) problems.push(`${at}: give body or rawBody, not both`);
  for (const name of templateNames([request.path, request.query, request.headers, request.body, request.rawBody])) {
    if (!known.has(name) && !isPlaceholder(name)) problems.push(`${at}: {{${name}}} is neither built in (${[...BUILT_IN_VARIABLES].join(', ')}) nor captured by an earlier step`);
  }
}

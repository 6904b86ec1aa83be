/**
 * `npm run scenarios`: one passing 2xx contract scenario per operation the resource engine
 * serves, into `contracts/generated/` (issue 20: the coverage rule holds for generic operations
 * too, rather than exempting them). Generated from the served documents and the data the
 * harness's embedded mock is seeded with (seed 1, size 50), so the same documents give the same
 * files; the list of engine operations is read at generation time (`planEngine`), never written
 * down. `test/contract-generated.test.ts` regenerates them in memory and fails when the
 * committed files are stale. `--spec FILE` (repeatable) and `--out DIR` generate for more
 * documents, elsewhere.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { OpenAPIV3 } from 'openapi-types';
import { buildMock, type Mock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { EMBEDDED_SEED, EMBEDDED_SIZE } from '../src/contracts/embedded-mock.ts';
import { rowsOf } from '../src/engine/engine-rows.ts';
import { identityKind } from '../src/engine/engine-objects.ts';
import { planEngine, type EngineAction } from '../src/engine/resource-plan.ts';
import { REFERENCE_FIELDS, sampleValue } from '../src/engine/sample-value.ts';
import { silentLogger } from '../src/logger.ts';
import { createSeedRandom } from '../src/seed/seed-random.ts';
import { SEED_REFERENCE_DATE } from '../src/seed/seed-store.ts';
import { loadSpecs, prepareForEngine, type LoadedSpecs } from '../src/spec/load-specs.ts';
import type { Store } from '../src/store/store.ts';

type Schema = OpenAPIV3.SchemaObject;

export const GENERATED_DIR = fileURLToPath(new URL('../contracts/generated/', import.meta.url));

const WRITES = new Set(['create', 'update', 'partial_update']);

/**
 * The generated scenario files, name → text, for the engine operations of `specs`; `missing`
 * names the operations no candidate object could answer with their success status.
 */
export async function generateScenarios(specs: LoadedSpecs): Promise<Map<string, string> & { missing: string[] }> {
  const config = testConfig({ seed: EMBEDDED_SEED, size: EMBEDDED_SIZE });
  const mock = await buildMock(config, { logger: silentLogger, specs, start: false });
  const actions = planEngine(specs);
  const files = Object.assign(new Map<string, string>(), { missing: [] as string[] });
  for (const action of [...actions].sort((a, b) => a.op.operationId.localeCompare(b.op.operationId))) {
    let found: object | null = null;
    search: for (const pick of await candidatesOf(action, actions, mock, config.token)) {
      for (const field of identityFields(action)) {
        const scenario = scenarioOf(action, actions, pick, field, mock.store);
        // Kept only when it passes against a fresh copy of the seeded mock, as the harness replays it.
        if (await passes(scenario.steps, mock.fork(), config.token)) {
          found = scenario;
          break search;
        }
      }
    }
    if (found) files.set(`${kebab(action.op.operationId)}.json`, `${JSON.stringify(found, null, 2)}\n`);
    else files.missing.push(action.op.operationId);
  }
  return files;
}

/**
 * The fields that may hold the identity a path's `{id}` takes: the engine's inference first, then
 * DRF's usual names (a domain-held reason answers `pk` under an `{id}` path).
 */
function identityFields(action: EngineAction): string[] {
  return [...new Set([action.idField, 'pk', 'id'])];
}

/** An object the scenario may act on: its identity, its parents' ids, its fields when known. */
interface Pick {
  id: string | null;
  params: Record<string, string>;
  values: Record<string, unknown> | null;
}

/**
 * Objects to try, best first: the collection's own seeded rows; else (a resource the engine
 * serves from the domain's objects) ids its unscoped list answers or the domain collection its
 * name points at (`REFERENCE_FIELDS`), under parents drawn from the collections they name.
 */
async function candidatesOf(action: EngineAction, actions: readonly EngineAction[], mock: Mock, token: string): Promise<Pick[]> {
  const picks: Pick[] = rowsOf(mock.store, action.collection).slice(0, 3).map((r) => ({
    id: String(r.k),
    params: Object.fromEntries(action.parents.map((p) => [p.param, String((p.field ? r.o[p.field] : r.scope?.[p.param]) ?? '')])),
    values: r.o,
  }));
  const ids = new Set<string>();
  for (const list of actions.filter((a) => a.kind === 'list' && a.collection === action.collection && a.parents.length === 0)) {
    const res = await mock.fork().request(list.op.path, { headers: { Authorization: `Token ${token}` } });
    const body = res.ok ? ((await res.json()) as unknown) : null;
    const items = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.results) ? body.results : [];
    for (const item of items.slice(0, 3)) {
      const field = identityFields(action).find((f) => isObject(item) && item[f] !== undefined);
      if (field) ids.add(String((item as Record<string, unknown>)[field]));
    }
  }
  for (const key of keysOf(mock.store, action.collection.replace(/s$/, ''))) ids.add(key);
  const parentValues = action.parents.map((p) => keysOf(mock.store, p.param));
  for (const id of ids.size > 0 ? ids : [null]) {
    for (const combo of product(parentValues)) {
      picks.push({ id, params: Object.fromEntries(action.parents.map((p, i) => [p.param, combo[i]!])), values: null });
    }
  }
  return picks.slice(0, 30);
}

/** The first ids of the domain collection a name points at (`channel_id` → channels), as text. */
function keysOf(store: Store, name: string): string[] {
  const target = REFERENCE_FIELDS[name];
  return target ? [...(store[target] as Map<number, unknown>).keys()].slice(0, 3).map(String) : [];
}

function product(lists: readonly string[][]): string[][] {
  return lists.reduce<string[][]>((acc, list) => acc.flatMap((a) => list.map((v) => [...a, v])), [[]]);
}

/** A scenario whose last step is the operation's documented success, on `pick`. */
function scenarioOf(action: EngineAction, actions: readonly EngineAction[], pick: Pick, idField: string, store: Store): { name: string; description: string; steps: Step[] } {
  const params: Record<string, string> = { ...pick.params };
  const steps: Step[] = [];
  if (action.idParam) {
    // Found by a list where the collection has one (a live target holds other ids), else the seeded one.
    const list = actions.find((a) => a.kind === 'list' && a.collection === action.collection && sameParents(a, action));
    if (list) {
      const at = list.listShape === 'page' ? `/results/0/${idField}` : `/0/${idField}`;
      steps.push({ name: 'find one', request: { method: 'GET', path: fill(list.op.path, params) }, expect: { status: 200 }, capture: { id: at } });
      params[action.idParam] = '{{id}}';
    } else params[action.idParam] = pick.id ?? '';
  }
  const request: Step['request'] = { method: action.op.method, path: fill(action.op.path, params) };
  const body = bodyOf(action, pick.values, store);
  if (body !== undefined) request.body = body;
  steps.push({ name: action.kind.replace('_', ' '), request, expect: { status: action.success } });
  return {
    name: `${action.op.operationId}: ${action.kind.replace('_', ' ')} (generated)`,
    description: `Generated by npm run scenarios from ${action.op.document}: the engine's ${action.success} answer to ${action.op.method} ${action.op.path}. Do not edit; regenerate.`,
    steps,
  };
}

interface Step {
  name: string;
  request: { method: string; path: string; body?: unknown };
  expect: { status: number };
  capture?: Record<string, string>;
}

/** Replays `steps` on `app` as the harness would (token, captures), true when each answers its status. */
async function passes(steps: readonly Step[], app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }, token: string): Promise<boolean> {
  const vars: Record<string, string> = {};
  for (const step of steps) {
    const path = step.request.path.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => encodeURIComponent(vars[name] ?? ''));
    const res = await app.request(path, {
      method: step.request.method,
      headers: { Authorization: `Token ${token}`, ...(step.request.body !== undefined && { 'Content-Type': 'application/json' }) },
      ...(step.request.body !== undefined && { body: JSON.stringify(step.request.body) }),
    });
    if (res.status !== step.expect.status) return false;
    for (const [name, pointer] of Object.entries(step.capture ?? {})) {
      let at: unknown = await res.json();
      for (const part of pointer.split('/').slice(1)) at = isObject(at) || Array.isArray(at) ? (at as Record<string, unknown>)[part] : undefined;
      if (at === undefined || at === null) return false;
      vars[name] = String(at);
    }
  }
  return true;
}

function sameParents(a: EngineAction, b: EngineAction): boolean {
  return a.parents.map((p) => p.param).join() === b.parents.map((p) => p.param).join();
}

function fill(path: string, params: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => params[name] ?? `{${name}}`);
}

/**
 * A body the operation accepts: the documented example, else a sample of its request schema
 * (seed 1) with a seeded row's values over it for a write, so references point at real objects.
 * Read-only fields are left out; a client-given identity gets a new value.
 */
function bodyOf(action: EngineAction, row: Record<string, unknown> | null, store: Store): unknown {
  if (!['POST', 'PUT', 'PATCH'].includes(action.op.method)) return undefined;
  const media = action.op.requestBody?.content['application/json'];
  if (!media) return WRITES.has(action.kind) ? {} : undefined;
  if (media.example !== undefined) return media.example;
  const schema = (media.schema as Schema | undefined) ?? action.schema ?? { type: 'object' };
  const ctx = { random: createSeedRandom(EMBEDDED_SEED, SEED_REFERENCE_DATE), store, now: SEED_REFERENCE_DATE };
  const sampled = sampleValue(schema, '', ctx);
  if (!isObject(sampled)) return sampled;
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(sampled)) {
    if (props[key]?.readOnly) continue;
    out[key] = WRITES.has(action.kind) && row && key in row ? row[key] : value;
  }
  if (WRITES.has(action.kind) && action.idField in out) {
    if (action.kind === 'create' && identityKind(action) === 'given') out[action.idField] = `${String(row?.[action.idField] ?? action.collection)}-generated`;
    else delete out[action.idField];
  }
  if (action.kind === 'partial_update') {
    const first = Object.keys(out)[0];
    return first === undefined ? {} : { [first]: out[first] };
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kebab(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { spec: { type: 'string', multiple: true }, out: { type: 'string' }, 'spec-dir': { type: 'string' } } });
  const out = values.out ?? GENERATED_DIR;
  const specs = prepareForEngine(await loadSpecs(values['spec-dir'] ?? testConfig().specDir, values.spec ?? []));
  const files = await generateScenarios(specs);
  mkdirSync(out, { recursive: true });
  for (const old of readdirSync(out)) if (old.endsWith('.json') && !files.has(old)) rmSync(join(out, old));
  for (const [name, text] of files) writeFileSync(join(out, name), text);
  process.stdout.write(`scenarios: wrote ${files.size} file(s) to ${out}\n`);
  if (files.missing.length > 0) {
    process.stderr.write(`scenarios: no object answered ${files.missing.join(', ')} with its success status: write their scenarios by hand\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: Error) => {
    process.stderr.write(`scenarios: ${err.message}\n`);
    process.exit(1);
  });
}

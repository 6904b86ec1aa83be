import { Hono } from 'hono';
import { countsOf } from '../store/store-counts.ts';
import type { Store } from '../store/store.ts';
import { clipEcho } from '../domain/errors.ts';
import { DRF, fieldErrors } from '../http/drf-errors.ts';
import type { AppEnv } from '../http/env.ts';
import { isObject, readJsonBody } from '../http/json-body.ts';
import { mediaTypeOf } from '../spec/response-checker.ts';
import type { MiddlewareHandler } from 'hono';
import type { AdminContext } from './admin-context.ts';
import { sessionOf } from '../http/session-middleware.ts';
import { StateLineError } from '../persist/state-lines.ts';
import { readState, stateStream } from '../persist/state-stream.ts';
import { emptyObserved } from '../state/store-views.ts';
import { DATASET_NAME, datasetFileOf, readDatasetFile } from '../seed/dataset-files.ts';
import { DatasetError, type Dataset } from '../seed/dataset-types.ts';

import { MAX_SIZE } from '../config.ts';

/** `POST /__mock/reset`, `POST /__mock/reseed`, `GET` and `PUT /__mock/state`. */
export function stateRoutes(
  ctx: AdminContext,
  op: (id: string) => MiddlewareHandler<AppEnv>,
): Hono<AppEnv> {
  const { state } = ctx;
  const app = new Hono<AppEnv>({ strict: true });

  app.post('/__mock/reset', op('resetMockState'), async (c) => {
    const session = sessionOf(c);
    if (session !== null) {
      state.sessions.reset(session);
      return c.json({
        reset: 'session',
        session,
        counts: stateCounts(state.sessions.use(session).store),
      });
    }
    await state.resetShared();
    ctx.logger.info('admin: shared state reset to the seeded state');
    return c.json({ reset: 'shared', session: null, counts: stateCounts(state.shared) });
  });

  app.post('/__mock/reseed', op('reseedMockState'), async (c) => {
    const body = await readJsonBody(c);
    if ('response' in body) return body.response;
    if (!isObject(body.value))
      return c.json({ non_field_errors: ['Invalid data. Expected a dictionary.'] }, 400);
    const errors: Record<string, string[]> = {};
    // With a dataset, seed and size default to the current ones (size 0: the dataset alone).
    const name = body.value.dataset;
    const current = state.header();
    const withDataset = name !== undefined && name !== null;
    const seed = wholeNumber(body.value.seed ?? (withDataset ? current.seed : undefined), 0, 2 ** 31 - 1);
    const size = wholeNumber(body.value.size ?? (withDataset ? current.size : undefined), 0, MAX_SIZE);
    if (typeof seed === 'string') errors.seed = [seed];
    if (typeof size === 'string') errors.size = [size];
    // Only a name of the dataset folder, never a path: the admin API reads no arbitrary file.
    const file = typeof name === 'string' && DATASET_NAME.test(name) ? datasetFileOf(name) : null;
    if (withDataset && file === null)
      errors.dataset = [`No dataset is named ${JSON.stringify(typeof name === 'string' ? clipEcho(name) : name)} in the mock's seeds/ folder (give a name, not a path).`];
    if (Object.keys(errors).length > 0) return fieldErrors(c, errors);
    let dataset: Dataset | null = null;
    let dropped: number;
    try {
      if (file !== null) dataset = readDatasetFile(file, name as string);
      dropped = await state.reseed(seed as number, size as number, dataset);
    } catch (err) {
      if (!(err instanceof DatasetError)) throw err;
      return c.json({ detail: err.message, code: 'invalid_dataset' }, 400);
    }
    ctx.logger.info(
      `admin: reseeded with seed ${seed}, size ${size}${dataset ? `, dataset ${dataset.name}` : ''}; ${dropped} sessions dropped`,
    );
    return c.json({
      seed: seed as number,
      size: size as number,
      dataset: dataset?.name ?? null,
      sessions_dropped: dropped,
      counts: stateCounts(state.shared),
    });
  });

  app.get('/__mock/state', op('exportMockState'), (c) => {
    return c.body(stateStream(c.get('store'), state.header()), 200, {
      'Content-Type': 'application/x-ndjson',
      'Content-Disposition': 'attachment; filename="omnitron-mock-state.ndjson"',
    });
  });

  app.put('/__mock/state', op('importMockState'), async (c) => {
    const type = mediaTypeOf(c.req.header('content-type') ?? null);
    if (type !== 'application/x-ndjson') {
      return c.json(DRF.unsupportedMediaType(c.req.header('content-type') ?? ''), 415);
    }
    const body = c.req.raw.body;
    if (!body)
      return c.json({ detail: 'The state document is empty.', code: 'invalid_state' }, 400);
    const loaded = emptyObserved();
    try {
      await readState(body as unknown as AsyncIterable<Uint8Array>, loaded);
    } catch (err) {
      if (err instanceof StateLineError)
        return c.json(
          { detail: `Invalid state document: ${err.message}.`, code: 'invalid_state' },
          400,
        );
      throw err;
    }
    const session = sessionOf(c);
    if (session !== null) {
      state.sessions.replace(session, loaded);
      return c.json({ imported: 'session', session, counts: stateCounts(loaded) });
    }
    await state.importShared(loaded);
    ctx.logger.info(`admin: state imported (${loaded.plans.size} plans)`);
    return c.json({ imported: 'shared', session: null, counts: stateCounts(state.shared) });
  });

  return app;
}

/** A required whole number within bounds, or DRF's message for what is wrong with it. */
function wholeNumber(value: unknown, min: number, max: number): number | string {
  if (value === undefined || value === null) return 'This field is required.';
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'A valid integer is required.';
  if (value < min) return `Ensure this value is greater than or equal to ${min}.`;
  if (value > max) return `Ensure this value is less than or equal to ${max}.`;
  return value;
}

/**
 * What a state holds, as reset, reseed and import answer it alike: the domain's counts, then each
 * engine collection's rows by its name (`widgets: 25`, the documents' own resources included), in
 * name order. A collection named as a domain count (`plans`) keeps the domain's count under the
 * name and is listed as `engine:plans`; so is one whose name already starts with `engine:`
 * (`engine:plans` is `engine:engine:plans`), so that no two collections share a name in the counts.
 */
function stateCounts(store: Store): Record<string, number> {
  const counts = countsOf(store);
  const domain = new Set(Object.keys(counts));
  const engine = new Map<string, number>();
  for (const row of store.engineRows.values()) engine.set(row.c, (engine.get(row.c) ?? 0) + 1);
  for (const name of [...engine.keys()].sort()) {
    const key = domain.has(name) || name.startsWith('engine:') ? `engine:${name}` : name;
    Object.defineProperty(counts, key, { value: engine.get(name)!, enumerable: true, writable: true, configurable: true });
  }
  return counts;
}

import type { OpenAPIV3 } from 'openapi-types';
import { createSeedRandom } from '../seed/seed-random.ts';
import { SEED_REFERENCE_DATE } from '../seed/seed-store.ts';
import type { Store } from '../store/store.ts';
import { matchDomainResource } from './domain-resources.ts';
import { nextEngineId, putRow } from './engine-rows.ts';
import { identityKind } from './engine-objects.ts';
import type { EngineAction } from './resource-plan.ts';
import { REFERENCE_FIELDS, sampleObject } from './sample-value.ts';

/** How many objects a generic collection starts with: MOCK_SIZE / 20, at least 3, at most 500. */
export function collectionSize(size: number): number {
  return Math.min(500, Math.max(3, Math.ceil(size / 20)));
}

/**
 * Seeds every generic collection the engine serves, after the domain's seed. Each collection
 * draws from its own random stream, keyed by SEED and its name, so adding a document changes no
 * other collection's bytes and the domain's seed (`test/seed-golden.test.ts`) not at all.
 */
export function seedEngineCollections(store: Store, actions: readonly EngineAction[], params: { seed: number; size: number }): void {
  const seen = new Set<string>();
  for (const action of actions) {
    if (!action.schema || seen.has(action.collection)) continue;
    // The domain's own objects answer for a resource it holds: no generic rows beside them.
    if (matchDomainResource(action)) continue;
    if (!['list', 'retrieve', 'create'].includes(action.kind)) continue;
    seen.add(action.collection);
    const owner = representative(actions, action.collection);
    const random = createSeedRandom((params.seed ^ hash(action.collection)) >>> 0, SEED_REFERENCE_DATE);
    const ctx = { random, store, now: SEED_REFERENCE_DATE };
    for (let i = 0; i < collectionSize(params.size); i += 1) {
      const o = sampleObject(owner.schema!, ctx);
      // Drawn apart, the two stamps came in either order: a row is modified after it is made.
      if (typeof o.created_date === 'string' && typeof o.modified_date === 'string' && o.modified_date < o.created_date) {
        [o.created_date, o.modified_date] = [o.modified_date, o.created_date];
      }
      const kind = identityKind(owner);
      const id = kind === 'sequence' ? nextEngineId(store, owner.collection)
        : kind === 'uuid' ? random.uuid()
        : `${owner.collection.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${i + 1}`;
      o[owner.idField] = id;
      const scope: Record<string, string> = {};
      for (const p of actions.filter((a) => a.collection === owner.collection).flatMap((a) => a.parents)) {
        if (p.field || scope[p.param]) continue;
        const target = REFERENCE_FIELDS[p.param];
        const keys = target ? [...(store[target] as Map<number, unknown>).keys()].slice(0, 5) : [];
        scope[p.param] = String(keys.length > 0 ? random.pick(keys) : 1);
      }
      putRow(store, { c: owner.collection, k: id, o, ...(Object.keys(scope).length > 0 && { scope }) });
    }
    if (!store.engineSequences.has(owner.collection)) store.engineSequences.set(owner.collection, { next: 1 });
  }
}

/** The action whose schema describes the collection best: its retrieve, else its list. */
function representative(actions: readonly EngineAction[], collection: string): EngineAction & { schema: OpenAPIV3.SchemaObject } {
  const mine = actions.filter((a) => a.collection === collection && a.schema);
  return (mine.find((a) => a.kind === 'retrieve' && a.parents.length === 0) ?? mine.find((a) => a.kind === 'retrieve') ?? mine[0]) as never;
}

/** FNV-1a of a name: the collection's own stream. */
function hash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i += 1) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

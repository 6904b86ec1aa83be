import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestMock } from './support/test-mock.ts';

/** A list whose `ordering` lists its terms (`pk`, `name`), as drf-spectacular writes `ordering_fields`. */
const PARCELS = fileURLToPath(new URL('./fixtures/engine/parcels.openapi.yaml', import.meta.url));
const LIST = '/api/v1/parcels/';
const parcelMock = () => createTestMock({ spec: [PARCELS] });

describe('engine: ordering by the terms the spec lists (DRF\'s ordering_fields)', () => {
  it('honours a listed term, pk as the identity, and drops a field not listed', async () => {
    const mock = await parcelMock();
    const all = (await mock.getJson(`${LIST}?limit=1000`)).results as Array<{ id: number; name: string; weight?: number }>;
    const ids = (query: string) => mock.getJson(`${LIST}?limit=1000&${query}`).then((b) => b.results.map((p: { id: number }) => p.id));
    const byId = [...all].sort((a, b) => a.id - b.id).map((p) => p.id);
    expect(await ids('ordering=pk')).toEqual(byId);
    expect(await ids('ordering=-pk')).toEqual([...byId].reverse());
    const byName = [...all].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || b.id - a.id).map((p) => p.id);
    expect(await ids('ordering=name')).toEqual(byName);
    // `weight` is a field of the object but not a listed term: ignored, the default order stays.
    expect(await ids('ordering=weight')).toEqual(all.map((p) => p.id));
    expect(await ids('ordering=-weight,pk')).toEqual(byId);
  });
});

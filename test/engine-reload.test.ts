import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { send, VALID, widgetMock, WIDGETS } from './support/engine-fixture.ts';
import { createTestMock, json, sharedSpecs, type TestMock } from './support/test-mock.ts';

/** A resource with a client-given slug: the document `--watch` finds added. */
const NOTES = fileURLToPath(new URL('./fixtures/engine/notes.openapi.yaml', import.meta.url));
const SESSION = { 'X-Mock-Session': 'qa' };
const note = async (mock: TestMock, slug: string, headers: Record<string, string> = {}) => send(mock, 'GET', `/api/v1/notes/${slug}/`, undefined, headers);

describe('reloading the served documents in place (--watch)', () => {
  it('serves an added document over the same state, sessions and generic rows', async () => {
    const mock = await widgetMock();
    const engineBefore = mock.served.engine;
    const mine = await json(await send(mock, 'POST', '/api/v1/widgets/', VALID));
    const theirs = await json(await send(mock, 'POST', '/api/v1/widgets/', { ...VALID, name: 'Oturum' }, SESSION));
    const before = await json(await send(mock, 'GET', '/api/v1/widgets/?limit=1000'));
    expect((await note(mock, 'notes-1')).status).toBe(404);

    const seeded = await mock.reload((await sharedSpecs([WIDGETS, NOTES])).specs);
    expect(seeded).toEqual(['notes']);
    // The new operation answers; the widgets keep every row, the write included.
    expect((await note(mock, 'notes-1')).status).toBe(200);
    expect(await json(await send(mock, 'GET', '/api/v1/widgets/?limit=1000'))).toEqual(before);
    expect((await send(mock, 'GET', `/api/v1/widgets/${mine.pk}/`)).status).toBe(200);
    // The session kept its own write and gained the new collection.
    expect((await send(mock, 'GET', `/api/v1/widgets/${theirs.pk}/`, undefined, SESSION)).status).toBe(200);
    expect((await note(mock, 'notes-1', SESSION)).status).toBe(200);
    const health = await json(await mock.request('/__mock/health'));
    expect(health.operations.engine).toBe(engineBefore + 2);
  });

  it('seeds the new collection with the bytes a fresh start with that document gives, also after reset and reseed', async () => {
    const mock = await widgetMock();
    await mock.reload((await sharedSpecs([WIDGETS, NOTES])).specs);
    const fresh = await createTestMock({ spec: [WIDGETS, NOTES] });
    const notesOf = async (m: TestMock) => Promise.all(['notes-1', 'notes-2', 'notes-3'].map(async (s) => {
      const res = await note(m, s);
      expect(res.status).toBe(200);
      return json(res);
    }));
    expect(await notesOf(mock)).toEqual(await notesOf(fresh));
    expect((await send(mock, 'POST', '/api/v1/notes/', { slug: 'mine', text: 'Benim notum' })).status).toBe(201);
    await mock.request('/__mock/reset', { method: 'POST' });
    expect((await note(mock, 'mine')).status).toBe(404);
    expect(await notesOf(mock)).toEqual(await notesOf(fresh));
    const reseed = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ seed: 5, size: 120 }) };
    await mock.request('/__mock/reseed', reseed);
    await fresh.request('/__mock/reseed', reseed);
    expect(await notesOf(mock)).toEqual(await notesOf(fresh));
  });

  it('keeps the new collection in the state file: a restart with the document finds the same rows', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'omnitron-reload-')), 'state.ndjson');
    const mock = await widgetMock({ stateFile, size: 20 });
    await mock.reload((await sharedSpecs([WIDGETS, NOTES])).specs);
    expect((await send(mock, 'POST', '/api/v1/notes/', { slug: 'mine', text: 'Benim notum' })).status).toBe(201);
    await mock.admin.close();
    const restarted = await createTestMock({ spec: [WIDGETS, NOTES], stateFile, size: 20 });
    try {
      for (const slug of ['notes-1', 'mine']) expect((await note(restarted, slug)).status).toBe(200);
    } finally {
      await restarted.admin.close();
    }
  });

  it('refuses documents the app cannot serve and keeps serving the previous ones', async () => {
    const mock = await widgetMock();
    const engineBefore = mock.served.engine;
    const { specs } = await sharedSpecs([WIDGETS, NOTES]);
    // A hand-written operation moved to a path its handler does not serve: start-up would stop.
    const moved = specs.operations.map((op) => (op.operationId === 'listCancellationPlans' ? { ...op, path: '/api/v1/elsewhere/' } : op));
    await expect(mock.reload({ ...specs, operations: moved })).rejects.toThrow(/listCancellationPlans/);
    expect((await note(mock, 'notes-1')).status).toBe(404);
    expect((await send(mock, 'GET', '/api/v1/widgets/')).status).toBe(200);
    expect(mock.served.engine).toBe(engineBefore);
  });
});

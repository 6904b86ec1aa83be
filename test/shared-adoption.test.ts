import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adoptionsInProgress, setAdoption, type AdoptionSettings } from '../src/state/adoption.ts';
import { PLANS, REQUESTS, createBody, itemSupply, send } from './support/request-helpers.ts';
import { createTestMock, type TestMock } from './support/test-mock.ts';

/**
 * After a reseed, the first write to each shared collection takes the collection's base in over
 * several slices (issue 19 item 4: one copy of 356,000 order items blocked every request). What a
 * user reads meanwhile — details, lists in their order, the state export — must be byte for byte
 * what the mock answered when that first write copied everything at once: the digest below was
 * taken from the same sequence on main before the change (e6856d7), where each first write
 * copied its collection at once (new requests' uuids are random, so masked).
 */
const ON_MAIN = 'd97d8abd53a2ef0cf9c0d7a88ac0e127780a73ef544a58f52e2370c49655c331';

/** Slices waiting for their turn: run here by hand, a few entries each. */
const queue: Array<() => boolean> = [];
let previous: AdoptionSettings;
let mock: TestMock;
const newUuids: string[] = [];

beforeAll(async () => {
  previous = setAdoption({ sliceEntries: 2, chunkEntries: 4, schedule: (slice) => void queue.push(slice) });
  mock = await createTestMock({ size: 4 });
});
afterAll(() => {
  setAdoption(previous);
});

function runSlices(n: number): void {
  for (let i = 0; i < n && queue.length > 0; i += 1) {
    const slice = queue.shift()!;
    if (!slice()) queue.push(slice);
  }
}

/** A new request's uuid is random (crypto): masked, the rest is byte for byte. */
function masked(text: string): string {
  return newUuids.reduce((t, uuid, i) => t.replaceAll(uuid, `new-uuid-${i}`), text);
}

async function readBack(requestId: number, planPk: number): Promise<string> {
  const paths = [
    `${REQUESTS}${requestId}/`,
    `${REQUESTS}?limit=100`,
    `${REQUESTS}?limit=100&ordering=-id`,
    `${PLANS}${planPk}/`,
    `${PLANS}?limit=100`,
    '/__mock/state',
  ];
  const bodies: string[] = [];
  for (const path of paths) {
    const res = await mock.request(path, { headers: { Authorization: 'Token test-token' } });
    expect(res.status, path).toBe(200);
    bodies.push(masked(await res.text()));
  }
  return bodies.join('\n');
}

describe('the first writes after a reseed, with the collections adopted in slices', () => {
  it('answers details, lists and the export as the one-step copy did, before, during and after the adoption', async () => {
    const reseed = await mock.request('/__mock/reseed', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ seed: 9, size: 8 }),
    });
    expect(reseed.status).toBe(200);
    const next = itemSupply(mock.store);
    const created = await send(mock, 'POST', REQUESTS, createBody(mock.store, next()));
    expect(created.status).toBe(201);
    const { id, uuid } = (await created.json()) as { id: number; uuid: string };
    newUuids.push(uuid);
    const plan = [...mock.store.plans.values()].find((p) => p.status === 'waiting')!;
    expect((await send(mock, 'POST', `${PLANS}${plan.pk}/update_status/`, { status: 'cancelled' })).status).toBe(200);
    // Several collections are now adopting, none of them done.
    expect(adoptionsInProgress()).toBeGreaterThanOrEqual(3);
    const during = await readBack(id, plan.pk);
    runSlices(5);
    expect((await send(mock, 'PATCH', `${REQUESTS}${id}/`, { description: 'in the middle' })).status).toBe(200);
    const second = await send(mock, 'POST', REQUESTS, createBody(mock.store, next()));
    expect(second.status).toBe(201);
    newUuids.push(((await second.json()) as { uuid: string }).uuid);
    const middle = await readBack(id, plan.pk);
    // A session from the shared state, taken mid-adoption, keeps what it saw through later writes.
    const fromShared = { 'X-Mock-Session': 'qa', 'X-Mock-Session-From': 'shared' };
    const sessionList = async () =>
      masked(await (await mock.request(`${REQUESTS}?limit=100`, { headers: { Authorization: 'Token test-token', ...fromShared } })).text());
    const sessionBefore = await sessionList();
    expect((await send(mock, 'PATCH', `${REQUESTS}${id}/`, { description: 'after the session' })).status).toBe(200);
    runSlices(3);
    expect(await sessionList()).toBe(sessionBefore);
    const latest = await readBack(id, plan.pk);
    expect(adoptionsInProgress()).toBeGreaterThan(0);
    runSlices(10_000);
    expect(adoptionsInProgress()).toBe(0);
    const after = await readBack(id, plan.pk);
    expect(after).toBe(latest);
    expect(await sessionList()).toBe(sessionBefore);
    const digest = createHash('sha256').update([during, middle, sessionBefore, after].join('\n--\n')).digest('hex');
    expect(digest).toBe(ON_MAIN);
  });
});

import { describe, expect, it } from 'vitest';
import { AUTH, type TestMock } from './support/test-mock.ts';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';

/**
 * A kept ordering files many writes at once when a list finds them waiting (issue 26, fourteenth
 * session: the hot row lists each ordering for 100 pages in a row, so ~90 writes wait between
 * two runs). Through rounds of many writes between two lists — notes (every row's
 * `modified_date` moves it to an end), names (rows move among the others), the same rows written
 * again in the next round, creates and deletes — every page in every ordering must be the page of
 * the rows as the general list orders them, nothing kept.
 */
const WIDGETS = '/api/v1/widgets/';
const ORDERINGS = ['modified_date', '-modified_date', 'name', '-name', 'priority', 'pk'];

/** Every widget's JSON in `ordering`, read through a filtered list (the general way, nothing kept). */
async function allIn(mock: TestMock, ordering: string): Promise<string[]> {
  const res = await mock.request(`${WIDGETS}?limit=1000&status__in=draft,active,retired&ordering=${ordering}`, { headers: AUTH });
  return ((await res.json()) as { results: unknown[] }).results.map((w) => JSON.stringify(w));
}

/** Every page of ten in every ordering, as a plain list URL asks it, against the general list. */
async function expectPages(mock: TestMock, step: string): Promise<void> {
  for (const ordering of ORDERINGS) {
    const all = await allIn(mock, ordering);
    const got: string[] = [];
    for (let page = 1; page <= Math.ceil(all.length / 10); page += 1) {
      const res = await mock.request(`${WIDGETS}?limit=10&page=${page}&ordering=${ordering}`, { headers: AUTH });
      expect({ step, ordering, page, status: res.status }).toEqual({ step, ordering, page, status: 200 });
      got.push(...((await res.json()) as { results: unknown[] }).results.map((w) => JSON.stringify(w)));
    }
    expect({ step, ordering, rows: got }).toEqual({ step, ordering, rows: all });
  }
}

async function pksOf(mock: TestMock): Promise<number[]> {
  const res = await mock.request(`${WIDGETS}?limit=1000&ordering=pk`, { headers: AUTH });
  return ((await res.json()) as { results: { pk: number }[] }).results.map((w) => w.pk);
}

describe('engine list kept ordering, many writes between two lists', () => {
  it('answers every page in every ordering as the general list does, round after round of writes', async () => {
    const mock = await widgetMock();
    for (let i = 0; i < 40; i += 1) expect((await send(mock, 'POST', WIDGETS, { ...VALID, name: `Vida ${i % 9}`, priority: i % 4 })).status).toBe(201);
    await expectPages(mock, 'seeded');
    for (let round = 0; round < 4; round += 1) {
      const pks = await pksOf(mock);
      // The same twelve rows each round (a row filed once must be noted again), and six others.
      for (const pk of pks.slice(0, 12)) expect((await send(mock, 'PATCH', `${WIDGETS}${pk}/`, { note: `round ${round}` })).status).toBe(200);
      for (const [i, pk] of pks.slice(12 + round * 6, 18 + round * 6).entries()) {
        expect((await send(mock, 'PATCH', `${WIDGETS}${pk}/`, { name: `Çivi ${(round * 5 + i) % 7}`, priority: (i + round) % 4 })).status).toBe(200);
      }
      // A row deleted and two created among the writes.
      expect((await send(mock, 'DELETE', `${WIDGETS}${pks.at(-1 - round)}/`)).status).toBe(204);
      for (let i = 0; i < 2; i += 1) expect((await send(mock, 'POST', WIDGETS, { ...VALID, name: `Yeni ${round}${i}`, priority: i })).status).toBe(201);
      await expectPages(mock, `round ${round}`);
    }
  });
});

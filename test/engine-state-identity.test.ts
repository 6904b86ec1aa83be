import { describe, expect, it } from 'vitest';
import { AUTH, type TestMock } from './support/test-mock.ts';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';

/**
 * A generic row is filed under its collection and identity (`engineRowKey`): a state file whose
 * `engineRows` line is keyed otherwise (a second key for an identity another line holds), whose
 * identity is neither a string nor a number, or whose collection holds the key separator is
 * refused, naming its line, and the state stays as it was. Two keys for one identity would tie in
 * every kept ordering, whose filing assumes identities distinct (reviews, fourteenth session).
 */
const W = '/api/v1/widgets/';

describe('a state import of generic rows', () => {
  it('refuses an engineRows line whose key is not its collection and identity, and keeps the state', async () => {
    const mock = await widgetMock();
    for (let i = 0; i < 5; i += 1)
      expect((await send(mock, 'POST', W, { ...VALID, name: `w${i}` })).status).toBe(201);
    const before = await (
      await mock.request(`${W}?limit=100&ordering=name`, { headers: AUTH })
    ).text();
    const text = await (await mock.request('/__mock/state', { headers: AUTH })).text();
    const lines = text.split('\n').filter((l) => l.length > 0);
    const at = lines.findIndex((l) => {
      const j = JSON.parse(l);
      return j.map === 'engineRows' && j.v?.k === 1;
    });
    expect(at).toBeGreaterThan(0);
    const one = JSON.parse(lines[at]!);
    // The same identity again under another key (`…1` spelled `…01`).
    const twin = {
      map: 'engineRows',
      k: String(one.k).replace(/1$/, '01'),
      v: { ...one.v, o: { ...one.v.o, name: 'Twin' } },
    };
    expect(twin.k).not.toBe(one.k);
    const end = lines.findIndex((l) => JSON.parse(l).end === true);
    lines.splice(end, 0, JSON.stringify(twin));
    const last = JSON.parse(lines.at(-1)!);
    lines[lines.length - 1] = JSON.stringify({ ...last, lines: (last.lines ?? 0) + 1 });
    const res = await mock.request('/__mock/state', {
      method: 'PUT',
      headers: { ...AUTH, 'Content-Type': 'application/x-ndjson' },
      body: `${lines.join('\n')}\n`,
    });
    const body = await res.text();
    expect(res.status, body).toBe(400);
    expect(body).toContain('engineRows record');
    expect(body).toContain(`line ${end + 1}:`);
    expect(body).toContain(JSON.stringify(JSON.stringify(twin.k)).slice(1, -1));
    expect(
      await (await mock.request(`${W}?limit=100&ordering=name`, { headers: AUTH })).text(),
    ).toBe(before);
  });

  // Both written by the review of the first check: it let these in.
  it.each([[true], [{ a: 1 }], [[7]]])(
    'refuses a row whose identity is %j (neither string nor number)',
    async (k) => {
      const mock = await widgetMock();
      const before = await (await mock.request(`${W}?limit=100`, { headers: AUTH })).text();
      // [7] under the key of 99: String([7]) is "7", so a DELETE of 99 deleted widget 7.
      const res = await importWith(mock, (one) => ({
        map: 'engineRows',
        k: `${one.v.c}\u000099`,
        v: { ...one.v, k, o: { ...one.v.o, pk: 99 } },
      }));
      expect(res.status, await res.clone().text()).toBe(400);
      expect(await res.text()).toContain('must be a string or a number');
      expect(await (await mock.request(`${W}?limit=100`, { headers: AUTH })).text()).toBe(before);
    },
  );

  it('refuses a row whose collection holds the key separator', async () => {
    const mock = await widgetMock();
    const res = await importWith(mock, (one) => {
      const c = `${one.v.c}\u00001`;
      return {
        map: 'engineRows',
        k: `${c}\u00002`,
        v: { ...one.v, c, k: 2, o: { ...one.v.o, pk: 2 } },
      };
    });
    expect(res.status, await res.clone().text()).toBe(400);
    expect((await mock.request(`${W}1%002/`, { headers: AUTH })).status).toBe(404);
    expect((await send(mock, 'PATCH', `${W}1%002/`, { ...VALID })).status).toBe(404);
  });
});

/** The mock's own export with one line more (`extra` of widget 1's line), put back. */
async function importWith(mock: TestMock, extra: (one: any) => unknown): Promise<Response> {
  const text = await (await mock.request('/__mock/state', { headers: AUTH })).text();
  const lines = text.split('\n').filter((l) => l.length > 0);
  const one = JSON.parse(
    lines.find((l) => JSON.parse(l).map === 'engineRows' && JSON.parse(l).v?.k === 1)!,
  );
  const end = lines.findIndex((l) => JSON.parse(l).end === true);
  lines.splice(end, 0, JSON.stringify(extra(one)));
  const last = JSON.parse(lines.at(-1)!);
  lines[lines.length - 1] = JSON.stringify({ ...last, lines: last.lines + 1 });
  return mock.request('/__mock/state', {
    method: 'PUT',
    headers: { ...AUTH, 'Content-Type': 'application/x-ndjson' },
    body: `${lines.join('\n')}\n`,
  });
}

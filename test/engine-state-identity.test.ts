import { describe, expect, it } from 'vitest';
import { AUTH } from './support/test-mock.ts';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';

/**
 * A generic row is filed under its collection and identity (`engineRowKey`): a state file whose
 * `engineRows` line is keyed otherwise — a second key for an identity another line holds — is
 * refused, naming its line, and the state stays as it was. Two keys for one identity would tie in
 * every kept ordering, whose filing assumes identities distinct (review, fourteenth session).
 */
const W = '/api/v1/widgets/';

describe('a state import of generic rows', () => {
  it('refuses an engineRows line whose key is not its collection and identity, and keeps the state', async () => {
    const mock = await widgetMock();
    for (let i = 0; i < 5; i += 1) expect((await send(mock, 'POST', W, { ...VALID, name: `w${i}` })).status).toBe(201);
    const before = await (await mock.request(`${W}?limit=100&ordering=name`, { headers: AUTH })).text();
    const text = await (await mock.request('/__mock/state', { headers: AUTH })).text();
    const lines = text.split('\n').filter((l) => l.length > 0);
    const at = lines.findIndex((l) => {
      const j = JSON.parse(l);
      return j.map === 'engineRows' && j.v?.k === 1;
    });
    expect(at).toBeGreaterThan(0);
    const one = JSON.parse(lines[at]!);
    // The same identity again under another key (`…1` spelled `…01`).
    const twin = { map: 'engineRows', k: String(one.k).replace(/1$/, '01'), v: { ...one.v, o: { ...one.v.o, name: 'Twin' } } };
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
    expect(body).toContain(JSON.stringify(JSON.stringify(twin.k)).slice(1, -1));
    expect(await (await mock.request(`${W}?limit=100&ordering=name`, { headers: AUTH })).text()).toBe(before);
  });
});

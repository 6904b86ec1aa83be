import { describe, expect, it } from 'vitest';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';

/** A generic list orders nulls where PostgreSQL puts them under Django's `order_by` (`NULLS LAST` ascending). */
describe('nulls in a generic list ordering', () => {
  it('come last ascending and first descending, as PostgreSQL orders them for Django', async () => {
    const widgets = await widgetMock();
    for (const note of [null, 'b', null, 'a']) expect((await send(widgets, 'POST', '/api/v1/widgets/', { ...VALID, note })).status).toBe(201);
    const notes = async (ordering: string) =>
      ((await widgets.getJson(`/api/v1/widgets/?limit=1000&ordering=${ordering}`)).results as Array<{ note: string | null }>).map((w) => w.note);
    const up = await notes('note');
    const down = await notes('-note');
    const firstNull = up.indexOf(null);
    expect(firstNull).toBeGreaterThan(0);
    expect(up.slice(firstNull).every((n) => n === null), 'every null after the last value').toBe(true);
    expect(up.slice(0, firstNull)).toEqual([...up.slice(0, firstNull)].sort());
    const lastNull = down.lastIndexOf(null);
    expect(down.slice(0, lastNull + 1).every((n) => n === null), 'every null before the first value').toBe(true);
    expect(down.slice(lastNull + 1)).toEqual([...up.slice(0, firstNull)].reverse());
  });
});

import { describe, expect, it } from 'vitest';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';
import { AUTH, json } from './support/test-mock.ts';

const DATETIME_FORMAT = 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].';

describe('engine: a date-time field as DRF reads it', () => {
  it.each([
    ['2025-01-01T12:00:00+03:00', '2025-01-01T09:00:00.000000Z'],
    ['2025-01-01 09:00', '2025-01-01T09:00:00.000000Z'],
    ['2025-01-01T09:00:00.5Z', '2025-01-01T09:00:00.500000Z'],
    ['2025-01-01T09:00:00.123456Z', '2025-01-01T09:00:00.123456Z'],
    ['2024-12-31T23:30:00-01:00', '2025-01-01T00:30:00.000000Z'],
  ])('stores %s in UTC and answers it as %s, as every date of the mock', async (sent, answered) => {
    const mock = await widgetMock();
    const res = await send(mock, 'POST', '/api/v1/widgets/', { ...VALID, released_at: sent });
    expect(res.status).toBe(201);
    const w = await json(res);
    expect(w.released_at).toBe(answered);
    expect((await mock.getJson(`/api/v1/widgets/${w.pk}/`)).released_at).toBe(answered);
  });

  it.each(['2025-02-30T00:00:00Z', '2025-04-31 10:00', '2025-01-01T24:00:00Z', '0000-06-01T00:00:00Z', '0000-06-01T00:00:00+01:00'])('refuses %s, a date that does not exist', async (sent) => {
    const mock = await widgetMock();
    const before = (await mock.getJson('/api/v1/widgets/')).count;
    const res = await send(mock, 'POST', '/api/v1/widgets/', { ...VALID, released_at: sent });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ released_at: [DATETIME_FORMAT] });
    expect((await mock.getJson('/api/v1/widgets/')).count).toBe(before);
  });

  it.each(['9999-12-31T23:59:59-01:00', '0001-01-01T00:30:00+01:00'])('refuses %s, past Python\'s years once in UTC, as Django does', async (sent) => {
    const mock = await widgetMock({ strict: true });
    const res = await send(mock, 'POST', '/api/v1/widgets/', { ...VALID, released_at: sent });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ released_at: ['Datetime value out of range.'] });
    expect((await mock.request('/api/v1/widgets/?limit=1000', { headers: AUTH })).status).toBe(200);
  });

  it('keeps a --strict list answering after a write with an offset (it stored the text, then 500ed every page)', async () => {
    const mock = await widgetMock({ strict: true });
    const res = await send(mock, 'PATCH', '/api/v1/widgets/1/', { released_at: '2025-01-01 09:00' });
    expect(res.status).toBe(200);
    expect((await mock.request('/api/v1/widgets/?limit=1000', { headers: AUTH })).status).toBe(200);
  });
});

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { send } from './support/engine-fixture.ts';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/** A date filter, an ordering with listed terms (`pk`, `name`), a nested object, lists with a min_length. */
const PARCELS = fileURLToPath(new URL('./fixtures/engine/parcels.openapi.yaml', import.meta.url));
const LIST = '/api/v1/parcels/';
const ADDRESS = { city: 'İzmir', street: 'Kordon 1' };
const parcelMock = () => createTestMock({ spec: [PARCELS] });

async function create(mock: TestMock, body: Record<string, unknown>): Promise<any> {
  const res = await send(mock, 'POST', LIST, { address: ADDRESS, ...body });
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
  return json(res);
}
const names = async (mock: TestMock, query: string, prefix: string): Promise<string[]> =>
  (await mock.getJson(`${LIST}?limit=1000&${query}`)).results.map((p: { name: string }) => p.name).filter((n: string) => n.startsWith(prefix));

describe('engine: a format: date filter, as django-filter\'s DateFilter', () => {
  it.each(['2025-13-01', '2025-02-30', 'yesterday', '0000-01-01', '%20', '2025-01-05T00:00:00Z'])('answers ?shipped_on=%s "Enter a valid date."', async (value) => {
    const mock = await parcelMock();
    for (const name of ['shipped_on', 'shipped_on__gte', 'shipped_on__in']) {
      const res = await mock.request(`${LIST}?${name}=${value}`, { headers: AUTH });
      expect(res.status, name).toBe(400);
      expect(await json(res)).toEqual({ [name]: ['Enter a valid date.'] });
    }
  });

  it('compares as dates: 2025-1-5 is the fifth of January, not text after 2025-01-20', async () => {
    const mock = await parcelMock();
    await create(mock, { name: 'd-a', shipped_on: '2024-12-31' });
    await create(mock, { name: 'd-b', shipped_on: '2025-01-05' });
    await create(mock, { name: 'd-c', shipped_on: '2025-01-20' });
    await create(mock, { name: 'd-d', shipped_on: null });
    expect((await names(mock, 'shipped_on__gte=2025-1-5', 'd-')).sort()).toEqual(['d-b', 'd-c']);
    expect(await names(mock, 'shipped_on__lt=2025-1-5', 'd-')).toEqual(['d-a']);
    expect(await names(mock, 'shipped_on=2025-1-5', 'd-')).toEqual(['d-b']);
    expect((await names(mock, 'shipped_on__in=2024-12-31,2025-1-20', 'd-')).sort()).toEqual(['d-a', 'd-c']);
  });
});

describe('engine: a format: date body field, as DRF\'s DateField', () => {
  it.each(['0000-01-01', '0000-1-1'])('refuses %s: Python\'s dates start at year 1', async (value) => {
    const mock = await parcelMock();
    const res = await send(mock, 'POST', LIST, { name: 'a', address: ADDRESS, shipped_on: value });
    expect([res.status, await json(res)]).toEqual([400, { shipped_on: ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'] }]);
    expect((await create(mock, { name: 'b', shipped_on: '0001-1-1' })).shipped_on).toBe('0001-01-01');
  });
});

describe('engine: a PATCH reaches a nested serializer as partial', () => {
  it('takes a nested object without its required fields and updates the stored one', async () => {
    const mock = await parcelMock();
    const made = await create(mock, { name: 'nested' });
    const res = await send(mock, 'PATCH', `${LIST}${made.id}/`, { address: { zip: '35000' } });
    expect(res.status).toBe(200);
    expect((await json(res)).address).toEqual({ ...ADDRESS, zip: '35000' });
    expect((await mock.getJson(`${LIST}${made.id}/`)).address).toEqual({ ...ADDRESS, zip: '35000' });
  });

  it('still reads what it is sent: a nested field of the wrong type is refused', async () => {
    const mock = await parcelMock();
    const made = await create(mock, { name: 'nested' });
    const res = await send(mock, 'PATCH', `${LIST}${made.id}/`, { address: { city: ['x'] } });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ address: { city: ['Not a valid string.'] } });
  });

  it('a POST still requires the nested object\'s fields', async () => {
    const mock = await parcelMock();
    const res = await send(mock, 'POST', LIST, { name: 'nested', address: { zip: '35000' } });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ address: { city: ['This field is required.'], street: ['This field is required.'] } });
  });
});

describe('engine: [] for a list with a min_length, as DRF\'s allow_empty=True default', () => {
  it.each([
    ['a ListField(min_length=2)', { codes: [] }, { codes: ['Ensure this field has at least 2 elements.'] }],
    ['a nested many=True serializer (min_length=2)', { boxes: [] }, { boxes: { non_field_errors: ['Ensure this field has at least 2 elements.'] } }],
    ['a list of allow_empty=False (minItems 1)', { notes: [] }, { notes: ['This list may not be empty.'] }],
  ])('answers %s with its own message', async (_name, body, errors) => {
    const mock = await parcelMock();
    const res = await send(mock, 'POST', LIST, { name: 'lists', address: ADDRESS, ...body });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual(errors);
  });
});

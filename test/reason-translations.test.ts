import { beforeEach, describe, expect, it } from 'vitest';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * A reason's `translations` (read-only for the vendor) outlive a write to its `subject`: the
 * subject is the default language's text, and Django leaves the other languages' fields alone.
 */

const JSON_TYPE = { 'Content-Type': 'application/json' };
const reason = (pk: number) => `/api/v1/cancellation_reasons/${pk}/`;
const channelReason = (pk: number) => `/api/v1/channel/1/cancellation_reasons/${pk}/`;
const MISTAKE = { 'en-us': { subject: 'I placed my order by mistake.' } };

let mock: TestMock;
beforeEach(async () => {
  mock = await createTestMock({ size: 20 });
});

const write = async (method: string, path: string, body: unknown) => {
  const res = await mock.request(path, { method, headers: { ...AUTH, ...JSON_TYPE }, body: JSON.stringify(body) });
  return { status: res.status, body: await json(res) };
};

describe('cancellation reason translations', () => {
  it('keeps them when a PATCH changes the subject, and through a second change', async () => {
    const before = await mock.getJson(reason(1));
    expect(before).toMatchObject({ subject: 'Siparişimi yanlışlıkla verdim.', translations: MISTAKE });
    const patched = await write('PATCH', reason(1), { subject: 'Yanlışlıkla sipariş verdim.' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ subject: 'Yanlışlıkla sipariş verdim.', translations: MISTAKE });
    expect(await mock.getJson(reason(1))).toMatchObject({ translations: MISTAKE });
    await write('PATCH', reason(1), { subject: 'Bir daha' });
    expect(await mock.getJson(reason(1))).toMatchObject({ subject: 'Bir daha', translations: MISTAKE });
  });

  it('keeps them through a PUT on the plain path and the channel path', async () => {
    const put = await write('PUT', reason(1), { cancellation_type: 'cancel', subject: 'Yeni konu' });
    expect(put.status).toBe(200);
    expect(put.body.translations).toEqual(MISTAKE);
    const channel = await write('PUT', channelReason(1), { subject: 'Kanal konusu' });
    expect(channel.status).toBe(200);
    expect(channel.body.translations).toEqual(MISTAKE);
  });

  it.each([
    ['a language that is not an object', { 'en-us': 5 }],
    ['a text that is not a string', { 'en-us': { subject: ['x'] } }],
    ['a list', [{ subject: 'x' }]],
  ])('a state import refuses translations with %s, and keeps the reason as it was', async (_, translations) => {
    const lines = (await (await mock.request('/__mock/state')).text()).split('\n');
    const i = lines.findIndex((l) => l.includes('"map":"reasons","k":1,'));
    const row = JSON.parse(lines[i]!);
    row.v.translations = translations;
    lines[i] = JSON.stringify(row);
    const res = await mock.request('/__mock/state', { method: 'PUT', headers: { 'Content-Type': 'application/x-ndjson' }, body: lines.join('\n') });
    expect(res.status).toBe(400);
    expect(((await json(res)) as { detail: string }).detail).toContain('"translations" must be an object of languages');
    expect(await mock.getJson(reason(1))).toMatchObject({ translations: MISTAKE });
  });

  it('keeps them through a state export and import, and a reset returns the seeded reason', async () => {
    await write('PATCH', reason(1), { subject: 'Dışa aktarılan' });
    const exported = await (await mock.request('/__mock/state')).text();
    await mock.request('/__mock/reset', { method: 'POST' });
    const imported = await mock.request('/__mock/state', { method: 'PUT', headers: { 'Content-Type': 'application/x-ndjson' }, body: exported });
    expect(imported.status).toBe(200);
    expect(await mock.getJson(reason(1))).toMatchObject({ subject: 'Dışa aktarılan', translations: MISTAKE });
    await mock.request('/__mock/reset', { method: 'POST' });
    expect(await mock.getJson(reason(1))).toMatchObject({ subject: 'Siparişimi yanlışlıkla verdim.', translations: MISTAKE });
  });
});

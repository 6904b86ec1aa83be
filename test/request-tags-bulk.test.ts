import { beforeAll, describe, expect, it } from 'vitest';
import { createTestMock, type TestMock } from './support/test-mock.ts';

/**
 * Bulk tagging (issue 6): `{"ids", "keys"}` on many requests, all or nothing. Atomicity is
 * proven on state: every request's tags are read back through the API before and after a
 * refused call, and must not have moved.
 */

const BASE = '/api/v1/cancellation_requests/';
let mock: TestMock;
let ids: number[];

beforeAll(async () => {
  mock = await createTestMock({ size: 60 });
  ids = (await mock.getJson(`${BASE}?limit=1000`)).results.map((r: any) => r.id);
  expect(ids.length).toBeGreaterThan(10);
});

const tagsOf = (id: number): Promise<string[]> => mock.getJson(`${BASE}${id}/tags/`);
/** Every request's tags, read through the served API. */
async function everyRequestsTags(): Promise<Map<number, string[]>> {
  return new Map(await Promise.all(ids.map(async (id) => [id, await tagsOf(id)] as const)));
}
async function bulk(
  action: 'bulk_add_tags' | 'bulk_remove_tags',
  body: unknown,
  status: number,
): Promise<any> {
  const res = await mock.postJson(`${BASE}${action}/`, body);
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return text === '' ? null : JSON.parse(text);
}

describe('bulk tagging of cancellation requests', () => {
  it('adds every key to every request, and bulk remove takes them off again', async () => {
    const chosen = [ids[0]!, ids[3]!, ids[7]!];
    const before = await everyRequestsTags();
    expect(
      await bulk('bulk_add_tags', { ids: chosen, keys: [' bulk-a', 'bulk-b', 'bulk-a'] }, 204),
    ).toBeNull();
    const added = await everyRequestsTags();
    for (const id of ids) {
      const expected = chosen.includes(id)
        ? [...before.get(id)!, 'bulk-a', 'bulk-b'].sort()
        : before.get(id);
      expect(added.get(id), String(id)).toEqual(expected);
    }
    // Twice is a set: nothing more.
    await bulk('bulk_add_tags', { ids: chosen, keys: ['bulk-a'] }, 204);
    expect(await everyRequestsTags()).toEqual(added);
    expect(
      await bulk(
        'bulk_remove_tags',
        { ids: [...chosen, ids[1]!], keys: ['bulk-a', 'bulk-b', 'bulk-absent'] },
        204,
      ),
    ).toBeNull();
    expect(await everyRequestsTags()).toEqual(before);
  });

  it('takes ids as DRF does: integers or digit strings, repeats allowed', async () => {
    const id = ids[2]!;
    await bulk('bulk_add_tags', { ids: [String(id), id], keys: ['bulk-str'] }, 204);
    expect(await tagsOf(id)).toContain('bulk-str');
    await bulk('bulk_remove_tags', { ids: [` ${id} `], keys: ['bulk-str'] }, 204);
    expect(await tagsOf(id)).not.toContain('bulk-str');
  });

  it('refuses the whole call for one unknown id, naming it, and changes no request', async () => {
    const seededKey = mock.store.tags.cancellation_request.entries()[0]![1][0]!;
    const carrying = ids.filter((id) => mock.store.tags.cancellation_request.has(id, seededKey));
    const before = await everyRequestsTags();
    expect(
      await bulk('bulk_add_tags', { ids: [ids[0], ids[1], 999999, ids[2]], keys: ['never'] }, 400),
    ).toEqual({
      ids: ['Invalid pk "999999" - object does not exist.'],
    });
    expect(
      await bulk('bulk_remove_tags', { ids: [...carrying, 999999], keys: [seededKey] }, 400),
    ).toEqual({
      ids: ['Invalid pk "999999" - object does not exist.'],
    });
    expect(await bulk('bulk_add_tags', { ids: [ids[0], '999998'], keys: ['never'] }, 400)).toEqual({
      ids: ['Invalid pk "999998" - object does not exist.'],
    });
    expect(await everyRequestsTags()).toEqual(before);
  });

  /** Each bad body is built around a known id (`id`), so only the named fault is wrong. */
  const badBodies: Array<[string, (id: number) => unknown, unknown]> = [
    [
      'no fields',
      () => ({}),
      { ids: ['This field is required.'], keys: ['This field is required.'] },
    ],
    [
      'ids not a list',
      () => ({ ids: 5, keys: ['k'] }),
      { ids: ['Expected a list of items but got type "int".'] },
    ],
    ['no ids', () => ({ ids: [], keys: ['k'] }), { ids: ['This list may not be empty.'] }],
    [
      'an id that is no pk',
      (id) => ({ ids: [id, 'abc'], keys: ['k'] }),
      { ids: ['Incorrect type. Expected pk value, received str.'] },
    ],
    [
      'a boolean id',
      () => ({ ids: [true], keys: ['k'] }),
      { ids: ['Incorrect type. Expected pk value, received bool.'] },
    ],
    [
      'a null id',
      () => ({ ids: [null], keys: ['k'] }),
      { ids: ['Invalid pk "None" - object does not exist.'] },
    ],
    [
      'keys not a list',
      (id) => ({ ids: [id], keys: 'k' }),
      { keys: ['Expected a list of items but got type "str".'] },
    ],
    ['no keys', (id) => ({ ids: [id], keys: [] }), { keys: ['This list may not be empty.'] }],
    [
      'a bad key and bad ids together',
      () => ({ ids: 'ALL', keys: ['ok', 'k'.repeat(65)] }),
      {
        ids: ['Expected a list of items but got type "str".'],
        keys: { 1: ['Ensure this field has no more than 64 characters.'] },
      },
    ],
    [
      'a list body',
      () => [1, 2],
      { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] },
    ],
  ];

  it.each(badBodies)(
    'answers 400 for %s, naming each field, and applies nothing',
    async (_label, body, answer) => {
      const before = await everyRequestsTags();
      expect(await bulk('bulk_add_tags', body(ids[0]!), 400)).toEqual(answer);
      expect(await bulk('bulk_remove_tags', body(ids[0]!), 400)).toEqual(answer);
      expect(await everyRequestsTags()).toEqual(before);
    },
  );

  it('refuses a good id list with one bad key, leaving the good ids untagged', async () => {
    const before = await everyRequestsTags();
    expect(await bulk('bulk_add_tags', { ids: [ids[0], ids[1]], keys: ['fine', ''] }, 400)).toEqual(
      {
        keys: { 1: ['This field may not be blank.'] },
      },
    );
    expect(await everyRequestsTags()).toEqual(before);
  });
});

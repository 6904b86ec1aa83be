import { beforeAll, describe, expect, it } from 'vitest';
import { isMutating } from '../src/http/operation-gate.ts';
import { AUTH, READONLY_TOKEN, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * The tags of one cancellation request (issue 6): read, add one or many, remove one or many,
 * as sets, with key rules, read back after every write through the served API. Each test uses
 * its own keys, so the tests share one mock without seeing each other's tags.
 */

const BASE = '/api/v1/cancellation_requests/';
let mock: TestMock;
/** Request ids, newest first. */
let ids: number[];

beforeAll(async () => {
  mock = await createTestMock({ size: 100 });
  ids = (await mock.getJson(`${BASE}?limit=1000`)).results.map((r: any) => r.id);
});

const tagsOf = (id: number): Promise<string[]> => mock.getJson(`${BASE}${id}/tags/`);
async function write(
  id: number | string,
  action: string,
  body: unknown,
  status = 204,
): Promise<any> {
  const res = await mock.postJson(`${BASE}${id}/${action}/`, body);
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return text === '' ? null : JSON.parse(text);
}

describe("a cancellation request's tags", () => {
  it('read as a sorted list of strings, as the seed left them', async () => {
    const seeded = mock.store.tags.cancellation_request.entries().find(([, t]) => t.length >= 2);
    expect(seeded, 'the seed tags some request twice').toBeDefined();
    const [id, tags] = seeded!;
    const read = await tagsOf(id);
    expect(read).toEqual(tags);
    expect(read).toEqual([...read].sort());
    const untagged = ids.find((i) => mock.store.tags.cancellation_request.tagsOf(i).length === 0)!;
    expect(await tagsOf(untagged)).toEqual([]);
  });

  it('add one key, trimmed, and adding it twice keeps one', async () => {
    const id = ids[0]!;
    const before = await tagsOf(id);
    expect(await write(id, 'add_tag', { key: '  zz-one  ' })).toBeNull();
    expect(await tagsOf(id)).toEqual([...before, 'zz-one'].sort());
    await write(id, 'add_tag', { key: 'zz-one' });
    await write(id, 'add_tag', { key: '\tzz-one\n' });
    expect(await tagsOf(id)).toEqual([...before, 'zz-one'].sort());
    await write(id, 'add_tag', { key: 'aa-one' });
    const after = await tagsOf(id);
    expect(after).toEqual([...before, 'aa-one', 'zz-one'].sort());
    expect(after[0]).toBe('aa-one');
  });

  it('remove one key, and removing an absent key is no error', async () => {
    const id = ids[1]!;
    const before = await tagsOf(id);
    await write(id, 'add_tag', { key: 'rm-one' });
    expect(await tagsOf(id)).toContain('rm-one');
    expect(await write(id, 'remove_tag', { key: ' rm-one ' })).toBeNull();
    expect(await tagsOf(id)).toEqual(before);
    await write(id, 'remove_tag', { key: 'rm-one' });
    await write(id, 'remove_tag', { key: 'never-there' });
    expect(await tagsOf(id)).toEqual(before);
  });

  it('add and remove many keys at once, repeats and absent keys included', async () => {
    const id = ids[2]!;
    const before = await tagsOf(id);
    await write(id, 'add_tags', { keys: ['many-b', ' many-a', 'many-b', 'many-c '] });
    expect(await tagsOf(id)).toEqual([...before, 'many-a', 'many-b', 'many-c'].sort());
    await write(id, 'add_tags', { keys: ['many-a'] });
    expect(await tagsOf(id)).toEqual([...before, 'many-a', 'many-b', 'many-c'].sort());
    await write(id, 'remove_tags', { keys: ['many-a', 'many-c', 'many-absent'] });
    expect(await tagsOf(id)).toEqual([...before, 'many-b'].sort());
    await write(id, 'remove_tags', { keys: ['many-b'] });
    expect(await tagsOf(id)).toEqual(before);
  });

  it('accept a key of exactly 64 characters, counted as Unicode characters', async () => {
    const id = ids[3]!;
    const long = 'k'.repeat(64);
    const emoji = '🙂'.repeat(64); // 128 UTF-16 units, 64 characters
    await write(id, 'add_tags', { keys: [long, emoji, 'müşteri-İade'] });
    expect(await tagsOf(id)).toEqual(expect.arrayContaining([long, emoji, 'müşteri-İade']));
  });

  it('leave the request record itself alone (tags live beside it)', async () => {
    const id = ids[4]!;
    const before = await mock.getJson(`${BASE}${id}/`);
    await write(id, 'add_tag', { key: 'record-untouched' });
    expect(await mock.getJson(`${BASE}${id}/`)).toEqual(before);
  });
});

/** A bad body for a one-key or many-key write, and DRF's answer naming the field. */
const badBodies: Array<[action: string, body: unknown, answer: unknown]> = [
  ['add_tag', {}, { key: ['This field is required.'] }],
  ['add_tag', { keys: ['x'] }, { key: ['This field is required.'] }],
  ['add_tag', { key: null }, { key: ['This field may not be null.'] }],
  ['add_tag', { key: '' }, { key: ['This field may not be blank.'] }],
  ['add_tag', { key: ' \t ' }, { key: ['This field may not be blank.'] }],
  [
    'add_tag',
    { key: 'k'.repeat(65) },
    { key: ['Ensure this field has no more than 64 characters.'] },
  ],
  [
    'add_tag',
    { key: ` ${'k'.repeat(65)} ` },
    { key: ['Ensure this field has no more than 64 characters.'] },
  ],
  ['add_tag', { key: 'a\tb' }, { key: ['Control characters are not allowed.'] }],
  ['add_tag', { key: 'a\u0000b' }, { key: ['Control characters are not allowed.'] }],
  ['add_tag', { key: 'a\u0085b' }, { key: ['Control characters are not allowed.'] }],
  ['add_tag', { key: 5 }, { key: ['Not a valid string.'] }],
  ['add_tag', { key: ['a'] }, { key: ['Not a valid string.'] }],
  ['add_tag', ['a'], { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] }],
  ['remove_tag', { key: '' }, { key: ['This field may not be blank.'] }],
  ['remove_tag', { key: 5 }, { key: ['Not a valid string.'] }],
  ['add_tags', {}, { keys: ['This field is required.'] }],
  ['add_tags', { key: 'a' }, { keys: ['This field is required.'] }],
  ['add_tags', { keys: 'a' }, { keys: ['Expected a list of items but got type "str".'] }],
  ['add_tags', { keys: { a: 1 } }, { keys: ['Expected a list of items but got type "dict".'] }],
  ['add_tags', { keys: [] }, { keys: ['This list may not be empty.'] }],
  ['add_tags', { keys: null }, { keys: ['This field may not be null.'] }],
  ['add_tags', { keys: ['ok', ''] }, { keys: { 1: ['This field may not be blank.'] } }],
  [
    'add_tags',
    { keys: [5, 'ok', 'k'.repeat(65)] },
    {
      keys: {
        0: ['Not a valid string.'],
        2: ['Ensure this field has no more than 64 characters.'],
      },
    },
  ],
  ['remove_tags', { keys: 'a' }, { keys: ['Expected a list of items but got type "str".'] }],
  ['remove_tags', { keys: ['a\nb'] }, { keys: { 0: ['Control characters are not allowed.'] } }],
];

describe('a tag write with a bad body', () => {
  it.each(badBodies)(
    '%s %j answers 400 naming the field, and changes nothing',
    async (action, body, answer) => {
      const id = ids[5]!;
      await write(id, 'add_tag', { key: 'bad-body-guard' });
      const before = await tagsOf(id);
      expect(await write(id, action, body, 400)).toEqual(answer);
      expect(await tagsOf(id)).toEqual(before);
    },
  );

  it('with no body at all answers {"key": ["This field is required."]}', async () => {
    const res = await mock.request(`${BASE}${ids[5]}/add_tag/`, { method: 'POST', headers: AUTH });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ key: ['This field is required.'] });
  });

  it("that is no JSON answers DRF's parse error or 415, and changes nothing", async () => {
    const id = ids[5]!;
    const before = await tagsOf(id);
    const broken = await mock.request(`${BASE}${id}/add_tags/`, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: '{"keys": [',
    });
    expect(broken.status).toBe(400);
    expect((await json(broken)).code).toBe('parse_error');
    const text = await mock.request(`${BASE}${id}/add_tag/`, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'text/plain' },
      body: 'x',
    });
    expect(text.status).toBe(415);
    expect(await tagsOf(id)).toEqual(before);
  });
});

describe('the tag operations of one request', () => {
  const perRequest: Array<[string, string, unknown]> = [
    ['GET', 'tags', undefined],
    ['POST', 'add_tag', { key: 't' }],
    ['POST', 'add_tags', { keys: ['t'] }],
    ['POST', 'remove_tag', { key: 't' }],
    ['POST', 'remove_tags', { keys: ['t'] }],
  ];

  it.each(perRequest)(
    '%s {id}/%s/ answers 404 for an unknown or non-numeric id',
    async (method, action, body) => {
      for (const id of [999999, 'abc', '-1']) {
        const res = await mock.request(`${BASE}${id}/${action}/`, {
          method,
          headers: { ...AUTH, 'Content-Type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        expect(res.status, String(id)).toBe(404);
        expect(await json(res)).toEqual({ detail: 'Not found.', code: 'not_found' });
      }
    },
  );

  it('answer 404 before reading the body (DRF looks the object up first)', async () => {
    const res = await mock.request(`${BASE}999999/add_tag/`, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'text/plain' },
      body: 'x',
    });
    expect(res.status).toBe(404);
  });
});

describe('a read-only token', () => {
  const RO = { Authorization: `Token ${READONLY_TOKEN}`, 'Content-Type': 'application/json' };

  it('is refused every tag write with 403, and nothing is written', async () => {
    const id = ids[6]!;
    const before = await tagsOf(id);
    const writes: Array<[string, unknown]> = [
      [`${id}/add_tag/`, { key: 'ro' }],
      [`${id}/add_tags/`, { keys: ['ro'] }],
      [`${id}/remove_tag/`, { key: before[0] ?? 'ro' }],
      [`${id}/remove_tags/`, { keys: before.length ? before : ['ro'] }],
      ['bulk_add_tags/', { ids: [id], keys: ['ro'] }],
      ['bulk_remove_tags/', { ids: [id], keys: before.length ? before : ['ro'] }],
    ];
    for (const [path, body] of writes) {
      const res = await mock.request(`${BASE}${path}`, {
        method: 'POST',
        headers: RO,
        body: JSON.stringify(body),
      });
      expect(res.status, path).toBe(403);
      expect(await json(res)).toEqual({
        detail: 'You do not have permission to perform this action.',
        code: 'permission_denied',
      });
    }
    expect(await tagsOf(id)).toEqual(before);
  });

  it('reads tags and both filter lists, in their GET and their POST forms', async () => {
    const key = mock.store.tags.cancellation_request.entries()[0]![1][0]!;
    const reads: Array<[string, string, unknown]> = [
      ['GET', `${ids[0]}/tags/`, undefined],
      ['GET', `filter_tags/?key=${encodeURIComponent(key)}`, undefined],
      ['GET', `exclude_tags/?key=${encodeURIComponent(key)}`, undefined],
      ['POST', 'filter_tags/', { key }],
      ['POST', 'exclude_tags/', { key }],
    ];
    for (const [method, path, body] of reads) {
      const res = await mock.request(`${BASE}${path}`, {
        method,
        headers: RO,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(res.status, `${method} ${path}`).toBe(200);
    }
  });

  it('follows isMutating: the POST filter lists and login are reads, every tag write mutates', () => {
    for (const operationId of [
      'filterCancellationRequestsByTagPost',
      'excludeCancellationRequestsByTagPost',
      'login',
    ]) {
      expect(isMutating({ method: 'POST', operationId }), operationId).toBe(false);
    }
    for (const operationId of [
      'addCancellationRequestTag',
      'addCancellationRequestTags',
      'removeCancellationRequestTag',
      'removeCancellationRequestTags',
      'bulkAddCancellationRequestTags',
      'bulkRemoveCancellationRequestTags',
    ]) {
      expect(isMutating({ method: 'POST', operationId }), operationId).toBe(true);
    }
    expect(isMutating({ method: 'GET', operationId: 'listCancellationRequestTags' })).toBe(false);
  });
});

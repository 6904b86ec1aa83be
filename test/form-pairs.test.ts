import { describe, expect, it } from 'vitest';
import { formPairsOf, lastValuesOf } from '../src/domain/shared/filter-parse.ts';
import { AUTH, createTestMock } from './support/test-mock.ts';

/**
 * A list query's pairs are read from the text when the filter parse misses (issue 26: a client
 * walking ~1,000 distinct dates misses every time), without a `URLSearchParams`. Wherever that
 * reading answers, it must be exactly the form parser's: names, values, order, the last value of
 * a repeated name.
 */

const SPELLINGS = [
  '',
  'status=waiting',
  'status=waiting&cancellation_type=cancel&created_date__lte=2024-01-01T05%3A00%3A00.000123Z&limit=10',
  'status=waiting&status=approved',
  'limit=1&status=waiting&limit=2',
  '%73tatus=wait%69ng',
  'a+b=c+d&x=%2B%20y',
  'status',
  'status=&limit=',
  '=x',
  '&&status=waiting&',
  'a=b=c',
  'a=%C3%A9t%C3%A9',
  'a=%E2%82%AC&b=%F0%9F%98%80',
  'a=%26%3D%23%3F',
  'A=1&a=2',
  'a=1&&&b=2&&',
  // Where the two would differ, the text reader must hand over (null) rather than answer.
  'a=%',
  'a=%zz',
  'a=%C3',
  'a=%ED%A0%80',
  'a=%FF',
  '?a=1',
  'a=\u00e9',
  'a=b\tc',
];

describe('a query read from its text', () => {
  it.each(SPELLINGS)('reads %j as the form parser does, or hands it over', (search) => {
    const pairs = formPairsOf(search);
    const parsed = lastValuesOf(new URLSearchParams(search));
    if (pairs !== null) expect([...pairs]).toEqual([...parsed]);
  });

  it('reads the spellings a client sends every day itself (the point of the text reader)', () => {
    const handedOver = SPELLINGS.indexOf('a=%');
    expect(handedOver).toBeGreaterThan(10);
    for (const search of SPELLINGS.slice(0, handedOver)) {
      expect(formPairsOf(search), search).not.toBeNull();
    }
  });

  it('reads many pairs without an `=` in linear time (a search per pair ran to the end: quadratic)', () => {
    // 300,000 bare names before one 30,000,000-character name: a search per pair reads ~9·10¹²
    // characters (minutes, past the test timeout); one kept search reads the text once.
    const long = 'x'.repeat(30_000_000);
    const pairs = [...formPairsOf(`${'a&'.repeat(300_000)}${long}=1`)!];
    // Compared piece by piece: a failing `toEqual` would print a 30 M-character diff.
    expect(pairs.length === 2 && pairs[0]![0] === 'a' && pairs[0]![1] === '' && pairs[1]![0] === long && pairs[1]![1] === '1').toBe(true);
    expect([...formPairsOf(`x=1&${'a&'.repeat(1_000)}y=2=3`)!]).toEqual([['x', '1'], ['a', ''], ['y', '2=3']]);
  });

  it('hands over the spellings it does not read itself', () => {
    for (const search of ['a=%', 'a=%zz', 'a=%C3', 'a=%ED%A0%80', 'a=%FF', '?a=1', 'a=\u00e9', 'a=b\tc']) {
      expect(formPairsOf(search), search).toBeNull();
    }
  });
});

describe('a request list asked in unusual spellings', () => {
  it('answers an escaped, reordered, repeated spelling as it answers the plain one', async () => {
    const mock = await createTestMock({ size: 60 });
    const get = async (query: string) => {
      const res = await mock.request(`/api/v1/cancellation_requests/?${query}`, { headers: AUTH });
      return { status: res.status, ignored: res.headers.get('X-Mock-Ignored-Params'), body: (await res.json()) as { count: number; results: { id: number }[] } };
    };
    const plain = await get('status=waiting&cancellation_type=cancel&limit=3');
    expect(plain.status).toBe(200);
    expect(plain.body.count).toBeGreaterThan(3);
    const spelled = await get('limit=3&%73tatus=wait%69ng&cancellation_type=approved&cancellation%5Ftype=cancel');
    expect(spelled.status).toBe(200);
    expect(spelled.body.count).toBe(plain.body.count);
    expect(spelled.body.results.map((r) => r.id)).toEqual(plain.body.results.map((r) => r.id));
    // `+` is a space in a name: no such filter, so it is named as ignored, decoded.
    const spaced = await get('status=waiting&cancellation_type=cancel&limit=3&my+note=x');
    expect(spaced.body.count).toBe(plain.body.count);
    expect(spaced.ignored).toBe('my%20note');
    // An escape that is not UTF-8 is still read as the form parser reads it (U+FFFD): a 400 naming the choice.
    const bad = await mock.request('/api/v1/cancellation_requests/?status=%FF', { headers: AUTH });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ status: ['Select a valid choice. \ufffd is not one of the available choices.'] });
  });
});

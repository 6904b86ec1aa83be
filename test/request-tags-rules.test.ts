import { describe, expect, it } from 'vitest';
import {
  applyTags,
  normaliseTagKey,
  readObjectIds,
  readTagKey,
  readTagKeys,
  tagKeyProblem,
} from '../src/domain/shared/tag-rules.ts';
import { createStore } from '../src/store/store.ts';
import { TagIndex } from '../src/store/tag-index.ts';
import type { TaggedResource } from '../src/store/types.ts';
import { AUTH, allRows, createTestMock } from './support/test-mock.ts';

/**
 * One tag model for both resources (issue 6): the key rules and set operations of
 * `tag-rules.ts` are resource-free, so plans and requests get the same behaviour; and the plan
 * list's `tag` filters read keys with the same normalisation as every write.
 */

describe('tag key rules', () => {
  it.each([
    ['vip', 'vip', null],
    ['  vip \n', 'vip', null],
    ['müşteri-İade', 'müşteri-İade', null],
    ['', '', 'This field may not be blank.'],
    [' \t\r\n ', '', 'This field may not be blank.'],
    ['k'.repeat(64), 'k'.repeat(64), null],
    ['🙂'.repeat(64), '🙂'.repeat(64), null],
    ['k'.repeat(65), 'k'.repeat(65), 'Ensure this field has no more than 64 characters.'],
    ['a\u0000b', 'a\u0000b', 'Control characters are not allowed.'],
    ['a\u007fb', 'a\u007fb', 'Control characters are not allowed.'],
    ['a\u009fb', 'a\u009fb', 'Control characters are not allowed.'],
    ['a b', 'a b', null],
  ])('%j normalises to %j, problem: %s', (raw, key, problem) => {
    expect(normaliseTagKey(raw)).toBe(key);
    expect(tagKeyProblem(normaliseTagKey(raw))).toBe(problem);
    expect(readTagKey(raw)).toEqual(problem ? { error: [problem] } : { value: key });
  });

  it("reads key lists as DRF's ListField: list errors flat, item errors by index", () => {
    expect(readTagKeys([' a', 'b ', 'a'])).toEqual({ value: ['a', 'b', 'a'] });
    expect(readTagKeys(undefined)).toEqual({ error: ['This field is required.'] });
    expect(readTagKeys('a')).toEqual({ error: ['Expected a list of items but got type "str".'] });
    expect(readTagKeys([])).toEqual({ error: ['This list may not be empty.'] });
    expect(readTagKeys(['a', '', 3])).toEqual({
      error: { 1: ['This field may not be blank.'], 2: ['Not a valid string.'] },
    });
  });

  it("reads object ids as DRF's PrimaryKeyRelatedField(many=True): the first bad one is the error", () => {
    const exists = (id: number) => id < 10;
    expect(readObjectIds([1, '2', 2, 1], exists)).toEqual({ value: [1, 2] });
    expect(readObjectIds([1, 12, 13], exists)).toEqual({
      error: ['Invalid pk "12" - object does not exist.'],
    });
    // Django's pk lookup runs `int(1.5)`; `"1.5"` is a text `int()` refuses.
    expect(readObjectIds([1.5], exists)).toEqual({ value: [1] });
    expect(readObjectIds([12.5], exists)).toEqual({ error: ['Invalid pk "12.5" - object does not exist.'] });
    expect(readObjectIds(['1.5'], exists)).toEqual({
      error: ['Incorrect type. Expected pk value, received str.'],
    });
    expect(readObjectIds([{}], exists)).toEqual({
      error: ['Incorrect type. Expected pk value, received dict.'],
    });
  });
});

describe('the shared set operations', () => {
  it.each<TaggedResource>(['cancellation_plan', 'cancellation_request'])(
    'behave as sets on the %s index',
    (resource) => {
      const index = createStore().tags[resource];
      applyTags(index, 'add', [1, 2], ['b', 'a', 'b']);
      applyTags(index, 'add', [1], ['a']);
      expect(index.tagsOf(1)).toEqual(['a', 'b']);
      expect([...index.idsWith('a')].sort()).toEqual([1, 2]);
      applyTags(index, 'remove', [1, 3], ['a', 'absent']);
      expect(index.tagsOf(1)).toEqual(['b']);
      expect(index.tagsOf(3)).toEqual([]);
      expect([...index.idsWith('a')]).toEqual([2]);
      applyTags(index, 'remove', [2], ['a']);
      expect(index.idsWith('a').size).toBe(0);
      expect(index.entries()).toEqual([
        [1, ['b']],
        [2, ['b']],
      ]);
    },
  );

  it('go through add and remove one pair at a time, so watching and copy-on-write indexes see every change', () => {
    const seen: string[] = [];
    class Watched extends TagIndex {
      override add(id: number, tag: string): void {
        seen.push(`+${id}:${tag}`);
        super.add(id, tag);
      }
      override remove(id: number, tag: string): void {
        seen.push(`-${id}:${tag}`);
        super.remove(id, tag);
      }
    }
    const index = new Watched();
    applyTags(index, 'add', [1, 2], ['x', 'y']);
    applyTags(index, 'remove', [2], ['x']);
    expect(seen).toEqual(['+1:x', '+1:y', '+2:x', '+2:y', '-2:x']);
    expect(index.tagsOf(2)).toEqual(['y']);
  });
});

describe("the plan list's tag filters on the shared model", () => {
  it('read a padded key as every tag write would store it', async () => {
    const mock = await createTestMock({ size: 40 });
    const plans = await allRows(mock, '/api/v1/cancellation_plans/');
    const [pk, [key]] = mock.store.tags.cancellation_plan.entries()[0]! as [number, string[]];
    const padded = encodeURIComponent(`  ${key}\t`);
    const tagged = (await allRows(mock, '/api/v1/cancellation_plans/', `tag=${padded}`)).map(
      (p) => p.pk,
    );
    const untagged = (
      await allRows(mock, '/api/v1/cancellation_plans/', `tag__exclude=${padded}`)
    ).map((p) => p.pk);
    expect(tagged).toContain(pk);
    expect(untagged).not.toContain(pk);
    expect([...tagged, ...untagged].sort((a, b) => a - b)).toEqual(
      plans.map((p) => p.pk).sort((a, b) => a - b),
    );
    expect(tagged).toEqual(
      plans.filter((p) => mock.store.tags.cancellation_plan.has(p.pk, key!)).map((p) => p.pk),
    );
    const res = await mock.request('/api/v1/cancellation_plans/?tag=nobody-has-this', {
      headers: AUTH,
    });
    expect(((await res.json()) as any).count).toBe(0);
  });
});

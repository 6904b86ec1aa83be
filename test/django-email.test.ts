import { describe, expect, it } from 'vitest';
import { isDjangoEmail } from '../src/common/django-email.ts';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';
import { json } from './support/test-mock.ts';

/**
 * The engine's `format: email` is Django's `EmailValidator` (Django 5.2+, which current DRF
 * requires), read in one pass. A copy of Django's own patterns (JS syntax, `u` flag so code points
 * compare as Python's `re` compares them; the four letters `re.IGNORECASE` folds into `[A-Z]`
 * written out) is the reference: it backtracks, so it only meets small inputs here.
 */

const UL = '\\u00a1-\\uffff';
const FOLDED = '\\u0130\\u0131\\u017f\\u212a';
const ATOM = `[-!#$%&'*+/=?^_\`{}|~0-9A-Za-z${FOLDED}]`;
const USER = new RegExp(`^(?:${ATOM}+(?:\\.${ATOM}+)*|"(?:[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f!#-\\[\\]-\\x7f${FOLDED}]|\\\\[\\x01-\\x09\\x0b\\x0c\\x0e-\\x7f${FOLDED}])*")$`, 'u');
const HOST = `[a-z${UL}0-9](?:[a-z${UL}0-9-]{0,61}[a-z${UL}0-9])?`;
const DOMAIN_PART = `(?:\\.(?!-)[a-z${UL}0-9-]{1,63}(?<!-))*`;
const TLD = `\\.(?!-)(?:[a-z${UL}-]{2,63}|xn--[a-z0-9${FOLDED}]{1,59})(?<!-)`;
const DOMAIN = new RegExp(`^${HOST}${DOMAIN_PART}${TLD}$`, 'iu');

/** Django's `EmailValidator.__call__` over the patterns above (address literals are left to the table below). */
function reference(value: string): boolean {
  if (value === '' || !value.includes('@') || [...value].length > 320) return false;
  const at = value.lastIndexOf('@');
  const domain = value.slice(at + 1);
  return USER.test(value.slice(0, at)) && (domain === 'localhost' || DOMAIN.test(domain));
}

/** Every text of up to `max` characters of `alphabet`. */
function* texts(alphabet: readonly string[], max: number): Generator<string> {
  let layer = [''];
  for (let n = 1; n <= max; n += 1) {
    layer = layer.flatMap((t) => alphabet.map((c) => t + c));
    yield* layer;
  }
}

describe("Django's EmailValidator, read in one pass", () => {
  it('agrees with the patterns on every user part of up to 5 characters of a small alphabet', () => {
    const differ = [...texts(['a', '.', '"', '\\', ' ', '@', 'ı'], 5)].map((user) => `${user}@b.co`)
      .filter((value) => isDjangoEmail(value) !== reference(value));
    expect(differ).toEqual([]);
  });

  it('agrees with the patterns on every domain of up to 6 characters of a small alphabet', () => {
    const values = [
      ...[...texts(['a', '1', '-', '.', 'é', '\u{1F600}'], 6)].map((domain) => `a@${domain}`),
      ...[...texts(['a', '1', '-', 'K'], 4)].map((tail) => `a@b.xn--${tail}`),
    ];
    expect(values.filter((value) => isDjangoEmail(value) !== reference(value))).toEqual([]);
    // The alphabets reach both verdicts often enough to mean something.
    expect(values.filter(isDjangoEmail).length).toBeGreaterThan(500);
  });

  // Each verdict checked against Python 3.11's `re` and `ipaddress` running Django's patterns.
  const TABLE: ReadonlyArray<readonly [string, boolean]> = [
    ['a@b.co', true], ['a@b.c', false], ['a@b..co', false], ['a@localhost', true], ['a@LOCALHOST', false],
    ['a@[1.2.3.4]', true], ['a@[::1]', true], ['a@[1::2::3]', false], ['a@[01.2.3.4]', false], ['a@[256.1.1.1]', false],
    ['a@[::ffff:1.2.3.4]', true], ['a@[1:2:3:4:5:6:7:8]', true], ['a@[1:2:3:4:5:6:7::]', true], ['a@[1:2:3:4:5:6:7:8:9]', false],
    ['a@[1:2:3:4:5:6:7:8::]', false], ['a@[0000:0000:0000:0000:0000:ffff:255.255.255.255]', false], ['a@[::ffff:255.255.255.255]', true], ['a@[1.2.3]', false],
    ['a@b.xn--p1ai', true], ['a@münchen.de', true], ['a@b.cé', true], ['a@b.\u{1F600}\u{1F600}', false],
    ['"a b"@c.de', false], ['"a\\"b"@c.de', true], ['"a@b"@c.de', true], ['a@b.-xy', false], ['a@b.12', false],
    ['a@-b.com', false], ['a@b-.com', false], ['A@B.CO', true], ['a@b.co.', false], ['.a@b.co', false], ['ı@b.co', true],
    [`${'x'.repeat(64)}@${'b'.repeat(63)}.co`, true], [`a@${'b'.repeat(64)}.co`, false],
    [`${'a'.repeat(314)}@b.com`, true], [`${'a'.repeat(315)}@b.com`, false],
  ];

  it.each(TABLE)('answers %j as Django does (%s)', (value, valid) => {
    expect(isDjangoEmail(value)).toBe(valid);
  });

  // Five of these are refused by the 320-character limit before the reader runs (which bounds it
  // anyway); the 302-character one is read through.
  it('answers hostile texts at once', () => {
    for (const hostile of [
      `a@${'.'.repeat(400_000)}`, `a@${'b.'.repeat(200_000)}c`, `"${'\\'.repeat(400_000)}`,
      `a@[${':'.repeat(400_000)}]`, `${'a.'.repeat(150)}@${'b-'.repeat(80)}`, `a@${'.'.repeat(300)}`,
    ]) expect(isDjangoEmail(hostile)).toBe(false);
  });

  it('answers a posted address through the engine as DRF\'s EmailField does', async () => {
    const mock = await widgetMock();
    for (const contact of ['a@b.c', 'a@b..co', 'a@b.12', '"a b"@c.de']) {
      const res = await send(mock, 'POST', '/api/v1/widgets/', { ...VALID, contact });
      expect(res.status, contact).toBe(400);
      expect(await json(res)).toEqual({ contact: ['Enter a valid email address.'] });
    }
    for (const contact of ['a@localhost', 'a@[::1]', 'a@münchen.de', ' a@b.co\u0085']) {
      const res = await send(mock, 'POST', '/api/v1/widgets/', { ...VALID, contact });
      expect(res.status, contact).toBe(201);
      expect((await json(res)).contact).toBe(contact === ' a@b.co\u0085' ? 'a@b.co' : contact);
    }
  });
});

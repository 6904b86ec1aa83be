import { describe, expect, it } from 'vitest';
import { Utf8Writer } from '../src/common/utf8-writer.ts';

/** What the writer must make of texts: exactly `TextEncoder`'s UTF-8 (lone surrogates as U+FFFD). */
const utf8 = (s: string) => new TextEncoder().encode(s);
const TEXTS = ['{"pk":1', 'ğüşıöç İĞÜŞÖÇ', '€ ₺ 中文', 'a😀b', '😀', '\ud83d', 'x\ude00y', '\ud83d\ud83d😀', '', 'ü'.repeat(300), 'ascii '.repeat(60) + '😀'];

describe('the UTF-8 writer', () => {
  it('writes every text as TextEncoder would, short and long, one after another', () => {
    const w = new Utf8Writer(64);
    w.begin();
    for (const t of TEXTS) w.text(t);
    expect(w.take()).toEqual(utf8(TEXTS.join('')));
  });

  it('keeps texts, bytes and repeats in order across builds sharing a buffer', () => {
    const w = new Utf8Writer(128);
    const made: Uint8Array[] = [];
    for (const t of TEXTS) {
      w.begin();
      w.text(t);
      const from = w.mark();
      w.bytes(utf8('|ş|'));
      w.text(t.slice(0, 3));
      const to = w.mark();
      w.repeat(from, to);
      made.push(w.take());
    }
    // Earlier builds' views still hold their bytes after later builds wrote on.
    made.forEach((bytes, i) => {
      const t = TEXTS[i]!;
      const tail = `|ş|${t.slice(0, 3)}`;
      expect(bytes).toEqual(utf8(t + tail + tail));
    });
  });

  it('writes a string as JSON.stringify would, escapes and all', () => {
    const strings = [...TEXTS, 'say "hi"', 'back\\slash', 'tab\tnew\nline\u0001', '\u2028\u2029', 'İade ödemesi ₺12,50', ''];
    const w = new Utf8Writer(64);
    w.begin();
    for (const t of strings) w.jsonString(t);
    expect(new TextDecoder().decode(w.take())).toBe(strings.map((t) => JSON.stringify(t)).join(''));
  });

  // Twelfth session: keys and counts are written as digits, without a string each.
  it('writes a whole number as its digits, as String would, and a key head with its brace or comma', () => {
    const numbers = [0, -0, 7, 9, 10, 99, 100, 101, 4096, 123456789, 2 ** 31, 2 ** 32 + 5, 999_999_999_999_999];
    const w = new Utf8Writer(64);
    w.begin();
    for (const n of numbers) {
      w.digits(n);
      w.head(utf8(',"k":'), n === 0);
    }
    expect(new TextDecoder().decode(w.take())).toBe(numbers.map((n) => `${String(n)}${n === 0 ? '{' : ','}"k":`).join(''));
  });

  // Fifteenth session: `bytes` reads a piece's size by `length` (the getter V8 inlines), not `byteLength`.
  it('copies bytes given as views at any offset, Buffers and empty arrays exactly, across slab ends', () => {
    const whole = utf8('{"pk":7,"name":"Lisanslı Beton Şapka","note":"€ ₺"}');
    const pieces = [
      whole.subarray(0, 8),
      whole.subarray(8, 9),
      new Uint8Array(0),
      whole.subarray(9),
      Buffer.from('|ğüş|'),
      new Uint8Array(whole.buffer, 3, 5),
      whole.subarray(whole.length),
      whole,
    ];
    const w = new Utf8Writer(16);
    const made: Uint8Array[] = [];
    for (let round = 0; round < 3; round += 1) {
      w.begin();
      for (const p of pieces) {
        w.bytes(p);
        w.text(',');
      }
      made.push(w.take());
    }
    const want = pieces.map((p) => [...p, 0x2c]).flat();
    for (const bytes of made) expect([...bytes]).toEqual(want);
  });
});

describe('a recycling UTF-8 writer', () => {
  /** One build of `text`, kept (retained) or not. */
  const build = (w: Utf8Writer, text: string) => {
    w.begin();
    w.text(text);
    return w.take();
  };
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  const nextRun = () => new Promise<void>((r) => setTimeout(r, 0));

  it('writes a let-go slab again only after the synchronous run, and never a retained one', async () => {
    // Room for a few builds a slab (a text of n code units asks room for 3n bytes).
    const w = new Utf8Writer(256, true);
    // Run 1: a retained build, then builds let go of at once, filling slab after slab.
    const keptOne = build(w, 'kept ğüş'.padEnd(40, '.'));
    w.retain(keptOne.buffer);
    const views: Array<[Uint8Array, string]> = [];
    for (let i = 0; i < 30; i += 1) {
      const text = `run-1 build ${i} ş`.padEnd(30, '-');
      const bytes = build(w, text);
      views.push([bytes, text]);
    }
    // Every view made in this run still holds its bytes: nothing let go of was written again yet.
    for (const [bytes, text] of views) expect(decode(bytes)).toBe(text);
    await nextRun();
    expect(w.freeSlabs).toBeGreaterThan(0);
    // Run 2: slabs are written again (the same buffers come back), the retained one never.
    const buffers = new Set<ArrayBufferLike>(views.map(([bytes]) => bytes.buffer));
    let reused = 0;
    for (let i = 0; i < 12; i += 1) {
      const bytes = build(w, `run-2 build ${i} ı`.padEnd(30, '+'));
      if (buffers.has(bytes.buffer)) reused += 1;
      expect(bytes.buffer).not.toBe(keptOne.buffer);
    }
    expect(reused).toBeGreaterThan(0);
    expect(decode(keptOne)).toBe('kept ğüş'.padEnd(40, '.'));
    // Let go of, the retained slab is written again in a later run.
    w.release(keptOne.buffer);
    await nextRun();
    const seen = new Set<ArrayBufferLike>();
    for (let i = 0; i < 40; i += 1) seen.add(build(w, `run-3 build ${i}`.padEnd(30, '*')).buffer);
    expect(seen.has(keptOne.buffer)).toBe(true);
  });

  it('does not recycle unless asked to', async () => {
    const w = new Utf8Writer(64);
    const first = build(w, 'first'.padEnd(50, '.'));
    for (let i = 0; i < 10; i += 1) build(w, `b${i}`.padEnd(50, '.'));
    await nextRun();
    for (let i = 0; i < 10; i += 1) expect(build(w, `c${i}`.padEnd(50, '.')).buffer).not.toBe(first.buffer);
    expect(decode(first)).toBe('first'.padEnd(50, '.'));
  });
});

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
});

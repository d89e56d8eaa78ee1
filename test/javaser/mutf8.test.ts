// Modified UTF-8 strings decode to exactly the UTF-16 code units Java wrote.
import { describe, expect, it } from 'vitest';
import { decodeMutf8 } from '../../src/javaser/index.js';
import { checkChunkings, errorCodes, valuesOf } from './chunking.js';
import { StreamBuilder, mutf8 } from './stream-builder.js';
import { prng } from '../support/prng.js';

const streamOf = (payload: number[]) => new StreamBuilder().header().raw(0x74).u16(payload.length).raw(...payload).build();

function parseString(payload: number[]): { values: unknown[]; errors: string[] } {
  const { events, mismatch } = checkChunkings(streamOf(payload), undefined, 2);
  expect(mismatch).toBeNull();
  return { values: valuesOf(events), errors: errorCodes(events) };
}

describe('modified UTF-8', () => {
  it('NUL is C0 80', () => {
    expect(parseString([0x61, 0xc0, 0x80, 0x62])).toEqual({ values: ['a\u0000b'], errors: [] });
  });

  it('supplementary characters arrive as surrogate pairs (6 bytes) and stay pairs', () => {
    const s = 'x\u{1f3c3}y'; // runner emoji
    expect(mutf8(s)).toHaveLength(8);
    expect(parseString(mutf8(s))).toEqual({ values: [s], errors: [] });
  });

  it('lone surrogates are kept', () => {
    for (const s of ['\ud800', '\udfff', 'a\udc00b', '\ud83c']) expect(parseString(mutf8(s))).toEqual({ values: [s], errors: [] });
  });

  it('umlauts and the BMP around the surrogates (U+D000-U+D7FF, U+E000-U+FFFF)', () => {
    const s = 'RÄTZ ß \ud000\ud7ff\ue000\uffff\ufffd\u0800\u07ff';
    expect(parseString(mutf8(s))).toEqual({ values: [s], errors: [] });
  });

  it('the whole BMP, every code unit, decodes without loss', () => {
    let all = '';
    for (let c = 0; c <= 0xffff; c++) all += String.fromCharCode(c);
    const bytes = Buffer.from(mutf8(all));
    expect(decodeMutf8(bytes, 0, bytes.length)).toBe(all);
    // And through the parser as a long string, chunk boundaries inside multi-byte sequences.
    const stream = new StreamBuilder().header().longStr(all).build();
    const { events, mismatch } = checkChunkings(stream, undefined, 2);
    expect(mismatch).toBeNull();
    expect(valuesOf(events)).toEqual([all]);
  });

  it('ASCII fast path gives the same as the exact decoder', () => {
    const s = 'Hello, Winlaufen 4:30:15.9 ~!';
    expect(parseString(mutf8(s)).values).toEqual([s]);
  });

  it('overlong forms are decoded as the JDK does and flagged', () => {
    // C1 81 = overlong 'A'; E0 81 81 = overlong 'A'; raw 00 byte.
    expect(parseString([0xc1, 0x81])).toEqual({ values: ['A'], errors: ['MUTF8_OVERLONG'] });
    expect(parseString([0xe0, 0x81, 0x81])).toEqual({ values: ['A'], errors: ['MUTF8_OVERLONG'] });
    expect(parseString([0x61, 0x00])).toEqual({ values: ['a\u0000'], errors: ['MUTF8_OVERLONG'] });
  });

  it('malformed bytes (which the JDK rejects) become U+FFFD and are flagged, never silently', () => {
    expect(parseString([0x80])).toEqual({ values: ['\ufffd'], errors: ['MUTF8_MALFORMED'] });
    expect(parseString([0xc3])).toEqual({ values: ['\ufffd'], errors: ['MUTF8_MALFORMED'] });
    expect(parseString([0xe2, 0x82])).toEqual({ values: ['\ufffd\ufffd'], errors: ['MUTF8_MALFORMED'] });
    // 4-byte UTF-8 is not modified UTF-8.
    expect(parseString([0xf0, 0x9f, 0x8f, 0x83])).toEqual({ values: ['\ufffd\ufffd\ufffd\ufffd'], errors: ['MUTF8_MALFORMED'] });
  });

  it('the flag carries the offset of the offending byte', () => {
    const { events } = checkChunkings(streamOf([0x61, 0x62, 0xff]), undefined, 1);
    const err = events.find((e) => e.type === 'error');
    expect(err?.type === 'error' && err.error.offset).toBe(4 + 3 + 2);
  });

  it('the caches of short strings never give one string for another', () => {
    // Few letters, lengths around the cache's word boundaries: many strings share words, lengths
    // and hash slots. Each is decoded from a fresh buffer at a varying offset, next to other bytes.
    const rand = prng(7);
    const letters = ['a', 'b', ':', '0', '1', 'ä', 'ß', '\u20ac'];
    const pool: string[] = [];
    for (let i = 0; i < 3000; i++) {
      let s = '';
      const n = 1 + Math.floor(rand() * 34);
      for (let k = 0; k < n; k++) s += letters[Math.floor(rand() * letters.length)];
      pool.push(s);
    }
    for (let round = 0; round < 4; round++) {
      for (const s of pool) {
        const body = mutf8(s);
        const pad = Math.floor(rand() * 5);
        const buf = Buffer.from([...Array<number>(pad).fill(0x7a), ...body, 0x7a, 0x7a, 0x7a]);
        expect(decodeMutf8(buf, pad, pad + body.length)).toBe(s);
      }
    }
    // Many more strings than cache slots, all of one length and one last word: slots are shared,
    // so a hit must compare every byte.
    const words: string[] = [];
    for (let i = 0; i < 40000; i++) words.push(`${(i * 2654435761 >>> 0).toString(36).padStart(7, '0').slice(0, 7)}:ende`);
    for (let round = 0; round < 2; round++) {
      let wrong = 0;
      for (const w of words) if (decodeMutf8(Buffer.from(w, 'latin1'), 0, w.length) !== w) wrong++;
      expect(wrong).toBe(0);
    }
  });

  it('a flagged string is flagged every time it comes again (only clean strings are cached)', () => {
    for (const payload of [[0x61, 0x00], [0x61, 0x62, 0x00], [0x61, 0x62, 0x63, 0x64, 0xc1, 0x81], [0xc3]]) {
      for (let i = 0; i < 3; i++) expect(parseString(payload).errors).toHaveLength(1);
    }
  });
});

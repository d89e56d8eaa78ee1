// Modified UTF-8 strings decode to exactly the UTF-16 code units Java wrote.
import { describe, expect, it } from 'vitest';
import { decodeMutf8 } from '../../src/javaser/index.js';
import { checkChunkings, errorCodes, valuesOf } from './chunking.js';
import { StreamBuilder, mutf8 } from './stream-builder.js';

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
});

// Hostile input: limits are explicit, errors are typed, nothing is allocated from a length field.
import { describe, expect, it } from 'vitest';
import { JavaStreamParser, defaultParserOptions, parseAll } from '../../src/javaser/index.js';
import { errorCodes, parseChunks, valuesOf } from './chunking.js';
import { SC_SERIALIZABLE, StreamBuilder, stringArrayDesc } from './stream-builder.js';

const S = () => new StreamBuilder().header();

describe('limits', () => {
  it('has sane defaults', () => {
    expect(defaultParserOptions).toMatchObject({
      maxDepth: 1000,
      maxArrayLength: 10_000_000,
      maxStringLength: 16 * 1024 * 1024,
      maxHandles: 5_000_000,
      maxBufferedBytes: 64 * 1024 * 1024,
      midStream: 'auto',
    });
  });

  it('100,000 nested arrays end in a DEPTH_LIMIT error, not a stack overflow', () => {
    const b = S();
    // [[[[... each level: TC_ARRAY, desc (new once, then reference), length 1
    b.array((x) => void x.classDesc('[Ljava.lang.Object;', SC_SERIALIZABLE), 1);
    for (let i = 1; i < 100_000; i++) b.raw(0x75).ref(0).i32(1);
    b.nul();
    const bytes = b.build();
    for (const chunk of [bytes.length, 1460, 7]) {
      const ev = parseAll(bytes, undefined, chunk);
      // Resynchronising lands in the nesting again: every error is the depth limit, no value leaks.
      const codes = errorCodes(ev);
      expect(codes.length).toBeGreaterThan(0);
      expect(new Set(codes)).toEqual(new Set(['DEPTH_LIMIT']));
      expect(valuesOf(ev).every((v) => v === null || (Array.isArray(v) && v.length <= 1))).toBe(true);
    }
  });

  it('a deep structure inside the limit is read (and converting it does not overflow either)', () => {
    const b = S();
    b.array((x) => void x.classDesc('[Ljava.lang.Object;', SC_SERIALIZABLE), 1);
    for (let i = 1; i < 500; i++) b.raw(0x75).ref(0).i32(1);
    b.str('deep');
    const ev = parseAll(b.build());
    expect(errorCodes(ev)).toEqual([]);
    let v = valuesOf(ev)[0];
    let depth = 0;
    while (Array.isArray(v)) {
      v = v[0];
      depth++;
    }
    expect(depth).toBe(500);
    expect(v).toBe('deep');
  });

  it('an array claiming 2^31-1 elements is refused before any element is allocated', () => {
    const bytes = S().array((x) => void x.classDesc('[I', SC_SERIALIZABLE), 0x7fffffff).build();
    const ev = parseAll(bytes);
    expect(errorCodes(ev)).toEqual(['ARRAY_LIMIT']);
  });

  it('an array within the limit but whose elements never come allocates nothing up front', () => {
    const bytes = S().array((x) => void x.classDesc('[J', SC_SERIALIZABLE), 9_000_000).build();
    const before = process.memoryUsage().heapUsed;
    const p = new JavaStreamParser();
    p.feed(bytes);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(20 * 1024 * 1024);
    expect(errorCodes(p.end())).toEqual(['TRUNCATED']);
  });

  it('string, long string and block data lengths are checked', () => {
    expect(errorCodes(parseChunks([S().str('abcdef').build()], { maxStringLength: 3 }))).toEqual(['STRING_LIMIT']);
    expect(errorCodes(parseAll(S().raw(0x7c).i64(2n ** 40n).build()))).toEqual(['STRING_LIMIT']);
    expect(errorCodes(parseAll(S().raw(0x7c).i64(-1n).build()))).toEqual(['STRING_LIMIT']);
    expect(errorCodes(parseAll(S().raw(0x7a).i32(0x7fffffff).build()))).toEqual(['BUFFER_LIMIT']);
    expect(errorCodes(parseAll(S().raw(0x7a).i32(-5).build()))).toEqual(['BAD_BLOCK_LENGTH']);
  });

  it('the handle limit drops the table: later references become unresolved, parsing goes on', () => {
    const bytes = S().str('a').str('b').str('c').ref(0).build();
    const ev = parseChunks([bytes], { maxHandles: 2 });
    expect(errorCodes(ev)).toEqual(['HANDLE_LIMIT']);
    expect(valuesOf(ev)).toEqual(['a', 'b', 'c', { $unresolved: 0x7e0000 }]);
  });

  it('maxArrayLength and maxDepth are configurable', () => {
    const rows = S().array(stringArrayDesc, 3, (b) => void b.str('a').str('b').str('c')).build();
    expect(errorCodes(parseChunks([rows], { maxArrayLength: 2 }))).toEqual(['ARRAY_LIMIT']);
    expect(errorCodes(parseChunks([rows], { maxDepth: 1 }))).toContain('DEPTH_LIMIT');
    expect(valuesOf(parseChunks([rows], { maxDepth: 5 }))).toEqual([['a', 'b', 'c']]);
  });
});

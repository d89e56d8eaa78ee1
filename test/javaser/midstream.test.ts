// Joining mid-stream: no header, unknown handles, objects of classes never described.
import { describe, expect, it } from 'vitest';
import { JavaStreamParser } from '../../src/javaser/index.js';
import { checkChunkings, errorCodes, parseChunks, valuesOf } from './chunking.js';
import { SC_SERIALIZABLE, StreamBuilder, integerDesc, stringArrayDesc } from './stream-builder.js';

const B = () => new StreamBuilder();
const u = (h: number) => ({ $unresolved: h });

describe('mid-stream reading', () => {
  it('detects a headerless stream by itself; new objects stay unnumbered, references unresolved', () => {
    const bytes = B().str('new').ref(0).array((b) => void b.ref(7), 2, (b) => void b.str('x').ref(1)).build();
    const { events, mismatch } = checkChunkings(bytes);
    expect(mismatch).toBeNull();
    // 71 00 7E 00 00 would be 'new' if numbering started at 0 here: it must not be guessed.
    expect(valuesOf(events)).toEqual(['new', u(0x7e0000), ['x', u(0x7e0001)]]);
    expect(errorCodes(events)).toEqual([]);
  });

  it('a TC_RESET makes handle numbers exact again', () => {
    const bytes = B().str('before').ref(0).reset().str('after').ref(0).build();
    const { events } = checkChunkings(bytes);
    expect(valuesOf(events)).toEqual(['before', u(0x7e0000), 'after', 'after']);
  });

  it('infers the layout of an unknown class from where the next value starts, then learns it', () => {
    // Two objects of the never-described class 0x7E0001 whose int is 0x71 0x73 ...: bytes that are
    // type codes themselves. The first is found by scanning, the second by the learned length.
    const bytes = B()
      .object((b) => void b.ref(1), (b) => void b.i32(18))
      .object((b) => void b.ref(1), (b) => void b.raw(0x00, 0x00, 0x74, 0x00))
      .str('z')
      .build();
    const { events, mismatch } = checkChunkings(bytes);
    expect(mismatch).toBeNull();
    expect(valuesOf(events)).toEqual([
      { $unreadable: null, handle: 0x7e0001, $bytes: '00000012' },
      { $unreadable: null, handle: 0x7e0001, $bytes: '00007400' },
      'z',
    ]);
  });

  it('an object cut short of its learned length by the stream end keeps only the bytes that came', () => {
    // Found by the fuzz test: the learned 4 bytes lay past the end, and the data took stale
    // look-ahead bytes, different for every chunking.
    const bytes = B()
      .object((b) => void b.ref(1), (b) => void b.i32(18))
      .str('filler that stays in the look-ahead buffer')
      .object((b) => void b.ref(1), (b) => void b.raw(0x00, 0x09))
      .build();
    const { events, mismatch } = checkChunkings(bytes);
    expect(mismatch).toBeNull();
    expect(valuesOf(events).at(-1)).toEqual({ $unreadable: null, handle: 0x7e0001, $bytes: '0009' });
  });

  it('reads arrays of an unknown class when the elements are objects', () => {
    const bytes = B().array((b) => void b.ref(0x23), 2, (b) => void b.str('a').nul()).array((b) => void b.ref(0x23), 0).str('end').build();
    const { events } = checkChunkings(bytes);
    expect(valuesOf(events)).toEqual([['a', null], [], 'end']);
  });

  it('skips an array of an unknown class with primitive elements and resynchronises', () => {
    const bytes = B().array((b) => void b.ref(0x24), 2, (b) => void b.i32(1).i32(2)).str('end').build();
    const { events, mismatch } = checkChunkings(bytes);
    expect(mismatch).toBeNull();
    expect(errorCodes(events)).toEqual(['UNKNOWN_LAYOUT']);
    expect(valuesOf(events)).toEqual(['end']);
  });

  it('reads new class descriptors met mid-stream', () => {
    const bytes = B().object(integerDesc, (b) => void b.i32(3)).array(stringArrayDesc, 1, (b) => void b.str('r')).build();
    expect(valuesOf(checkChunkings(bytes).events)).toEqual([3, ['r']]);
  });

  it("midStream 'always' scans even a stream with a header; 'never' reports a missing header", () => {
    const withHeader = B().header().str('a').build();
    expect(valuesOf(parseChunks([withHeader], { midStream: 'always' }))).toEqual(['a']);
    const without = B().str('a').build();
    const ev = parseChunks([without], { midStream: 'never' });
    expect(errorCodes(ev)).toEqual(['BAD_HEADER']);
    expect(valuesOf(ev)).toEqual(['a']);
  });

  it('never syncs on text that merely contains type-code letters', () => {
    // "pqrstu" inside a string payload cut mid-way: the tail must not turn into values.
    const full = B().header().str('pqrstuvwxyz t\u0000 uq~').str('next').build();
    for (let cut = 5; cut < 26; cut++) {
      const p = new JavaStreamParser();
      const ev = [...p.feed(full.subarray(cut)), ...p.end()];
      const vals = valuesOf(ev);
      expect(vals.every((v) => v === 'next')).toBe(true);
    }
  });
});

describe('class layout of objects with unknown superclass', () => {
  it('infers the data of a described class whose superclass was never seen', () => {
    const bytes = B()
      .object((b) => void b.classDesc('p.Sub', SC_SERIALIZABLE, [{ code: 'I', name: 'a' }], (s) => void s.ref(9)), (b) => void b.i32(1).i32(2))
      .str('k')
      .build();
    expect(valuesOf(checkChunkings(bytes).events)).toEqual([{ $unreadable: 'p.Sub', handle: -1, $bytes: '0000000100000002' }, 'k']);
  });
});

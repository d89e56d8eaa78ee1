// Every grammar feature of spec chapter 6, hand-built byte by byte, each fed in every chunking.
import { describe, expect, it } from 'vitest';
import { checkChunkings, errorCodes, valuesOf } from './chunking.js';
import {
  SC_BLOCK_DATA,
  SC_ENUM,
  SC_EXTERNALIZABLE,
  SC_SERIALIZABLE,
  SC_WRITE_METHOD,
  StreamBuilder,
  integerDesc,
  stringArrayDesc,
} from './stream-builder.js';

const S = () => new StreamBuilder().header();

/** A row whose last element refers to handle 2, a string of the row before the reset. */
function forgottenInRow(): Buffer {
  return S()
    .array(stringArrayDesc, 2, (b) => void b.str('x').str('y'))
    .reset()
    .array(stringArrayDesc, 1, (b) => void b.ref(2))
    .build();
}

interface Case {
  name: string;
  bytes: Buffer;
  values: unknown[];
  errors?: string[];
  events?: string[];
}

const cases: Case[] = [
  { name: 'header only', bytes: S().build(), values: [] },
  { name: 'TC_NULL', bytes: S().nul().build(), values: [null] },
  { name: 'TC_STRING and back-reference', bytes: S().str('abc').ref(0).build(), values: ['abc', 'abc'] },
  {
    name: 'TC_LONGSTRING',
    bytes: S().longStr('x'.repeat(70000)).ref(0).build(),
    values: ['x'.repeat(70000), 'x'.repeat(70000)],
  },
  {
    name: 'boxed Integer (descriptor chain Integer -> Number), then by reference',
    bytes: S().object(integerDesc, (b) => void b.i32(-5)).object((b) => void b.ref(0), (b) => void b.i32(7)).ref(2).build(),
    // handles: 0 Integer desc, 1 Number desc, 2 first Integer, 3 second Integer
    values: [-5, 7, -5],
  },
  {
    name: 'all primitive field types',
    bytes: S()
      .object(
        (b) =>
          void b.classDesc('p.Prims', SC_SERIALIZABLE, [
            { code: 'B', name: 'b' },
            { code: 'C', name: 'c' },
            { code: 'D', name: 'd' },
            { code: 'F', name: 'f' },
            { code: 'I', name: 'i' },
            { code: 'J', name: 'j' },
            { code: 'S', name: 's' },
            { code: 'Z', name: 'z' },
            { code: 'J', name: 'big' },
            { code: 'D', name: 'nan' },
          ]),
        (b) =>
          void b.u8(0xfe).u16(0x20ac).f64(1.5).f32(0.1).i32(-2).i64(-3n).u16(0xffff).u8(1).i64(-(2n ** 63n)).f64(NaN),
      )
      .build(),
    values: [
      {
        $class: 'p.Prims',
        b: -2,
        c: '€',
        d: 1.5,
        f: Math.fround(0.1),
        i: -2,
        j: -3,
        s: -1,
        z: true,
        big: { $long: '-9223372036854775808' },
        nan: { $double: 'NaN' },
      },
    ],
  },
  {
    name: 'object fields, superclass chain, shadowed field keyed by declaring class',
    bytes: S()
      .object(
        (b) =>
          void b.classDesc(
            'p.Leaf',
            SC_SERIALIZABLE,
            [{ code: 'L', name: 'name', type: 'Ljava/lang/String;' }],
            (s) => void s.classDesc('p.Base', SC_SERIALIZABLE, [{ code: 'I', name: 'x' }, { code: 'L', name: 'name', type: 'Ljava/lang/String;' }]),
          ),
        (b) => void b.i32(1).str('base').str('leaf'),
      )
      .build(),
    values: [{ $class: 'p.Leaf', x: 1, 'p.Base.name': 'base', name: 'leaf' }],
  },
  {
    name: 'writeObject annotations: block data joined across TC_BLOCKDATA and TC_BLOCKDATALONG, objects between',
    bytes: S()
      .object(
        (b) => void b.classDesc('p.Custom', SC_SERIALIZABLE | SC_WRITE_METHOD, [{ code: 'I', name: 'n' }]),
        (b) => void b.i32(9).block([1, 2]).blockLong([3]).str('mid').block([4]).endBlock(),
      )
      .build(),
    values: [{ $class: 'p.Custom', n: 9, $annotations: { 'p.Custom': [{ $bytes: '010203' }, 'mid', { $bytes: '04' }] } }],
  },
  {
    name: 'class annotation contents are read (and take handles)',
    bytes: S()
      .object((b) => void b.classDesc('p.A', SC_SERIALIZABLE, [], (s) => void s.nul(), (a) => void a.str('ann').block([7])))
      .ref(1)
      .build(),
    values: [{ $class: 'p.A' }, 'ann'],
  },
  {
    name: 'Externalizable with SC_BLOCK_DATA (PROTOCOL_VERSION_2)',
    bytes: S()
      .object(
        (b) => void b.classDesc('p.Ext', SC_EXTERNALIZABLE | SC_BLOCK_DATA),
        (b) => void b.block([0, 0, 0, 5]).str('inside').endBlock(),
      )
      .str('after')
      .build(),
    values: [{ $class: 'p.Ext', $annotations: { 'p.Ext': [{ $bytes: '00000005' }, 'inside'] } }, 'after'],
  },
  {
    name: 'Externalizable without SC_BLOCK_DATA (PROTOCOL_VERSION_1): reported, bytes kept, parsing goes on',
    bytes: S()
      .object((b) => void b.classDesc('p.Ext1', SC_EXTERNALIZABLE), (b) => void b.i32(5).i32(6))
      .str('next')
      .build(),
    values: [{ $unreadable: 'p.Ext1', handle: -1, $bytes: '0000000500000006' }, 'next'],
    errors: ['EXTERNALIZABLE_V1'],
  },
  {
    name: 'enum constant, then the same constant by reference',
    bytes: S()
      .raw(0x7e)
      .classDesc('p.Color', SC_SERIALIZABLE | SC_ENUM, [], (s) => void s.classDesc('java.lang.Enum', SC_SERIALIZABLE | SC_ENUM))
      .str('RED')
      .ref(2)
      .build(),
    values: [{ $enum: 'p.Color', name: 'RED' }, { $enum: 'p.Color', name: 'RED' }],
  },
  {
    name: 'TC_CLASS',
    bytes: S().raw(0x76).classDesc('p.Thing', SC_SERIALIZABLE).ref(1).build(),
    values: [{ $classref: 'p.Thing' }, { $classref: 'p.Thing' }],
  },
  {
    name: 'TC_PROXYCLASSDESC',
    bytes: S()
      .raw(0x73, 0x7d)
      .i32(2)
      .utf('p.I1')
      .utf('p.I2')
      .endBlock()
      .classDesc('java.lang.reflect.Proxy', SC_SERIALIZABLE, [{ code: 'L', name: 'h', type: 'Ljava/lang/reflect/InvocationHandler;' }])
      .nul()
      .build(),
    values: [{ $class: '$Proxy[p.I1,p.I2]', h: null }],
  },
  {
    name: 'primitive arrays of every type',
    bytes: S()
      .array((b) => void b.classDesc('[B', SC_SERIALIZABLE), 3, (b) => void b.raw(1, 0xff, 0x80))
      .array((b) => void b.classDesc('[C', SC_SERIALIZABLE), 2, (b) => void b.u16(0x41).u16(0xd800))
      .array((b) => void b.classDesc('[D', SC_SERIALIZABLE), 1, (b) => void b.f64(-0.5))
      .array((b) => void b.classDesc('[F', SC_SERIALIZABLE), 1, (b) => void b.f32(Infinity))
      .array((b) => void b.classDesc('[I', SC_SERIALIZABLE), 2, (b) => void b.i32(1).i32(-1))
      .array((b) => void b.classDesc('[J', SC_SERIALIZABLE), 2, (b) => void b.i64(2n ** 53n).i64(5n))
      .array((b) => void b.classDesc('[S', SC_SERIALIZABLE), 1, (b) => void b.u16(0x8000))
      .array((b) => void b.classDesc('[Z', SC_SERIALIZABLE), 2, (b) => void b.u8(0).u8(1))
      .build(),
    values: [
      [1, -1, -128],
      ['A', '\ud800'],
      [-0.5],
      [{ $double: 'Infinity' }],
      [1, -1],
      [{ $long: '9007199254740992' }, 5],
      [-32768],
      [false, true],
    ],
  },
  {
    name: 'object arrays, nested arrays, array back-reference and self-reference (cycle)',
    bytes: S()
      .array(
        (b) => void b.classDesc('[Ljava.lang.Object;', SC_SERIALIZABLE),
        3,
        (b) => void b.str('a').array((d) => void d.classDesc('[I', SC_SERIALIZABLE), 1, (e) => void e.i32(4)).ref(1),
      )
      .build(),
    values: [['a', [4], { $cycle: '[Ljava.lang.Object;' }]],
  },
  {
    name: 'String[] rows with shared strings (Winlaufen shape)',
    bytes: S()
      .array(stringArrayDesc, 3, (b) => void b.str('1').str('Club').str('M40'))
      .array((b) => void b.ref(0), 3, (b) => void b.str('2').ref(3).ref(4))
      .build(),
    values: [
      ['1', 'Club', 'M40'],
      ['2', 'Club', 'M40'],
    ],
  },
  {
    // Split at every byte, the empty row is also cut in its head, which the quick path completes
    // from the next chunk's first bytes.
    name: 'an empty String[] row between rows',
    bytes: S()
      .array(stringArrayDesc, 1, (b) => void b.str('1'))
      .array((b) => void b.ref(0), 0, () => undefined)
      .array((b) => void b.ref(0), 2, (b) => void b.str('2').ref(2))
      .build(),
    values: [['1'], [], ['2', '1']],
  },
  {
    name: 'TC_RESET clears the handle table',
    bytes: S().str('a').reset().str('b').ref(0).build(),
    values: ['a', 'b', 'b'],
    events: ['header@0', 'value@4', 'reset@8', 'value@9', 'value@13'],
  },
  {
    name: 'a second stream header mid-stream resets handles',
    bytes: S().str('a').str('b').header().str('c').ref(0).build(),
    values: ['a', 'b', 'c', 'c'],
    events: ['header@0', 'value@4', 'value@8', 'header@12', 'value@16', 'value@20'],
  },
  {
    name: 'TC_EXCEPTION in the middle of an object: the object is abandoned, handles reset',
    bytes: S()
      .object(
        (b) => void b.classDesc('p.Bad', SC_SERIALIZABLE | SC_WRITE_METHOD, [{ code: 'I', name: 'n' }]),
        (b) =>
          void b
            .i32(1)
            .block([1])
            .raw(0x7b)
            .object((d) => void d.classDesc('java.io.IOException', SC_SERIALIZABLE, [{ code: 'L', name: 'detailMessage', type: 'Ljava/lang/String;' }]), (d) => void d.str('boom')),
      )
      .str('next')
      .ref(0)
      .build(),
    values: [{ $exception: { $class: 'java.io.IOException', detailMessage: 'boom' } }, 'next', 'next'],
  },
  {
    name: 'top-level block data (primitive writes between objects), consecutive pieces joined',
    bytes: S().block([0, 0, 0, 42]).str('x').block([1]).blockLong([2, 3]).reset().block([4]).build(),
    values: [{ $bytes: '0000002a' }, 'x', { $bytes: '010203' }, { $bytes: '04' }],
  },
  {
    name: 'TC_CLASSDESC read as a value',
    bytes: S().classDesc('p.D', SC_SERIALIZABLE).build(),
    values: [{ $classdesc: 'p.D' }],
  },
];

describe('grammar (hand-built streams, every chunking)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { events, mismatch } = checkChunkings(c.bytes);
    expect(mismatch).toBeNull();
    expect(valuesOf(events)).toEqual(c.values);
    expect(errorCodes(events)).toEqual(c.errors ?? []);
    if (c.events) {
      expect(events.map((e) => `${e.type}@${e.type === 'error' ? e.error.offset : e.offset}`)).toEqual(c.events);
    }
  });
});

describe('corrupt input gives typed errors with offsets', () => {
  const bad: Array<[string, Buffer, string, number]> = [
    ['invalid type code', S().raw(0x00).build(), 'BAD_TYPE_CODE', 4],
    ['reference to a never-assigned handle', S().ref(5).build(), 'BAD_HANDLE', 4],
    ['TC_ENDBLOCKDATA at top level', S().endBlock().build(), 'UNEXPECTED_BLOCKDATA', 4],
    ['negative array length', S().array((b) => void b.classDesc('[I', SC_SERIALIZABLE), -1).build(), 'BAD_ARRAY_LENGTH', 4],
    ['invalid field type code', S().raw(0x73, 0x72).utf('p.X').i64(1n).u8(2).u16(1).u8(0x51).utf('q').build(), 'BAD_FIELD_TYPE', 22],
    ['TC_OBJECT with a null class', S().raw(0x73, 0x70).build(), 'BAD_CLASSDESC', 4],
    ['truncated value', S().str('abc').build().subarray(0, 8), 'TRUNCATED', 4],
    ['TC_RESET inside an object', S().array((b) => void b.classDesc('[Ljava.lang.Object;', SC_SERIALIZABLE), 1, (b) => void b.reset()).build(), 'UNEXPECTED_RESET', 44],
    // The table keeps its slots across a reset (the next handles overwrite them), so a reference
    // to a number above the ones assigned since must still fail: at top level and inside a row.
    ['reference to a handle a reset forgot', S().str('a').str('b').reset().str('c').ref(1).build(), 'BAD_HANDLE', 17],
    ['row element referring to a handle a reset forgot', forgottenInRow(), 'BAD_HANDLE', forgottenInRow().length - 5],
  ];
  it.each(bad)('%s', (_n, bytes, code, offset) => {
    const { events, mismatch } = checkChunkings(bytes);
    expect(mismatch).toBeNull();
    const errs = events.filter((e) => e.type === 'error');
    expect(errs.length).toBeGreaterThan(0);
    const e = errs[0] as Extract<(typeof events)[number], { type: 'error' }>;
    expect(e.error.code).toBe(code);
    expect(e.error.offset).toBe(offset);
    expect(e.error.message).toMatch(/at byte offset \d+/);
  });

  it('keeps parsing after a corrupt value: later values are read, their references unresolved', () => {
    const bytes = S().str('a').raw(0x00, 0x00).array(stringArrayDesc, 2, (b) => void b.str('x').ref(0)).build();
    const events = checkChunkings(bytes);
    expect(events.mismatch).toBeNull();
    expect(errorCodes(events.events)).toEqual(['BAD_TYPE_CODE']);
    expect(valuesOf(events.events)).toEqual(['a', ['x', { $unresolved: 0x7e0000 }]]);
  });
});

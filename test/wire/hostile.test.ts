import { describe, expect, it } from 'vitest';
import { Packr } from 'msgpackr';

// Plain msgpack maps (no records), as a foreign client would send.
const plain = new Packr({ useRecords: false });
const pack = (v: unknown): Uint8Array => plain.pack(v);
import { decodeIngestMessage, decodeServerMessage, decodeSubscribe } from '../../src/wire/decode.js';
import { encodeMsgpack } from '../../src/wire/encode-msgpack.js';
import { DEFAULT_WIRE_LIMITS, type WireLimits } from '../../src/wire/limits.js';
import { WireError } from '../../src/wire/wire-error.js';
import { bigSnapshot } from './sample-messages.js';

const row = { rank: 1, bib: 67, name: 'LOGES Margit', club: null, ageGroup: null, time: '4:30:15.9', gap: '0:00:00.0', status: null, nation: null, year: null, gender: null };
const snapshot = { type: 'snapshot', epoch: 'e1', seq: 3, finisherLimit: 10, competitions: [{ id: '18', name: null, rows: [row] }], finishers: [{ competition: '18', bib: 67 }] };
const delta = { type: 'delta', epoch: 'e1', seq: 4, competitions: [{ id: '18', rows: [{ bib: 67, rank: 2 }] }], finishers: [] };

function refusal(input: string | Uint8Array, encoding: 'json' | 'msgpack', limits?: WireLimits): WireError {
  try {
    decodeIngestMessage(input, encoding, limits);
  } catch (e) {
    expect(e).toBeInstanceOf(WireError);
    return e as WireError;
  }
  throw new Error('expected a refusal');
}

const json = (v: unknown): string => JSON.stringify(v);

describe('hostile input is refused with a clear error', () => {
  it.each([
    ['not JSON', '{"type":', 'not-json', '$', 'not valid JSON'],
    ['a number', '42', 'invalid', '$', 'expected an object, got number 42'],
    ['unknown type', json({ ...delta, type: 'drop-table' }), 'invalid', 'type', 'expected "snapshot" or "delta"'],
    ['missing epoch', json({ ...delta, epoch: undefined }), 'invalid', 'epoch', 'is missing'],
    ['seq as string', json({ ...delta, seq: '4' }), 'invalid', 'seq', 'expected a whole number, got string "4"'],
    ['negative seq', json({ ...snapshot, seq: -1 }), 'invalid', 'seq', '-1 is outside'],
    ['delta seq 0', json({ ...delta, seq: 0 }), 'invalid', 'seq', '0 is outside 1..'],
    ['fractional rank', json({ ...delta, competitions: [{ id: '18', rows: [{ bib: 67, rank: 1.5 }] }] }), 'invalid', 'competitions[0].rows[0].rank', 'whole number'],
    ['rank 0', json({ ...delta, competitions: [{ id: '18', rows: [{ bib: 67, rank: 0 }] }] }), 'invalid', 'competitions[0].rows[0].rank', 'outside 1..'],
    ['object as name', json({ ...delta, competitions: [{ id: '18', rows: [{ bib: 67, name: { x: 1 } }] }] }), 'invalid', 'competitions[0].rows[0].name', 'expected a string, got object'],
    ['row missing bib', json({ ...delta, competitions: [{ id: '18', rows: [{ rank: 1 }] }] }), 'invalid', 'competitions[0].rows[0].bib', 'is missing'],
    ['snapshot row missing a field', json({ ...snapshot, competitions: [{ id: '18', name: null, rows: [{ ...row, gender: undefined }] }] }), 'invalid', 'competitions[0].rows[0].gender', 'is missing'],
    ['rows not an array', json({ ...delta, competitions: [{ id: '18', rows: {} }] }), 'invalid', 'competitions[0].rows', 'expected an array'],
    ['empty competition id', json({ ...delta, competitions: [{ id: '', rows: [] }] }), 'invalid', 'competitions[0].id', 'must not be empty'],
    ['duplicate bibs', json({ ...delta, competitions: [{ id: '18', rows: [{ bib: 1 }, { bib: 1 }] }] }), 'invalid', 'competitions[0].rows[1].bib', 'appears twice'],
    ['duplicate competitions', json({ ...delta, competitions: [{ id: '1', rows: [] }, { id: '1', rows: [] }] }), 'invalid', 'competitions[1].id', 'appears twice'],
    ['overlong string', json({ ...delta, competitions: [{ id: '18', rows: [{ bib: 1, club: 'x'.repeat(300) }] }] }), 'invalid', 'competitions[0].rows[0].club', 'more than the limit 256'],
    ['finishers beyond the limit', json({ ...snapshot, finisherLimit: 0 }), 'invalid', 'finishers', 'more than its finisherLimit 0'],
  ])('%s', (_what, input, code, path, message) => {
    const e = refusal(input, 'json');
    expect(e.code).toBe(code);
    expect(e.path).toBe(path);
    expect(e.message).toContain(message);
  });

  it('oversized arrays and messages, with configurable limits', () => {
    const small: WireLimits = { ...DEFAULT_WIRE_LIMITS, maxRowsPerCompetition: 10, maxRowsTotal: 15, maxCompetitions: 2, maxBytes: 100_000 };
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ bib: i }));
    expect(refusal(json({ ...delta, competitions: [{ id: '1', rows: rows(11) }] }), 'json', small).message).toContain('has 11 elements, more than the limit 10');
    expect(refusal(json({ ...delta, competitions: [{ id: '1', rows: rows(10) }, { id: '2', rows: rows(10) }] }), 'json', small).message).toContain('more than 15 rows in all');
    expect(refusal(json({ ...delta, competitions: [{ id: '1', rows: [] }, { id: '2', rows: [] }, { id: '3', rows: [] }] }), 'json', small).path).toBe('competitions');
    const big = encodeMsgpack(bigSnapshot(2000));
    expect(refusal(big, 'msgpack', small)).toMatchObject({ code: 'too-large' });
    expect(refusal('x'.repeat(100_001), 'json', small)).toMatchObject({ code: 'too-large' });
  });

  it('binary garbage, empty input, text where msgpack is expected, invalid UTF-8 where JSON is expected', () => {
    expect(refusal(new Uint8Array([0xc1, 0xc1, 0xc1]), 'msgpack').code).toMatch(/not-msgpack|invalid/);
    expect(refusal(new Uint8Array([0x92, 0x01]), 'msgpack').code).toBe('not-msgpack'); // truncated array
    expect(refusal(new Uint8Array(), 'msgpack').code).toBe('not-msgpack');
    expect(refusal('{"type":"delta"}', 'msgpack').code).toBe('not-msgpack');
    expect(refusal(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'json').code).toBe('not-json');
    // A random byte soup never throws anything but a WireError.
    let seed = 1;
    for (let i = 0; i < 300; i++) {
      const bytes = new Uint8Array(1 + (i % 64)).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
      expect(() => decodeServerMessage(bytes, 'msgpack')).toThrow(WireError);
    }
  });

  it('msgpack values outside the protocol: Map, Date, binary, bigint', () => {
    // Small numbers only: in msgpackr's record extension fixints 0x40-0x7f are record references.
    const delta = { type: 'delta', epoch: 'e1', seq: 4, competitions: [{ id: '18', rows: [{ bib: 7, rank: 2 }] }], finishers: [] };
    expect(decodeIngestMessage(pack(delta), 'msgpack')).toEqual(delta);
    expect(refusal(pack({ ...delta, seq: 2n ** 60n }), 'msgpack').path).toBe('seq');
    expect(refusal(pack({ ...delta, epoch: new Date(0) }), 'msgpack').message).toContain('expected a string, got Date');
    expect(refusal(pack({ ...delta, epoch: new Uint8Array([1]) }), 'msgpack').message).toContain('got binary');
    const asMap = new Packr({ useRecords: false, mapsAsObjects: false }).pack(new Map<unknown, unknown>([['type', 'delta'], [1, 2]]));
    expect(refusal(asMap, 'msgpack').code).toMatch(/invalid|not-msgpack/);
    // Records of a foreign shared-structure set: refused, never misread as ours.
    // A generic encoder writing 67 as a fixint (0x43) is refused, not misread.
    expect(() => decodeIngestMessage(pack({ ...delta, seq: 67 }), 'msgpack')).toThrow(WireError);
    const foreign = new Packr({ structures: [] }).pack({ ...delta, competitions: [{ id: '1', rows: [{ bib: 1 }] }] });
    expect(() => decodeIngestMessage(foreign, 'msgpack')).toThrow(WireError);
  });

  it('__proto__ and unknown keys are dropped, never merged into objects', () => {
    const text = '{"type":"delta","epoch":"e","seq":1,"competitions":[{"id":"1","rows":[{"bib":1,"__proto__":{"polluted":1},"evil":2}]}],"finishers":[],"extra":true}';
    const m = decodeIngestMessage(text, 'json');
    expect(m).toEqual({ type: 'delta', epoch: 'e', seq: 1, competitions: [{ id: '1', rows: [{ bib: 1 }] }], finishers: [] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf((m as { competitions: Array<{ rows: object[] }> }).competitions[0]!.rows[0])).toBe(Object.prototype);
  });

  it('lone surrogates in JSON text become U+FFFD (msgpack could not carry them)', () => {
    const m = decodeIngestMessage('{"type":"delta","epoch":"e\\ud800","seq":1,"competitions":[],"finishers":[]}', 'json');
    expect(m.epoch).toBe('e\ufffd');
  });

  it('an inline record definition in one message cannot poison the next', () => {
    // A packer with a different structure list: its ids collide with the shared ones.
    const evil = new Packr({ structures: [['type', 'epoch', 'seq', 'x']], maxSharedStructures: 1 }).pack({ type: 'delta', epoch: 'e', seq: 1, x: 1 });
    expect(() => decodeServerMessage(evil, 'msgpack')).toThrow(WireError);
    expect(decodeServerMessage(encodeMsgpack(delta as never), 'msgpack')).toEqual(delta);
  });

  it('a viewer\'s subscribe message is validated too', () => {
    expect(() => decodeSubscribe('{"type":"subscribe","encoding":"xml"}')).toThrow('encoding: expected "json" or "msgpack"');
    expect(() => decodeSubscribe('{"type":"subscribe","resume":{"epoch":"e","seq":-5}}')).toThrow('resume.seq');
    expect(() => decodeSubscribe('{"type":"hello"}')).toThrow('type: expected "subscribe"');
  });

  it('the decoders also refuse hostile server messages for the browser', () => {
    expect(() => decodeServerMessage('{"type":"hello","protocol":"1","epoch":"e","seq":0}', 'json')).toThrow('protocol');
    expect(() => decodeServerMessage('{"type":"error","code":"x"}', 'json')).toThrow('message: is missing');
  });
});

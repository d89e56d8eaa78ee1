// After the reassembler reports lost bytes the parser drops partial state and resynchronises.
import { describe, expect, it } from 'vitest';
import { JavaStreamParser, type ParseEvent } from '../../src/javaser/index.js';
import { describeEvents, errorCodes, valuesOf } from './chunking.js';
import { StreamBuilder, integerDesc, stringArrayDesc } from './stream-builder.js';

/** A Winlaufen-like stream: header, then per update an Integer and two String[3] rows. */
function winlaufenLike(updates: number): Buffer {
  const b = new StreamBuilder().header();
  // handles: 0 Integer desc, 1 Number desc, 2 Integer, 3 String[] desc, 4 row, 5..7 strings, ...
  b.object(integerDesc, (x) => void x.i32(0));
  b.array(stringArrayDesc, 3, (x) => void x.str('1').str('Club').str('M40'));
  for (let i = 0; i < updates; i++) {
    b.object((x) => void x.ref(0), (x) => void x.i32(i));
    b.array((x) => void x.ref(3), 3, (x) => void x.str(`n${i}`).ref(6).ref(7));
  }
  return b.build();
}

function withGap(bytes: Buffer, at: number, lost: number, pieces = 1): ParseEvent[] {
  const p = new JavaStreamParser();
  const out: ParseEvent[] = [];
  const head = bytes.subarray(0, at);
  const step = Math.max(1, Math.ceil(head.length / pieces));
  for (let i = 0; i < head.length; i += step) out.push(...p.feed(head.subarray(i, i + step)));
  out.push(...p.gap(lost));
  out.push(...p.feed(bytes.subarray(at + lost)));
  out.push(...p.end());
  return out;
}

describe('gap()', () => {
  const bytes = winlaufenLike(30);

  it('reports the gap once at its offset, resumes after it, and yields no wrong value', () => {
    const truth = valuesOf(new JavaStreamParser().feed(bytes));
    for (let at = 5; at < bytes.length - 40; at += 3) {
      for (const lost of [1, 7, 30]) {
        const ev = withGap(bytes, at, lost);
        const codes = errorCodes(ev);
        expect(codes.filter((c) => c === 'GAP')).toHaveLength(1);
        const gapErr = ev.find((e) => e.type === 'error' && e.error.code === 'GAP') as Extract<ParseEvent, { type: 'error' }>;
        expect(gapErr.error.offset).toBe(at);
        expect(gapErr.resumeOffset).toBeGreaterThanOrEqual(at + lost);
        // Every value after the gap equals the truth value at the same offset, or is less known
        // (unresolved references / unreadable objects where the truth has values).
        const truthAt = new Map<number, unknown>();
        new JavaStreamParser().feed(bytes).forEach((e) => e.type === 'value' && truthAt.set(e.offset, e.value));
        for (const e of ev) {
          if (e.type !== 'value' || e.offset < at) continue;
          const json = JSON.stringify(valuesOf([e])[0]);
          const t = truthAt.get(e.offset);
          if (t === undefined) {
            // Resumed inside a value (e.g. among the elements of a row whose header was lost): only
            // the inner values themselves may appear, never an invented row.
            expect(json, `value at ${e.offset}`).toMatch(/^("[^"]*"|-?\d+|\{"\$unresolved":\d+\}|\{"\$unreadable".*)$/);
            continue;
          }
          const tj = JSON.stringify(valuesOf([{ type: 'value', value: t as never, offset: e.offset }])[0]);
          if (json !== tj) {
            // Allowed difference: unresolved references / inferred objects instead of values.
            expect(json).toMatch(/\$unresolved|\$unreadable/);
          }
        }
      }
    }
    expect(truth.length).toBe(62);
  });

  it('rows after the gap come back with their new strings; shared strings unresolved', () => {
    const ev = withGap(bytes, 200, 10);
    const rows = valuesOf(ev).filter((v) => Array.isArray(v)) as unknown[][];
    const last = rows[rows.length - 1]!;
    expect(last).toEqual(['n29', { $unresolved: 0x7e0006 }, { $unresolved: 0x7e0007 }]);
  });

  it('gives the same events however the bytes before and after the gap are chunked', () => {
    const want = describeEvents(withGap(bytes, 123, 17));
    for (const pieces of [2, 5, 50]) expect(describeEvents(withGap(bytes, 123, 17, pieces))).toEqual(want);
  });

  it('a TC_RESET after the gap restores exact references', () => {
    const tail = new StreamBuilder().reset().str('s').ref(0).build();
    const p = new JavaStreamParser();
    const ev = [...p.feed(bytes.subarray(0, 100)), ...p.gap(50), ...p.feed(tail), ...p.end()];
    expect(valuesOf(ev).slice(-2)).toEqual(['s', 's']);
  });

  it('a gap at the very start reads mid-stream', () => {
    const p = new JavaStreamParser();
    const ev = [...p.gap(4), ...p.feed(bytes.subarray(4)), ...p.end()];
    expect(valuesOf(ev)[0]).toBe(0);
    expect(errorCodes(ev)).toEqual(['GAP']);
  });
});

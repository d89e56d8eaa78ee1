// The one real Winlaufen capture, end to end through the real streaming parser: the bytes of
// ../shared/samples/winlaufen-fragment.bin -> ParseEvents -> RowExtractor. Joined mid-stream, the
// parser never saw Integer's class descriptor, so the header Integers arrive as InferredObjects.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JavaStreamParser } from '../../src/javaser/index.js';
import { InferredObject } from '../../src/javaser/values.js';
import { RowExtractor } from '../../src/winlaufen/row-extractor.js';
import type { ListUpdate } from '../../src/winlaufen/list-update.js';
import { SAMPLE_ROWS, sampleEvents, valueEvents } from './sample-fragment.js';

const FRAGMENT = readFileSync(new URL('../../../shared/samples/winlaufen-fragment.bin', import.meta.url));

function extract(events: ReturnType<typeof sampleEvents>): ListUpdate[] {
  const ex = new RowExtractor();
  return [...events.flatMap((e) => ex.push(e)), ...ex.flush()];
}

const int4 = (n: number): InferredObject => new InferredObject(0x7e0001, null, new Uint8Array([0, 0, 0, n]));

describe('the real fragment', () => {
  it('parser + extractor give competition 18 with the six rows, as the hand-built values do', () => {
    const parser = new JavaStreamParser();
    const updates = extract([...parser.feed(FRAGMENT), ...parser.end()]);
    expect(updates).toHaveLength(1);
    const expected = extract(sampleEvents())[0]!;
    expect(updates[0]).toEqual({ ...expected, headerInferred: true });
  });

  it('also fed in small chunks (rows split across feeds and flushes)', () => {
    const parser = new JavaStreamParser();
    const ex = new RowExtractor();
    const updates: ListUpdate[] = [];
    for (let i = 0; i < FRAGMENT.length; i += 37) {
      for (const e of parser.feed(FRAGMENT.subarray(i, i + 37))) updates.push(...ex.push(e));
      updates.push(...ex.flush());
    }
    for (const e of parser.end()) updates.push(...ex.push(e));
    updates.push(...ex.flush());
    expect(updates.every((u) => u.competition === '18')).toBe(true);
    expect(updates.flatMap((u) => u.rows.map((r) => r.bib))).toEqual([67, 68, 69, 70, 71, 72]);
  });
});

describe('header Integers of an unseen class (InferredObject)', () => {
  it('4-byte objects of one unseen class are read as the header, flagged', () => {
    const out = extract(valueEvents([int4(18), int4(0), int4(5), ...SAMPLE_ROWS]));
    expect(out[0]).toMatchObject({ competition: '18', position: 0, countHint: 5, headerInferred: true });
  });

  it('objects of two different unseen classes are not both Integers: competition unknown', () => {
    const other = new InferredObject(0x7e0002, null, new Uint8Array([0, 0, 0, 18]));
    const out = extract(valueEvents([other, int4(0), int4(5), ...SAMPLE_ROWS]));
    expect(out[0]!.competition).toBeNull();
  });

  it('an object of a known non-Integer class, or not 4 bytes, is not a header Integer', () => {
    const named = new InferredObject(0x7e0001, 'de.winlaufen.Foo', new Uint8Array([0, 0, 0, 18]));
    const long = new InferredObject(0x7e0001, null, new Uint8Array(8));
    expect(extract(valueEvents([named, int4(0), int4(5), ...SAMPLE_ROWS]))[0]!.competition).toBeNull();
    expect(extract(valueEvents([long, int4(0), int4(5), ...SAMPLE_ROWS]))[0]!.competition).toBeNull();
  });
});

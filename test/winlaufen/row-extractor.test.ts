import { describe, expect, it } from 'vitest';
import { Unresolved } from '../../src/javaser/values.js';
import { JavaSerError } from '../../src/javaser/errors.js';
import { RowExtractor } from '../../src/winlaufen/row-extractor.js';
import type { ListUpdate } from '../../src/winlaufen/list-update.js';
import { SAMPLE_ROWS, sampleEvents, valueEvents } from './sample-fragment.js';

function run(extractor: RowExtractor, events: ReturnType<typeof sampleEvents>): ListUpdate[] {
  return [...events.flatMap((e) => extractor.push(e)), ...extractor.flush()];
}

describe('RowExtractor on the real sample fragment', () => {
  it('yields one update for competition 18 with the six rows, unresolved fields unknown', () => {
    const ex = new RowExtractor();
    const updates = run(ex, sampleEvents());
    expect(updates).toHaveLength(1);
    const u = updates[0]!;
    expect(u).toMatchObject({ source: 'winlaufen', competition: '18', position: 0, countHint: 5, offset: 0x31 });
    expect(u.rows.map((r) => [r.rank, r.bib, r.name, r.time, r.gap])).toEqual([
      [1, 67, 'LOGES Margit', '4:30:15.9', '0:00:00.0'],
      [2, 68, 'BROCKMEIER Sofie', '4:34:51.7', '0:04:35.8'],
      [3, 69, 'EVANS Denny', '4:36:57.1', '0:06:41.2'],
      [4, 70, 'RÄTZ Sigishelm', '4:39:36.4', '0:09:20.5'],
      [5, 71, 'GIESBRECHT Hendrik', '4:47:25.3', '0:17:09.4'],
      [6, 72, 'FREITAG Hellmut', '4:56:48.5', '0:26:32.6'],
    ]);
    // Unresolved club/ageGroup stay unknown (absent), with the handle kept for diagnostics.
    expect(u.rows[0]).not.toHaveProperty('club');
    expect(u.rows[0]).not.toHaveProperty('ageGroup');
    expect(u.rows[0]!.unresolved).toEqual({ club: 0x7e01a8, ageGroup: 0x7e0105 });
    expect(u.rows[5]!.club).toBe('Rammingen');
    expect(u.rows[5]!.unresolved).toEqual({ ageGroup: 0x7e0048 });
    expect(u.rows.every((r) => r.status === null)).toBe(true);
    expect(ex.stats()).toMatchObject({ rows: 6, updates: 1, unattributedRows: 0, unknownShapes: {} });
  });

  it('emits the run when the next non-row value arrives, without waiting for flush', () => {
    const ex = new RowExtractor();
    const out = sampleEvents().flatMap((e) => ex.push(e));
    expect(out).toHaveLength(1);
    expect(ex.flush()).toEqual([]);
  });

  it('keeps the header across a flush in the middle of a run (rows split over chunks)', () => {
    const ex = new RowExtractor();
    const events = sampleEvents();
    const first = [...events.slice(0, 6).flatMap((e) => ex.push(e)), ...ex.flush()];
    const second = [...events.slice(6).flatMap((e) => ex.push(e)), ...ex.flush()];
    expect(first).toHaveLength(1);
    expect(first[0]!.rows.map((r) => r.bib)).toEqual([67, 68]);
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ competition: '18' });
    expect(second[0]!.rows.map((r) => r.bib)).toEqual([69, 70, 71, 72]);
  });

  it('handles consecutive messages for different competitions (the second capture: bibs 200-209)', () => {
    const ex = new RowExtractor();
    const rows = Array.from({ length: 10 }, (_, i) => [String(i + 1), String(200 + i), `NAME${i} Vor`, i === 9 ? 'Abtweiler' : new Unresolved(0x7e0100 + i), 'M40', `0:${30 + i}:00.0`, `0:0${i}:00.0`]);
    const values = [new Unresolved(1), 18, 0, 5, ...SAMPLE_ROWS, new Unresolved(2), new Unresolved(3), 7, 0, 9, ...rows, new Unresolved(4)];
    const updates = run(ex, valueEvents(values));
    expect(updates.map((u) => [u.competition, u.rows.length])).toEqual([['18', 6], ['7', 10]]);
    expect(updates[1]!.rows[9]).toMatchObject({ rank: 10, bib: 209, club: 'Abtweiler' });
  });
});

describe('RowExtractor: attribution is honest', () => {
  it('rows after a gap without a fresh header get competition null', () => {
    const ex = new RowExtractor();
    const events = sampleEvents();
    const before = events.slice(0, 6).flatMap((e) => ex.push(e));
    const atGap = ex.gap();
    const after = [...events.slice(6).flatMap((e) => ex.push(e)), ...ex.flush()];
    expect(before).toEqual([]);
    expect(atGap.map((u) => [u.competition, u.rows.map((r) => r.bib)])).toEqual([['18', [67, 68]]]);
    expect(after.map((u) => [u.competition, u.rows.map((r) => r.bib)])).toEqual([[null, [69, 70, 71, 72]]]);
    expect(ex.stats()).toMatchObject({ gaps: 1, unattributedRows: 4 });
    expect(ex.stats().unknownShapes['rows without a complete header']).toBe(1);
  });

  it('a gap between the header Integers and the rows loses the header', () => {
    const ex = new RowExtractor();
    const events = sampleEvents();
    events.slice(0, 4).forEach((e) => ex.push(e));
    ex.gap();
    const out = [...events.slice(4).flatMap((e) => ex.push(e)), ...ex.flush()];
    expect(out[0]!.competition).toBeNull();
  });

  it('a parse error breaks the context like a gap', () => {
    const ex = new RowExtractor();
    const events = sampleEvents();
    events.slice(0, 4).forEach((e) => ex.push(e));
    ex.push({ type: 'error', error: new JavaSerError('corrupt', 'bad type code 0x00', 40), resumeOffset: 49 });
    const out = [...events.slice(4).flatMap((e) => ex.push(e)), ...ex.flush()];
    expect(out[0]!.competition).toBeNull();
    expect(ex.stats().parseErrors).toBe(1);
  });

  it('a header run shorter than the layout (Integers lost or never sent) leaves the competition unknown', () => {
    const ex = new RowExtractor();
    const out = run(ex, valueEvents([0, 5, ...SAMPLE_ROWS]));
    expect(out[0]!.competition).toBeNull();
  });

  it('an unresolved reference where the competition number stands leaves it unknown', () => {
    const ex = new RowExtractor();
    const out = run(ex, valueEvents([new Unresolved(9), 0, 5, ...SAMPLE_ROWS]));
    expect(out[0]).toMatchObject({ competition: null, position: 0, countHint: 5 });
  });

  it('an unresolved position keeps the competition but not the position', () => {
    const ex = new RowExtractor();
    const out = run(ex, valueEvents([18, new Unresolved(9), 5, ...SAMPLE_ROWS]));
    expect(out[0]).toMatchObject({ competition: '18', position: null, countHint: 5 });
  });

  it('a value between header and rows (a string) breaks the header', () => {
    const ex = new RowExtractor();
    const out = run(ex, valueEvents([18, 0, 5, 'Ergebnisliste', ...SAMPLE_ROWS]));
    expect(out[0]!.competition).toBeNull();
    expect(ex.stats().unknownShapes).toMatchObject({ string: 1 });
  });

  it('a stream header (new connection) breaks the context; TC_RESET does not', () => {
    const ex = new RowExtractor();
    [18, 0, 5].forEach((v, i) => ex.push({ type: 'value', value: v, offset: i }));
    ex.push({ type: 'reset', offset: 3 });
    const kept = run(ex, valueEvents(SAMPLE_ROWS));
    expect(kept[0]!.competition).toBe('18');
    [18, 0, 5].forEach((v, i) => ex.push({ type: 'value', value: v, offset: i }));
    ex.push({ type: 'header', offset: 3 });
    const lost = run(ex, valueEvents(SAMPLE_ROWS));
    expect(lost[0]!.competition).toBeNull();
  });

  it('counts unknown shapes and never throws on odd values', () => {
    const ex = new RowExtractor();
    class JavaObject {}
    const odd = [[1, 2, 3], ['x', 'y'], new JavaObject(), true, null, 12n, [['nested'], '1', 'x', 'y', 'z', 'a', 'b'], ['1', 'abc', 'N', 'C', 'A', 'T', 'G']];
    const out = run(ex, valueEvents(odd as never));
    expect(out).toEqual([]);
    expect(ex.stats().unknownShapes).toEqual({
      'array[3]<nnn>': 1,
      'array[2]<ss>': 1,
      'object:JavaObject': 1,
      boolean: 1,
      null: 1,
      bigint: 1,
      'array[7]<assssss>': 1,
      'array[7]<sssssss>': 1,
    });
    expect(Object.values(ex.stats().unknownShapes).reduce((a, b) => a + b, 0)).toBe(odd.length);
  });
});

describe('RowExtractor diagnostics', () => {
  it('counts runs whose length fits neither reading of the third header Integer', () => {
    const ex = new RowExtractor();
    const events = valueEvents([18, 0, 5, ...SAMPLE_ROWS.slice(0, 3), new Unresolved(1), 18, 0, 2, ...SAMPLE_ROWS.slice(0, 3), new Unresolved(1)]);
    events.forEach((e) => ex.push(e));
    expect(ex.stats().unknownShapes).toEqual({ 'row run length differs from the header count': 1 });
  });
});

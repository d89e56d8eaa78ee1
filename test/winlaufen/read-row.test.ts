import { describe, expect, it } from 'vitest';
import { Unresolved } from '../../src/javaser/values.js';
import { readRow } from '../../src/winlaufen/read-row.js';
import { DEFAULT_ROW_LAYOUT } from '../../src/winlaufen/row-layout.js';
import { parseRaceTime } from '../../src/winlaufen/race-time.js';
import { parseRankText } from '../../src/winlaufen/rank-text.js';

const row = (...v: unknown[]) => readRow(v as never, DEFAULT_ROW_LAYOUT);

describe('race times', () => {
  it.each([
    ['4:30:15.9', 16215900],
    ['34:56.8', 2096800],
    ['1:02:03', 3723000],
    ['0:58.1', 58100],
    ['0:00:00.0', 0],
    ['12:34:56.78', 45296780],
    ['1:02:03,4', 3723400],
  ])('%s = %d ms', (text, ms) => expect(parseRaceTime(text)).toBe(ms));

  it.each(['', 'DNF', 'aufg.', '1:60:00', '1:2', '4:30:15.9x', '-0:01.0'])('%s is not a time', (t) => expect(parseRaceTime(t)).toBeNull());
});

describe('rank texts', () => {
  it.each([
    ['1', 1, null],
    ['12.', 12, null],
    [' 3 ', 3, null],
    ['', null, null],
    ['DNF', null, 'DNF'],
    ['aufg.', null, 'aufg.'],
    ['disq.', null, 'disq.'],
    ['DSQ', null, 'DSQ'],
  ])('%j -> rank %j status %j', (t, rank, status) => expect(parseRankText(t)).toEqual({ rank, status }));
});

describe('readRow variations', () => {
  it('a normal row', () => {
    expect(row('1', '67', 'LOGES Margit', 'TV Rammingen', 'W45', '4:30:15.9', '0:00:00.0')).toEqual({
      bib: 67, rank: 1, status: null, name: 'LOGES Margit', club: 'TV Rammingen', ageGroup: 'W45', time: '4:30:15.9', gap: '0:00:00.0',
    });
  });

  it('empty rank: not ranked yet, time may be there', () => {
    expect(row('', '5', 'A b', 'C', 'M', '34:56.8', '')).toMatchObject({ rank: null, status: null, time: '34:56.8', gap: null });
  });

  it.each(['DNF', 'aufg.', 'disq.', 'DSQ', 'n.a.'])('rank %s is a status', (s) => {
    expect(row(s, '5', 'A b', 'C', 'M', '', '')).toMatchObject({ rank: null, status: s, time: null, gap: null });
  });

  it('a word in the time column becomes the status', () => {
    expect(row('', '5', 'A b', 'C', 'M', 'aufg.', '')).toMatchObject({ rank: null, status: 'aufg.', time: null });
  });

  it('times with or without hours or tenths are kept as sent', () => {
    for (const t of ['34:56.8', '1:02:03', '0:58.1', '4:30:15.9']) expect(row('1', '5', 'n', 'c', 'a', t, '')!.time).toBe(t);
  });

  it('unresolved fields stay unknown (absent) with the handle noted, never guessed', () => {
    const r = row(new Unresolved(1), '5', new Unresolved(2), new Unresolved(3), new Unresolved(4), new Unresolved(5), new Unresolved(6));
    expect(r).toEqual({ bib: 5, unresolved: { rank: 1, name: 2, club: 3, ageGroup: 4, time: 5, gap: 6 } });
  });

  it('lone surrogates (legal in Java strings, not in UTF-8) become U+FFFD', () => {
    expect(row('1', '5', 'A\ud800B', 'x\udc00', 'ok 🏃', '1:00.0', '')).toMatchObject({ name: 'A\ufffdB', club: 'x\ufffd', ageGroup: 'ok 🏃' });
  });

  it('the status is unknown while a column that could carry it is unresolved (found by the JDK stream test)', () => {
    expect(row('2', '5', 'n', 'c', 'a', new Unresolved(7), '')).not.toHaveProperty('status');
    expect(row(new Unresolved(7), '5', 'n', 'c', 'a', '1:00.0', '')).not.toHaveProperty('status');
    expect(row(new Unresolved(7), '5', 'n', 'c', 'a', 'aufg.', '')).toMatchObject({ status: 'aufg.', time: null });
    expect(row('DNF', '5', 'n', 'c', 'a', new Unresolved(7), '')).toMatchObject({ status: 'DNF', rank: null });
  });

  it('null elements are sent-empty values', () => {
    expect(row(null, '5', 'n', null, null, null, null)).toMatchObject({ rank: null, club: null, ageGroup: null, time: null, gap: null });
  });

  it('numbers for rank and bib (a Winlaufen version sending Integers)', () => {
    expect(row(3, 70, 'RÄTZ Sigishelm', 'x', 'y', '1:00:00.0', '0:00:00.0')).toMatchObject({ rank: 3, bib: 70, name: 'RÄTZ Sigishelm' });
  });

  it('longer arrays match the 7-field layout (extra elements ignored)', () => {
    expect(row('1', '67', 'n', 'c', 'a', '1:00.0', '0:00.0', 'extra', 'more')).toMatchObject({ bib: 67, time: '1:00.0' });
  });

  it('not rows: shorter arrays, non-numeric bib, unresolved bib, nested values', () => {
    expect(row('1', '67', 'n', 'c', 'a', '1:00.0')).toBeNull();
    expect(row('1', 'abc', 'n', 'c', 'a', '1:00.0', '')).toBeNull();
    expect(row('1', new Unresolved(3), 'n', 'c', 'a', '1:00.0', '')).toBeNull();
    expect(row('1', '67', ['n'], 'c', 'a', '1:00.0', '')).toBeNull();
    expect(row('1', '67', 'n', 'c', 'a', '1:00.0', true)).toBeNull();
    expect(row(1, 67, 3, 4, 5, 6, 7)).toBeNull(); // an int[7]
  });
});

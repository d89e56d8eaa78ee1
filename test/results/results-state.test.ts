import { describe, expect, it } from 'vitest';
import { ResultsState } from '../../src/results/results-state.js';
import { ResultsSyncError, ResultsView } from '../../src/results/results-view.js';
import { filterDelta, filterSnapshot } from '../../src/results/filter.js';
import { listUpdatesOf } from '../../src/results/list-updates-of.js';
import type { ListUpdate } from '../../src/winlaufen/list-update.js';
import type { StartEntry } from '../../src/winlaufen/startlist/types.js';
import { RowExtractor } from '../../src/winlaufen/row-extractor.js';
import { sampleEvents } from '../winlaufen/sample-fragment.js';

function sampleUpdate(): ListUpdate {
  const ex = new RowExtractor();
  return [...sampleEvents().flatMap((e) => ex.push(e)), ...ex.flush()][0]!;
}

const epochs = (): (() => string) => {
  let n = 0;
  return () => `epoch-${++n}`;
};

const start = (bib: number, e: Partial<StartEntry>): [number, StartEntry] => [
  bib,
  { bib, name: null, club: null, ageGroup: null, nation: null, year: null, gender: null, competition: null, ...e },
];

describe('ResultsState from the sample fragment', () => {
  it('the first update is one delta with every row in full and six new finishers', () => {
    const state = new ResultsState({ newEpoch: epochs() });
    const delta = state.applyListUpdate(sampleUpdate())!;
    expect(delta).toMatchObject({ type: 'delta', epoch: 'epoch-1', seq: 1 });
    expect(delta.competitions).toHaveLength(1);
    expect(delta.competitions[0]!.id).toBe('18');
    expect(delta.competitions[0]!.name).toBeNull();
    expect(delta.competitions[0]!.rows[0]).toEqual({
      rank: 1, bib: 67, name: 'LOGES Margit', club: null, ageGroup: null, time: '4:30:15.9', gap: '0:00:00.0', status: null, nation: null, year: null, gender: null,
    });
    expect(delta.finishers.map((f) => f.bib)).toEqual([67, 68, 69, 70, 71, 72]);
    expect(state.resultsDocument()).toEqual({
      competitions: [{ id: '18', rows: delta.competitions[0]!.rows }],
    });
  });

  it('the same update again changes nothing: no delta, seq stays', () => {
    const state = new ResultsState();
    state.applyListUpdate(sampleUpdate());
    expect(state.applyListUpdate(sampleUpdate())).toBeNull();
    expect(state.seq).toBe(1);
  });

  it('a window is an upsert: absent rows stay; only changed fields travel', () => {
    const state = new ResultsState();
    state.applyListUpdate(sampleUpdate());
    // bib 70 overtakes 69; 69's time corrected; a new unranked finisher appears.
    const delta = state.applyListUpdate({
      source: 'winlaufen', competition: '18', rows: [
        { bib: 70, rank: 3, status: null, name: 'RÄTZ Sigishelm', time: '4:39:36.4', gap: '0:09:20.5' },
        { bib: 69, rank: 4, status: null, name: 'EVANS Denny', time: '4:40:00.0', gap: '0:09:44.1' },
        { bib: 99, rank: null, status: null, name: 'NEU Nina', time: '5:01:00.0', gap: null },
      ],
    })!;
    expect(delta.seq).toBe(2);
    expect(delta.competitions[0]!.rows).toEqual([
      { bib: 70, rank: 3 },
      { bib: 69, rank: 4, time: '4:40:00.0', gap: '0:09:44.1' },
      { rank: null, bib: 99, name: 'NEU Nina', club: null, ageGroup: null, time: '5:01:00.0', gap: null, status: null, nation: null, year: null, gender: null },
    ]);
    expect(delta.finishers).toEqual([{ competition: '18', bib: 99 }]);
    const rows = state.resultsDocument().competitions[0]!.rows;
    expect(rows.map((r) => [r.rank, r.bib])).toEqual([[1, 67], [2, 68], [3, 70], [4, 69], [5, 71], [6, 72], [null, 99]]);
  });

  it('an unresolved field (absent) never erases what was known; a sent empty value clears', () => {
    const state = new ResultsState();
    state.applyListUpdate({ source: 'winlaufen', competition: '1', rows: [{ bib: 5, rank: 2, club: 'TV A', time: '1:00.0' }] });
    expect(state.applyListUpdate({ source: 'winlaufen', competition: '1', rows: [{ bib: 5, rank: 2 }] })).toBeNull();
    const d = state.applyListUpdate({ source: 'winlaufen', competition: '1', rows: [{ bib: 5, rank: null, status: 'disq.' }] })!;
    expect(d.competitions[0]!.rows).toEqual([{ bib: 5, rank: null, status: 'disq.' }]);
    expect(state.snapshot().competitions[0]!.rows[0]).toMatchObject({ club: 'TV A', time: '1:00.0', status: 'disq.' });
  });

  it('rows whose competition is unknown are not applied, only counted', () => {
    const state = new ResultsState();
    expect(state.applyListUpdate({ source: 'winlaufen', competition: null, rows: [{ bib: 1, rank: 1 }] })).toBeNull();
    expect(state.stats()).toMatchObject({ unattributedUpdates: 1, unattributedRows: 1, deltas: 0 });
    expect(state.snapshot().competitions).toEqual([]);
  });

  it('competition names from the JSON sender; a rename is a delta', () => {
    const state = new ResultsState();
    state.applyListUpdate({ source: 'json-sender', competition: 'w/k', competitionName: 'Lauf A', rows: [] });
    const d = state.applyListUpdate({ source: 'json-sender', competition: 'w/k', competitionName: 'Lauf B', rows: [] })!;
    expect(d.competitions).toEqual([{ id: 'w/k', name: 'Lauf B', rows: [] }]);
    expect(state.resultsDocument()).toEqual({ competitions: [{ id: 'w/k', name: 'Lauf B', rows: [] }] });
  });

  it('competitions ordered numerically by id, rows by rank then bib (unranked last)', () => {
    const state = new ResultsState();
    state.applyListUpdate({ source: 'winlaufen', competition: '18', rows: [{ bib: 3, rank: null }, { bib: 2, rank: null }, { bib: 9, rank: 1 }] });
    state.applyListUpdate({ source: 'winlaufen', competition: '2', rows: [{ bib: 1, rank: 1 }] });
    const doc = state.resultsDocument();
    expect(doc.competitions.map((c) => c.id)).toEqual(['2', '18']);
    expect(doc.competitions[1]!.rows.map((r) => r.bib)).toEqual([9, 2, 3]);
  });

  it('the finisher feed is bounded, oldest dropped', () => {
    const state = new ResultsState({ finisherLimit: 3 });
    for (let bib = 1; bib <= 5; bib++) state.applyListUpdate({ source: 'winlaufen', competition: '1', rows: [{ bib, time: `1:0${bib}.0` }] });
    expect(state.latestFinishers().map((f) => f.bib)).toEqual([3, 4, 5]);
    // A corrected time is not a new finisher.
    expect(state.applyListUpdate({ source: 'winlaufen', competition: '1', rows: [{ bib: 5, time: '1:09.0' }] })!.finishers).toEqual([]);
  });

  it('reset starts a new epoch with seq 0 and no rows; the start list stays', () => {
    const state = new ResultsState({ newEpoch: epochs() });
    state.setStartList(new Map([start(67, { club: 'LG' })]));
    state.applyListUpdate(sampleUpdate());
    const snap = state.reset();
    expect(snap).toMatchObject({ epoch: 'epoch-2', seq: 0, competitions: [], finishers: [] });
    const d = state.applyListUpdate(sampleUpdate())!;
    expect(d).toMatchObject({ epoch: 'epoch-2', seq: 1 });
    expect(d.competitions[0]!.rows[0]!.club).toBe('LG');
  });
});

describe('start list merge', () => {
  const startList = new Map([
    start(67, { name: 'LOGES Margit', club: 'LG Süd', ageGroup: 'W60', nation: 'GER', year: 1963, gender: 'W' }),
    start(72, { name: 'FREITAG Hellmut', club: 'Verein aus der Startliste', ageGroup: 'M60', nation: 'GER', year: 1962, gender: 'M' }),
    start(500, { name: 'NICHT Gestartet', club: 'X' }),
  ]);

  it('fills unresolved fields, adds nation/year/gender, never overrides a sent value, never adds rows', () => {
    const state = new ResultsState();
    state.applyListUpdate(sampleUpdate());
    const d = state.setStartList(startList)!;
    expect(d.seq).toBe(2);
    expect(d.competitions[0]!.rows).toEqual([
      { bib: 67, club: 'LG Süd', ageGroup: 'W60', nation: 'GER', year: 1963, gender: 'W' },
      // 72's club "Rammingen" was sent by the stream: it stays.
      { bib: 72, ageGroup: 'M60', nation: 'GER', year: 1962, gender: 'M' },
    ]);
    expect(state.snapshot().competitions[0]!.rows.find((r) => r.bib === 72)!.club).toBe('Rammingen');
    expect(state.snapshot().competitions[0]!.rows.some((r) => r.bib === 500)).toBe(false);
  });

  it('a start list loaded first fills new rows as they arrive; a stream value arriving later wins', () => {
    const state = new ResultsState();
    state.setStartList(startList);
    const d1 = state.applyListUpdate(sampleUpdate())!;
    expect(d1.competitions[0]!.rows[0]).toMatchObject({ bib: 67, club: 'LG Süd', ageGroup: 'W60', nation: 'GER' });
    const d2 = state.applyListUpdate({ source: 'winlaufen', competition: '18', rows: [{ bib: 67, club: 'LG Süd Ulm e.V.' }] })!;
    expect(d2.competitions[0]!.rows).toEqual([{ bib: 67, club: 'LG Süd Ulm e.V.' }]);
  });

  it('removing the start list takes its fills back (as a delta)', () => {
    const state = new ResultsState();
    state.applyListUpdate(sampleUpdate());
    state.setStartList(startList);
    const d = state.setStartList(null)!;
    expect(d.competitions[0]!.rows[0]).toEqual({ bib: 67, club: null, ageGroup: null, nation: null, year: null, gender: null });
    expect(state.setStartList(null)).toBeNull();
  });
});

describe('ResultsView', () => {
  it('applies deltas in order, ignores duplicates, refuses gaps and other epochs', () => {
    const state = new ResultsState({ newEpoch: epochs() });
    const view = new ResultsView(state.snapshot());
    const d1 = state.applyListUpdate(sampleUpdate())!;
    const d2 = state.applyListUpdate({ source: 'winlaufen', competition: '18', rows: [{ bib: 67, gap: '0:00:00.1' }] })!;
    const d3 = state.applyListUpdate({ source: 'winlaufen', competition: '18', rows: [{ bib: 68, gap: '0:00:00.2' }] })!;
    expect(view.apply(d1)).toBe('applied');
    expect(view.apply(d1)).toBe('duplicate');
    expect(() => view.apply(d3)).toThrow(ResultsSyncError);
    expect(() => view.apply(d3)).toThrow('deltas 2..2 are missing');
    view.apply(d2);
    view.apply(d3);
    expect(view.toSnapshot()).toEqual(state.snapshot());
    state.reset();
    const other = state.applyListUpdate(sampleUpdate())!;
    expect(() => view.apply(other)).toThrow(/epoch/);
  });

  it('a partial patch for a row the view lacks is refused and changes nothing', () => {
    const view = new ResultsView({ type: 'snapshot', epoch: 'e', seq: 0, finisherLimit: 5, competitions: [], finishers: [] });
    const before = view.toSnapshot();
    expect(() => view.apply({ type: 'delta', epoch: 'e', seq: 1, competitions: [{ id: '1', rows: [{ bib: 1, rank: 1 }] }], finishers: [] })).toThrow(/does not have/);
    expect(view.toSnapshot()).toEqual(before);
  });

  it('a filtered feed (one competition) skips other competitions\' seqs', () => {
    const state = new ResultsState();
    const view = new ResultsView(filterSnapshot(state.snapshot(), '2'), { contiguous: false });
    const deltas = [
      state.applyListUpdate({ source: 'winlaufen', competition: '1', rows: [{ bib: 1, rank: 1, time: '1:00.0' }] })!,
      state.applyListUpdate({ source: 'winlaufen', competition: '2', rows: [{ bib: 2, rank: 1, time: '1:00.0' }] })!,
      state.applyListUpdate({ source: 'winlaufen', competition: '1', rows: [{ bib: 3, rank: 2 }] })!,
    ];
    const mine = deltas.map((d) => filterDelta(d, '2')).filter((d) => d !== null);
    expect(mine.map((d) => d.seq)).toEqual([2]);
    for (const d of mine) view.apply(d);
    expect(view.toSnapshot()).toEqual({ ...filterSnapshot(state.snapshot(), '2'), seq: 2 });
  });
});

describe('persistence document', () => {
  it('a state restored from its JSON document continues: same epoch, snapshot, seq and finishers', () => {
    const state = new ResultsState({ finisherLimit: 4 });
    state.applyListUpdate(sampleUpdate());
    state.applyListUpdate({ source: 'winlaufen', competition: '18', rows: [{ bib: 67, club: null }] });
    const startList = new Map([start(67, { club: 'LG Süd' }), start(68, { nation: 'GER' })]);
    state.setStartList(startList);
    const restored = ResultsState.fromDocument(JSON.parse(JSON.stringify(state.toDocument())), { startList });
    expect(restored.snapshot()).toEqual(state.snapshot());
    const next = { source: 'winlaufen' as const, competition: '18', rows: [{ bib: 67, time: '4:30:15.8' }, { bib: 300, time: '5:00:00.0' }] };
    expect(restored.applyListUpdate(next)).toEqual(state.applyListUpdate(next));
    // Unknown stays unknown: the restored state still lets the start list fill what the stream never said.
    expect(restored.setStartList(null)).toEqual(state.setStartList(null));
  });
});

describe('restoring from a snapshot, relaying another state', () => {
  const startList = new Map([start(67, { club: 'LG Süd', nation: 'GER' }), start(68, { nation: 'AUT', year: 1970 })]);

  it('fromSnapshot continues the same epoch, seq, rows and finishers (with or without the start list)', () => {
    const state = new ResultsState({ finisherLimit: 4 });
    state.setStartList(startList);
    state.applyListUpdate(sampleUpdate());
    const snap = state.snapshot();
    for (const restored of [ResultsState.fromSnapshot(snap, { startList }), ResultsState.fromSnapshot(JSON.parse(JSON.stringify(snap)))]) {
      expect(restored.snapshot()).toEqual(snap);
      const next = { source: 'winlaufen' as const, competition: '18', rows: [{ bib: 67, time: '4:30:15.8' }, { bib: 300, time: '5:00:00.0' }] };
      expect(restored.applyListUpdate(next)!.seq).toBe(snap.seq + 1);
      expect(restored.latestFinishers().map((f) => f.bib)).toEqual([70, 71, 72, 300]);
    }
    // With the start list given, its fills stay fills: a corrected start list applies.
    const restored = ResultsState.fromSnapshot(snap, { startList });
    const d = restored.setStartList(new Map([start(67, { club: 'LG Süd Ulm', nation: 'GER' }), start(68, { nation: 'AUT', year: 1970 })]))!;
    expect(d.competitions[0]!.rows).toEqual([{ bib: 67, club: 'LG Süd Ulm' }]);
  });

  it('a relay fed with listUpdatesOf(each delta) ends with the same rows, start list fields included', () => {
    const origin = new ResultsState();
    const relay = new ResultsState();
    const deltas = [
      origin.setStartList(startList),
      origin.applyListUpdate(sampleUpdate()),
      origin.setStartList(new Map([start(69, { club: 'Neu', gender: 'M' })])),
      origin.applyListUpdate({ source: 'json-sender', competition: 'w/k', competitionName: 'Lauf', rows: [{ bib: 1, rank: 1, time: '1:00.0' }] }),
    ].filter((d) => d !== null);
    for (const d of deltas) for (const u of listUpdatesOf(d.competitions)) relay.applyListUpdate(u);
    expect(relay.resultsDocument()).toEqual(origin.resultsDocument());
    expect(relay.latestFinishers()).toEqual(origin.latestFinishers());
  });
});

describe('bounds that keep every message decodable', () => {
  it('texts over MAX_TEXT_LENGTH are cut (never inside a surrogate pair); ids over MAX_ID_LENGTH refused', () => {
    const state = new ResultsState();
    const long = `${'x'.repeat(255)}🏃 and more`;
    state.setStartList(new Map([start(1, { club: long })]));
    const d = state.applyListUpdate({ source: 'winlaufen', competition: '1', competitionName: long, rows: [{ bib: 1, name: long }] })!;
    expect(d.competitions[0]!.name).toBe('x'.repeat(255));
    expect(d.competitions[0]!.rows[0]).toMatchObject({ name: 'x'.repeat(255), club: 'x'.repeat(255) });
    expect(state.applyListUpdate({ source: 'winlaufen', competition: 'i'.repeat(129), rows: [{ bib: 1 }] })).toBeNull();
    expect(state.stats().rejectedRows).toBe(1);
  });
});

describe('a bib twice in one update', () => {
  it('makes one patch for it, so the delta passes the decoders', () => {
    const state = new ResultsState();
    const d = state.applyListUpdate({ source: 'winlaufen', competition: '1', rows: [{ bib: 5, rank: 2, time: '1:00.0' }, { bib: 5, rank: 1 }] })!;
    expect(d.competitions[0]!.rows).toEqual([
      { rank: 1, bib: 5, name: null, club: null, ageGroup: null, time: '1:00.0', gap: null, status: null, nation: null, year: null, gender: null },
    ]);
  });
});

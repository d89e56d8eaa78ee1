// Property: a snapshot plus the deltas after it always equals the state; deltas carry only real
// changes; seqs are contiguous within an epoch; the state equals an independent fold of the inputs.
import { describe, expect, it } from 'vitest';
import { ROW_KEYS, type Delta, type Row, type Snapshot } from '../../src/results/types.js';
import { ResultsState } from '../../src/results/results-state.js';
import { ResultsView } from '../../src/results/results-view.js';
import type { ListUpdate } from '../../src/winlaufen/list-update.js';
import type { StartEntry } from '../../src/winlaufen/startlist/types.js';
import { randomStartList, randomUpdate, rng } from './random-updates.js';

/** The expected rows, computed the simple way: last told value per field, then the start list. */
function model(updates: ListUpdate[], startList: ReadonlyMap<number, StartEntry> | null): Map<string, Map<number, Row>> {
  const told = new Map<string, Map<number, Record<string, unknown>>>();
  for (const u of updates) {
    if (u.competition === null) continue;
    const comp = told.get(u.competition) ?? new Map();
    told.set(u.competition, comp);
    for (const row of u.rows) {
      const known = comp.get(row.bib) ?? { bib: row.bib };
      for (const [k, v] of Object.entries(row)) if (v !== undefined && k !== 'unresolved') known[k] = v;
      comp.set(row.bib, known);
    }
  }
  const out = new Map<string, Map<number, Row>>();
  for (const [id, rows] of told) {
    const m = new Map<number, Row>();
    for (const [bib, t] of rows) {
      const s = startList?.get(bib);
      const pick = (k: string, fallback: unknown): unknown => (t[k] === undefined || t[k] === null ? (fallback ?? t[k] ?? null) : t[k]);
      m.set(bib, {
        rank: (t.rank ?? null) as number | null,
        bib,
        name: pick('name', s?.name) as string | null,
        club: pick('club', s?.club) as string | null,
        ageGroup: pick('ageGroup', s?.ageGroup) as string | null,
        time: (t.time ?? null) as string | null,
        gap: (t.gap ?? null) as string | null,
        status: (t.status ?? null) as string | null,
        nation: s?.nation ?? null,
        year: s?.year ?? null,
        gender: s?.gender ?? null,
      });
    }
    out.set(id, m);
  }
  return out;
}

/** Bibs in the order their time first became known (start lists carry no times). */
function finisherModel(updates: ListUpdate[]): Array<{ competition: string; bib: number }> {
  const time = new Map<string, string | null>();
  const out: Array<{ competition: string; bib: number }> = [];
  for (const u of updates) {
    if (u.competition === null) continue;
    for (const row of u.rows) {
      const key = `${u.competition} ${row.bib}`;
      if (row.time !== undefined) time.set(key, row.time);
      else if (!time.has(key)) time.set(key, null);
      if (time.get(key) !== null && !out.some((f) => f.competition === u.competition && f.bib === row.bib)) {
        out.push({ competition: u.competition, bib: row.bib });
      }
    }
  }
  return out;
}

function asMaps(s: Snapshot): Map<string, Map<number, Row>> {
  return new Map(s.competitions.map((c) => [c.id, new Map(c.rows.map((r) => [r.bib, r]))]));
}

describe('snapshot + deltas == state (seeded random update sequences)', () => {
  it.each(Array.from({ length: 30 }, (_, i) => i + 1))('seed %i', (seed) => {
    const r = rng(seed);
    const state = new ResultsState({ finisherLimit: 1 + Math.floor(r() * 10) });
    let snapshots: Snapshot[] = [state.snapshot()];
    let deltas: Delta[] = [];
    let updatesThisEpoch: ListUpdate[] = [];
    let startList: ReadonlyMap<number, StartEntry> | null = null;
    const steps = 150;
    for (let step = 0; step < steps; step++) {
      const x = r();
      let delta: Delta | null = null;
      if (x < 0.08) {
        startList = randomStartList(r);
        delta = state.setStartList(startList);
      } else if (x < 0.1) {
        const before = state.epoch;
        const oldView = new ResultsView(snapshots[0]!);
        const snap = state.reset();
        expect(snap).toMatchObject({ seq: 0, competitions: [], finishers: [] });
        expect(snap.epoch).not.toBe(before);
        snapshots = [snap];
        deltas = [];
        // A probe update in the new epoch: views of the old epoch must refuse its delta.
        const probe: ListUpdate = { source: 'winlaufen', competition: '1', rows: [{ bib: 1, rank: 1 }] };
        updatesThisEpoch = [probe];
        const next = state.applyListUpdate(probe)!;
        expect(next.seq).toBe(1);
        expect(() => oldView.apply(next)).toThrow(/epoch/);
        deltas.push(next);
        continue;
      } else {
        const u = randomUpdate(r);
        updatesThisEpoch.push(u);
        delta = state.applyListUpdate(u);
      }
      if (delta) {
        expect(delta.seq).toBe((deltas.at(-1)?.seq ?? snapshots[0]!.seq) + 1);
        expect(delta.epoch).toBe(state.epoch);
        deltas.push(delta);
      }
      if (r() < 0.1) snapshots.push(state.snapshot());
    }
    const final = state.snapshot();
    const unchanged: string[] = [];
    for (const snap of snapshots) {
      const view = new ResultsView(snap);
      for (const d of deltas) {
        if (d.seq <= snap.seq) continue;
        // Only real changes travel: every field of a patch for a known row differs from before.
        for (const cp of d.competitions) {
          for (const p of cp.rows) {
            const before = view.row(cp.id, p.bib);
            if (!before) continue;
            for (const k of ROW_KEYS) {
              if (k !== 'bib' && k in p && p[k as keyof typeof p] === before[k]) unchanged.push(`seq ${d.seq} ${cp.id}/${p.bib}.${k}`);
            }
          }
        }
        expect(view.apply(d)).toBe('applied');
      }
      expect(view.toSnapshot()).toEqual(final);
    }
    expect(unchanged).toEqual([]);
    expect(asMaps(final)).toEqual(model(updatesThisEpoch, startList));
    expect(final.finishers).toEqual(finisherModel(updatesThisEpoch).slice(-state.finisherLimit));
  });
});

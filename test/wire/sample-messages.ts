// Messages built through the real results state, for the wire tests.
import type { Delta, Snapshot } from '../../src/results/types.js';
import { ResultsState } from '../../src/results/results-state.js';
import { randomStartList, randomUpdate, rng } from '../results/random-updates.js';

export function randomMessages(seed: number, steps = 60): { snapshots: Snapshot[]; deltas: Delta[] } {
  const r = rng(seed);
  const state = new ResultsState({ finisherLimit: 8 });
  const snapshots: Snapshot[] = [state.snapshot()];
  const deltas: Delta[] = [];
  for (let i = 0; i < steps; i++) {
    const d = r() < 0.1 ? state.setStartList(randomStartList(r)) : state.applyListUpdate(randomUpdate(r));
    if (d) deltas.push(d);
    if (r() < 0.2) snapshots.push(state.snapshot());
  }
  snapshots.push(state.snapshot());
  return { snapshots, deltas };
}

/** A big snapshot: `rows` finishers with every field set, in one competition. */
export function bigSnapshot(rows: number): Snapshot {
  const state = new ResultsState({ epoch: 'big' });
  state.applyListUpdate({
    source: 'winlaufen',
    competition: '18',
    rows: Array.from({ length: rows }, (_, i) => ({
      bib: 100 + i,
      rank: i + 1,
      status: null,
      name: `NACHNAME${i} Vorname`,
      club: `Verein ${i % 40}`,
      ageGroup: ['M40', 'W45', 'MHK'][i % 3]!,
      time: `4:${String(10 + (i % 50)).padStart(2, '0')}:15.9`,
      gap: `0:${String(i % 60).padStart(2, '0')}:00.0`,
    })),
  });
  return state.snapshot();
}

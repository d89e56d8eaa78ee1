// A subscription to one competition sees only that competition's part of snapshots and deltas.
// Filtered deltas keep their state-wide seq, so a filtered feed skips numbers (see ResultsView's
// `contiguous: false`).
import type { Delta, Snapshot } from './types.js';

export function filterSnapshot(snapshot: Snapshot, competition: string): Snapshot {
  return {
    ...snapshot,
    competitions: snapshot.competitions.filter((c) => c.id === competition),
    finishers: snapshot.finishers.filter((f) => f.competition === competition),
  };
}

/** The delta's part for one competition, or null when it does not touch that competition. */
export function filterDelta(delta: Delta, competition: string): Delta | null {
  const competitions = delta.competitions.filter((c) => c.id === competition);
  if (competitions.length === 0) return null;
  return { ...delta, competitions, finishers: delta.finishers.filter((f) => f.competition === competition) };
}

// The race as the sequence of list updates Winlaufen would send, each at its race-clock time.
// A finish, a corrected time or a disqualification sends a window of the list around the runner;
// closing a competition sends the whole final list page by page, so a receiver that saw every
// update ends with exactly the final results.
import type { Competition, Race } from './race-model.js';
import { ResultList, type ResultRow } from './result-list.js';

export interface ListUpdate {
  /** When Winlaufen sends it, on the race clock (ms since the first gun). */
  raceMs: number;
  competitionId: number;
  /** Index (0-based) of the first row in the full list. */
  position: number;
  rows: ResultRow[];
  /** The final (official) list at the close of the competition. */
  official: boolean;
}

type RaceEvent =
  | { atMs: number; order: number; kind: 'finish' | 'correct'; bib: number; finishMs: number; comp: Competition }
  | { atMs: number; order: number; kind: 'dsq'; bib: number; comp: Competition }
  | { atMs: number; order: number; kind: 'close'; comp: Competition };

/** How long after its last event a competition is closed and its final list published. */
export const CLOSE_AFTER_MS = 60_000;

export function buildRaceScript(race: Race, windowSize: number): ListUpdate[] {
  if (!Number.isInteger(windowSize) || windowSize < 1) throw new RangeError('window size must be >= 1');
  const events: RaceEvent[] = [];
  let order = 0;
  for (const comp of race.competitions) {
    let lastMs = comp.startMs;
    for (const c of comp.competitors) {
      if (c.finishMs === null) continue;
      const finishAt = comp.startMs + c.finishMs;
      events.push({ atMs: finishAt, order: order++, kind: 'finish', bib: c.bib, finishMs: c.finishMs, comp });
      lastMs = Math.max(lastMs, finishAt);
      if (c.correction) {
        const at = finishAt + c.correction.afterMs;
        events.push({ atMs: at, order: order++, kind: 'correct', bib: c.bib, finishMs: c.correction.finishMs, comp });
        lastMs = Math.max(lastMs, at);
      }
      if (c.disqualification) {
        const at = finishAt + c.disqualification.afterMs;
        events.push({ atMs: at, order: order++, kind: 'dsq', bib: c.bib, comp });
        lastMs = Math.max(lastMs, at);
      }
    }
    events.push({ atMs: lastMs + CLOSE_AFTER_MS, order: order++, kind: 'close', comp });
  }
  events.sort((a, b) => a.atMs - b.atMs || a.order - b.order);

  const lists = new Map(race.competitions.map((c) => [c.id, new ResultList(c.competitors)]));
  const updates: ListUpdate[] = [];
  const emit = (e: RaceEvent, list: ResultList, start: number, official = false): void => {
    updates.push({
      raceMs: e.atMs,
      competitionId: e.comp.id,
      position: start,
      rows: list.slice(start, start + windowSize),
      official,
    });
  };
  /** The window that ends at the row (as in the sample: the new finisher is the last row). */
  const windowEndingAt = (index: number): number => Math.max(0, index - windowSize + 1);

  for (const e of events) {
    const list = lists.get(e.comp.id) as ResultList;
    if (e.kind === 'finish' || e.kind === 'correct') {
      list.set(e.bib, { kind: 'finished', finishMs: e.finishMs });
      emit(e, list, windowEndingAt(list.indexOf(e.bib)));
    } else if (e.kind === 'dsq') {
      const before = list.indexOf(e.bib);
      list.set(e.bib, { kind: 'dsq' });
      // the runners behind move up one place; then the disqualified row itself, now unranked
      const start = Math.min(before, Math.max(0, list.length - windowSize));
      emit(e, list, start);
      const dsqIndex = list.indexOf(e.bib);
      if (dsqIndex >= start + windowSize) emit(e, list, dsqIndex);
    } else {
      for (const bib of list.running()) list.set(bib, { kind: 'dnf' });
      for (let start = 0; start < list.length; start += windowSize) emit(e, list, start, true);
    }
  }
  return updates;
}

/** What a receiver that saw every update shows at the end: each competition's final list. */
export function finalLists(race: Race, script: readonly ListUpdate[]): Map<number, ResultRow[]> {
  const rowsByComp = new Map<number, Map<number, ResultRow>>(race.competitions.map((c) => [c.id, new Map()]));
  for (const u of script) {
    const rows = rowsByComp.get(u.competitionId) as Map<number, ResultRow>;
    for (const r of u.rows) rows.set(r.bib, r);
  }
  return new Map([...rowsByComp].map(([id, rows]) => [id, [...rows.values()]]));
}

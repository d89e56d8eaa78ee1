// One competition's result list as Winlaufen shows it at a moment of the race: ranked finishers
// by time (equal times share a rank), then the disqualified, then (once closed) those who did not
// finish, each group by bib. Kept sorted as runners come in, so a window of it costs only its
// own rows (a big field sends thousands of updates).
import { formatRaceTime } from './race-clock-text.js';
import { listName, type Competitor } from './race-model.js';

/** One row of a list update, as the simulator means it (rank null = not ranked). */
export interface ResultRow {
  rank: number | null;
  bib: number;
  name: string;
  club: string | null;
  ageGroup: string;
  time: string;
  gap: string;
}

export type RunnerState = { kind: 'running' } | { kind: 'finished'; finishMs: number } | { kind: 'dsq' } | { kind: 'dnf' };

type Identity = Pick<ResultRow, 'bib' | 'name' | 'club' | 'ageGroup'>;
interface Finisher {
  bib: number;
  ms: number;
}

const byTimeThenBib = (a: Finisher, b: Finisher): number => a.ms - b.ms || a.bib - b.bib;

/** Index where `item` is or would go in a sorted array. */
function lowerBound<T>(items: readonly T[], item: T, cmp: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(items[mid] as T, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const byNumber = (a: number, b: number): number => a - b;

export class ResultList {
  private readonly states = new Map<number, RunnerState>();
  private readonly identities = new Map<number, Identity>();
  private readonly finished: Finisher[] = [];
  private readonly dsq: number[] = [];
  private readonly dnf: number[] = [];

  constructor(competitors: readonly Competitor[]) {
    for (const c of competitors) {
      this.identities.set(c.bib, { bib: c.bib, name: listName(c), club: c.club, ageGroup: c.ageGroup });
      this.states.set(c.bib, { kind: 'running' });
    }
  }

  get length(): number {
    return this.finished.length + this.dsq.length + this.dnf.length;
  }

  set(bib: number, state: RunnerState): void {
    const old = this.states.get(bib);
    if (!old) throw new RangeError(`unknown bib ${bib}`);
    if (old.kind === 'finished') this.finished.splice(lowerBound(this.finished, { bib, ms: old.finishMs }, byTimeThenBib), 1);
    else if (old.kind === 'dsq') this.dsq.splice(lowerBound(this.dsq, bib, byNumber), 1);
    else if (old.kind === 'dnf') this.dnf.splice(lowerBound(this.dnf, bib, byNumber), 1);
    if (state.kind === 'finished') {
      const f = { bib, ms: state.finishMs };
      this.finished.splice(lowerBound(this.finished, f, byTimeThenBib), 0, f);
    } else if (state.kind === 'dsq') this.dsq.splice(lowerBound(this.dsq, bib, byNumber), 0, bib);
    else if (state.kind === 'dnf') this.dnf.splice(lowerBound(this.dnf, bib, byNumber), 0, bib);
    this.states.set(bib, state);
  }

  /** Every runner still out on the course (for closing the competition). */
  running(): number[] {
    return [...this.states].filter(([, s]) => s.kind === 'running').map(([bib]) => bib);
  }

  /** Index of the runner's row in the list, or -1 while running. */
  indexOf(bib: number): number {
    const s = this.states.get(bib);
    if (!s || s.kind === 'running') return -1;
    if (s.kind === 'finished') return lowerBound(this.finished, { bib, ms: s.finishMs }, byTimeThenBib);
    if (s.kind === 'dsq') return this.finished.length + lowerBound(this.dsq, bib, byNumber);
    return this.finished.length + this.dsq.length + lowerBound(this.dnf, bib, byNumber);
  }

  /** Rows [start, end) of the list. */
  slice(start: number, end: number): ResultRow[] {
    const rows: ResultRow[] = [];
    const leaderMs = this.finished[0]?.ms ?? 0;
    for (let i = Math.max(0, start); i < Math.min(end, this.length); i++) rows.push(this.rowAt(i, leaderMs));
    return rows;
  }

  rows(): ResultRow[] {
    return this.slice(0, this.length);
  }

  private rowAt(i: number, leaderMs: number): ResultRow {
    const f = this.finished[i];
    if (f) {
      // equal times share the rank of the first of them
      let first = i;
      while (first > 0 && (this.finished[first - 1] as Finisher).ms === f.ms) first--;
      const id = this.identities.get(f.bib) as Identity;
      return { ...id, rank: first + 1, time: formatRaceTime(f.ms), gap: formatRaceTime(f.ms - leaderMs) };
    }
    const j = i - this.finished.length;
    const isDsq = j < this.dsq.length;
    const bib = (isDsq ? this.dsq[j] : this.dnf[j - this.dsq.length]) as number;
    return { ...(this.identities.get(bib) as Identity), rank: null, time: isDsq ? 'DSQ' : 'DNF', gap: '' };
  }
}

// A client's copy of the results: a snapshot with the deltas after it applied. Used by the browser
// (no Node APIs here), by relays, and by tests to check that snapshot + deltas == state.
import { compareCompetitionIds, compareRows } from './order.js';
import { ROW_KEYS, type Competition, type Delta, type Finisher, type Row, type Snapshot } from './types.js';

export class ResultsSyncError extends Error {
  constructor(
    readonly reason: 'epoch' | 'gap' | 'unknown-row',
    message: string,
  ) {
    super(message);
    this.name = 'ResultsSyncError';
  }
}

interface ViewCompetition {
  id: string;
  name: string | null;
  rows: Map<number, Row>;
}

export interface ResultsViewOptions {
  /**
   * true (default): every delta must be exactly seq + 1 (a full feed). false: a feed filtered to
   * some competitions skips the others' sequence numbers, so any later seq is accepted.
   */
  contiguous?: boolean;
}

export class ResultsView {
  epoch: string;
  seq: number;
  finisherLimit: number;
  private readonly comps = new Map<string, ViewCompetition>();
  private finisherList: Finisher[];
  private readonly contiguous: boolean;

  constructor(snapshot: Snapshot, options: ResultsViewOptions = {}) {
    this.epoch = snapshot.epoch;
    this.seq = snapshot.seq;
    this.finisherLimit = snapshot.finisherLimit;
    this.contiguous = options.contiguous ?? true;
    for (const c of snapshot.competitions) {
      this.comps.set(c.id, { id: c.id, name: c.name, rows: new Map(c.rows.map((r) => [r.bib, { ...r }])) });
    }
    this.finisherList = snapshot.finishers.map((f) => ({ ...f }));
  }

  /**
   * Applies a delta. 'duplicate' when it is not newer than what the view has (a resend; ignored).
   * Throws ResultsSyncError when it cannot apply: another epoch, a missing delta, or a partial
   * patch for a row the view does not have. The client then needs a fresh snapshot.
   */
  apply(delta: Delta): 'applied' | 'duplicate' {
    if (delta.epoch !== this.epoch) {
      throw new ResultsSyncError('epoch', `delta of epoch ${delta.epoch}, view is in epoch ${this.epoch}`);
    }
    if (delta.seq <= this.seq) return 'duplicate';
    if (this.contiguous && delta.seq !== this.seq + 1) {
      throw new ResultsSyncError('gap', `delta ${delta.seq} after ${this.seq}: deltas ${this.seq + 1}..${delta.seq - 1} are missing`);
    }
    // Check before changing anything, so a failed apply leaves the view as it was.
    for (const cp of delta.competitions) {
      const comp = this.comps.get(cp.id);
      for (const patch of cp.rows) {
        if (comp?.rows.has(patch.bib)) continue;
        if (ROW_KEYS.some((k) => !(k in patch))) {
          throw new ResultsSyncError('unknown-row', `delta ${delta.seq} changes bib ${patch.bib} in ${cp.id}, which the view does not have`);
        }
      }
    }
    for (const cp of delta.competitions) {
      let comp = this.comps.get(cp.id);
      if (!comp) {
        comp = { id: cp.id, name: cp.name ?? null, rows: new Map() };
        this.comps.set(cp.id, comp);
      } else if (cp.name !== undefined) comp.name = cp.name;
      for (const patch of cp.rows) {
        const row = comp.rows.get(patch.bib);
        if (row) Object.assign(row, patch);
        else comp.rows.set(patch.bib, { ...(patch as Row) });
      }
    }
    if (delta.finishers.length > 0) {
      this.finisherList.push(...delta.finishers.map((f) => ({ ...f })));
      if (this.finisherList.length > this.finisherLimit) this.finisherList = this.finisherList.slice(-this.finisherLimit);
    }
    this.seq = delta.seq;
    return 'applied';
  }

  competitionIds(): string[] {
    return [...this.comps.keys()].sort(compareCompetitionIds);
  }

  /** One competition, rows in result order. */
  competition(id: string): Competition | undefined {
    const c = this.comps.get(id);
    return c && { id: c.id, name: c.name, rows: [...c.rows.values()].sort(compareRows).map((r) => ({ ...r })) };
  }

  row(competition: string, bib: number): Row | undefined {
    const r = this.comps.get(competition)?.rows.get(bib);
    return r && { ...r };
  }

  finishers(): Finisher[] {
    return this.finisherList.map((f) => ({ ...f }));
  }

  toSnapshot(): Snapshot {
    return {
      type: 'snapshot',
      epoch: this.epoch,
      seq: this.seq,
      finisherLimit: this.finisherLimit,
      competitions: this.competitionIds().map((id) => this.competition(id)!),
      finishers: this.finishers(),
    };
  }
}

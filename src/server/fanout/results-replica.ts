// A fan-out thread's copy of the results: the main thread's snapshot when the thread started, then
// every delta and reset the main thread's hub made, in order (one MessagePort: no loss, no
// reordering). Deltas are applied as a viewer applies them (ResultsView), so the copy has the same
// epoch, seq and rows as the hub, and the LiveFeed running on it sends what the main thread's would.
import { ResultsView, type Delta, type Snapshot } from '../../results/index.js';
import { DeltaRing } from '../delta-ring.js';
import type { DeltaListener, LiveSource, ResetListener } from '../results-source.js';

/** The deltas after `seq` of `epoch` from the log (at most `limit`), oldest first. */
export type StoredDeltas = (epoch: string, seq: number, limit: number) => Delta[];

export class ResultsReplica implements LiveSource {
  private view: ResultsView;
  private readonly ring: DeltaRing<Delta>;
  private readonly deltaListeners: DeltaListener[] = [];
  private readonly resetListeners: ResetListener[] = [];
  private snapshotCache: Snapshot | null = null;

  /**
   * `recent`: the hub's in-memory deltas up to the snapshot, so viewers resuming on this thread get
   * the same missed deltas they would get from the hub (the hub can also read older ones from its
   * database too: `stored`, a read-only connection to the same log, when there is one).
   */
  constructor(
    snapshot: Snapshot,
    recent: readonly Delta[],
    ringSize: number,
    private readonly stored: StoredDeltas | null = null,
  ) {
    this.view = new ResultsView(snapshot);
    this.ring = new DeltaRing(ringSize);
    for (const d of recent) if (d.epoch === snapshot.epoch && d.seq <= snapshot.seq) this.ring.push(d.seq, d);
  }

  get epoch(): string {
    return this.view.epoch;
  }

  get seq(): number {
    return this.view.seq;
  }

  onDelta(listener: DeltaListener): void {
    this.deltaListeners.push(listener);
  }

  onReset(listener: ResetListener): void {
    this.resetListeners.push(listener);
  }

  snapshot(): Snapshot {
    if (!this.snapshotCache || this.snapshotCache.seq !== this.view.seq || this.snapshotCache.epoch !== this.view.epoch) {
      this.snapshotCache = this.view.toSnapshot();
    }
    return this.snapshotCache;
  }

  /**
   * The next delta of the hub. Throws (ResultsSyncError) on another epoch or a gap: the port
   * guarantees neither, so that is a bug, and the thread is restarted with a fresh snapshot.
   */
  applyDelta(delta: Delta): void {
    if (this.view.apply(delta) === 'duplicate') return;
    this.ring.push(delta.seq, delta);
    for (const l of this.deltaListeners) l(delta);
  }

  /** The hub started a new epoch. */
  reset(snapshot: Snapshot): void {
    this.view = new ResultsView(snapshot);
    this.ring.clear();
    for (const l of this.resetListeners) l(snapshot);
  }

  deltasAfter(epoch: string, seq: number, limit: number): Delta[] | null {
    if (epoch !== this.view.epoch || seq > this.view.seq || seq < 0) return null;
    if (seq === this.view.seq) return [];
    if (this.view.seq - seq > limit) return null;
    const fromRing = this.ring.after(seq);
    if (fromRing) return fromRing.map((d) => d.value);
    if (!this.stored) return null;
    // The log may already hold deltas that are still on their way to this thread: take exactly
    // the ones up to this replica's seq, or none (they are then broadcast here as they arrive).
    const want = this.view.seq - seq;
    const stored = this.stored(epoch, seq, want);
    if (stored.length !== want || stored[0]!.seq !== seq + 1 || stored[want - 1]!.seq !== this.view.seq) return null;
    return stored;
  }
}

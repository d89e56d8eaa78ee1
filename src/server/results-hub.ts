// The server's results: the state, its log in SQLite and the recent deltas in memory. Every change
// goes state -> log (committed) -> ring -> listeners (the live broadcast), in that order, so no
// viewer ever sees a delta the log does not have.
import { listUpdatesOf, ResultsState, ResultsView, type Delta, type Snapshot } from '../results/index.js';
import type { ResultsStore } from '../results/persistence/results-store.js';
import type { ListUpdate } from '../winlaufen/list-update.js';
import type { StartEntry } from '../winlaufen/startlist/types.js';
import { DeltaRing } from './delta-ring.js';
import type { DeltaListener, LiveSource, ResetListener } from './results-source.js';
import { UpstreamPositions, type ForwardedDeltaVerdict } from './upstream-positions.js';

export interface ResultsHubOptions {
  /** null: in memory only (tests, demo). */
  store: ResultsStore<Snapshot, Delta> | null;
  /** Deltas kept in memory for resuming viewers. */
  ringSize?: number;
  /** A snapshot is written (and older deltas compacted) after this many deltas. */
  snapshotEvery?: number;
  /** Start a new epoch instead of continuing the stored one (a new race day). */
  newEpoch?: boolean;
  finisherLimit?: number;
  /** The start list in force at start (capture mode), so restored rows know which values it filled. */
  startList?: ReadonlyMap<number, StartEntry> | null;
}

export type { DeltaListener, ResetListener } from './results-source.js';

export type ForwardOutcome =
  | { kind: 'applied'; deltas: Delta[] }
  | { kind: 'duplicate'; epoch: string; have: number }
  | { kind: 'gap'; epoch: string; have: number | null };

const UPSTREAM_META = 'upstream';

export class ResultsHub implements LiveSource {
  private state: ResultsState;
  private readonly ring: DeltaRing<Delta>;
  private readonly upstream: UpstreamPositions;
  private readonly deltaListeners: DeltaListener[] = [];
  private readonly resetListeners: ResetListener[] = [];
  private snapshotCache: Snapshot | null = null;
  private deltasSinceSnapshot = 0;
  private readonly snapshotEvery: number;

  constructor(private readonly options: ResultsHubOptions) {
    this.ring = new DeltaRing(options.ringSize ?? 4096);
    this.snapshotEvery = options.snapshotEvery ?? 1000;
    const store = options.store;
    const loaded = store && !options.newEpoch ? store.load() : null;
    if (loaded) {
      // The latest snapshot plus the deltas after it, applied as any client would.
      const base: Snapshot = loaded.snapshot?.value ?? { ...new ResultsState({ epoch: loaded.epoch }).snapshot(), seq: 0 };
      const view = new ResultsView(base);
      for (const d of loaded.deltas) view.apply(d.value);
      this.state = ResultsState.fromSnapshot(view.toSnapshot(), { startList: options.startList ?? null });
      for (const d of loaded.deltas.slice(-this.ring.capacity)) this.ring.push(d.seq, d.value);
      this.deltasSinceSnapshot = loaded.deltas.length;
      this.upstream = UpstreamPositions.fromJson(store?.meta(UPSTREAM_META) ?? null);
    } else {
      this.state = new ResultsState(options.finisherLimit !== undefined ? { finisherLimit: options.finisherLimit } : {});
      if (options.startList) this.state.setStartList(options.startList); // no rows yet: no delta
      this.upstream = new UpstreamPositions();
      store?.startEpoch(this.state.epoch, 0, this.state.snapshot(), { [UPSTREAM_META]: this.upstream.toJson() });
    }
  }

  get epoch(): string {
    return this.state.epoch;
  }

  get seq(): number {
    return this.state.seq;
  }

  onDelta(listener: DeltaListener): void {
    this.deltaListeners.push(listener);
  }

  onReset(listener: ResetListener): void {
    this.resetListeners.push(listener);
  }

  /** The whole state (shared: callers must not change it); rebuilt only after a change. */
  snapshot(): Snapshot {
    if (!this.snapshotCache || this.snapshotCache.seq !== this.state.seq || this.snapshotCache.epoch !== this.state.epoch) {
      this.snapshotCache = this.state.snapshot();
    }
    return this.snapshotCache;
  }

  rowCount(): number {
    let n = 0;
    for (const c of this.snapshot().competitions) n += c.rows.length;
    return n;
  }

  /** Applies one list update (pipeline, JSON sender); returns the delta, already stored and sent. */
  applyListUpdate(update: ListUpdate): Delta | null {
    const delta = this.state.applyListUpdate(update);
    if (delta) this.commit([delta], {});
    return delta;
  }

  /** Applies a start list (or clears it with null). */
  setStartList(entries: ReadonlyMap<number, StartEntry> | null): Delta | null {
    const delta = this.state.setStartList(entries);
    if (delta) this.commit([delta], {});
    return delta;
  }

  /**
   * A forwarder's snapshot or delta. Its content is applied as list updates (our own seq); its
   * (epoch, seq) decides: duplicates are dropped, a gap is refused so the forwarder resends.
   */
  applyForwarded(message: Snapshot | Delta): ForwardOutcome {
    let verdict: ForwardedDeltaVerdict = { kind: 'apply' };
    if (message.type === 'delta') verdict = this.upstream.judgeDelta(message.epoch, message.seq);
    if (verdict.kind === 'duplicate') return { kind: 'duplicate', epoch: message.epoch, have: verdict.have };
    if (verdict.kind === 'gap') return { kind: 'gap', epoch: message.epoch, have: verdict.have };
    const deltas: Delta[] = [];
    for (const update of listUpdatesOf(message.competitions)) {
      const d = this.state.applyListUpdate(update);
      if (d) deltas.push(d);
    }
    this.upstream.set(message.epoch, message.seq);
    this.commit(deltas, { [UPSTREAM_META]: this.upstream.toJson() });
    return { kind: 'applied', deltas };
  }

  /** Forgets everything and starts a new epoch; viewers get the empty snapshot. */
  reset(): Snapshot {
    const snapshot = this.state.reset();
    this.upstream.clear();
    this.options.store?.startEpoch(snapshot.epoch, snapshot.seq, snapshot, { [UPSTREAM_META]: this.upstream.toJson() });
    this.ring.clear();
    this.deltasSinceSnapshot = 0;
    for (const l of this.resetListeners) l(snapshot);
    return snapshot;
  }

  /**
   * The deltas after `seq` of `epoch`, oldest first (at most `limit`), from memory or the log; null
   * when they cannot be had (another epoch, too old, more than `limit`): send a snapshot instead.
   */
  deltasAfter(epoch: string, seq: number, limit: number): Delta[] | null {
    if (epoch !== this.state.epoch || seq > this.state.seq || seq < 0) return null;
    if (seq === this.state.seq) return [];
    if (this.state.seq - seq > limit) return null;
    const fromRing = this.ring.after(seq);
    if (fromRing) return fromRing.map((d) => d.value);
    const store = this.options.store;
    if (!store) return null;
    const stored = store.deltasAfter(epoch, seq, limit + 1);
    if (stored.length === 0 || stored[0]!.seq !== seq + 1 || stored.length > limit) return null;
    return stored.map((d) => d.value);
  }

  /**
   * The deltas held in memory (oldest first) that follow on from the current snapshot's past: what
   * a fan-out thread's replica needs to answer resuming viewers as this hub would.
   */
  recentDeltas(): Delta[] {
    const first = this.ring.firstSeq();
    return first === null ? [] : (this.ring.after(first - 1) ?? []).map((d) => d.value);
  }

  /** Writes a snapshot now and compacts the log (also done every `snapshotEvery` deltas). */
  compact(): void {
    this.options.store?.compact(this.state.epoch, this.state.seq, this.snapshot());
    this.deltasSinceSnapshot = 0;
  }

  /** Compacts and closes the log. */
  close(): void {
    if (this.deltasSinceSnapshot > 0) this.compact();
    this.options.store?.close();
  }

  private commit(deltas: Delta[], meta: Record<string, string>): void {
    // Stored before anyone sees them: if this throws, nothing was broadcast.
    this.options.store?.appendDeltas(
      this.state.epoch,
      deltas.map((d) => ({ seq: d.seq, value: d })),
      meta,
    );
    for (const d of deltas) this.ring.push(d.seq, d);
    for (const d of deltas) for (const l of this.deltaListeners) l(d);
    this.deltasSinceSnapshot += deltas.length;
    if (this.deltasSinceSnapshot >= this.snapshotEvery) this.compact();
  }
}

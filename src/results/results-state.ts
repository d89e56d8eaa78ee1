// The results state: per competition, rows keyed by bib. List updates and start list changes turn
// into deltas (only changed rows and fields, seq + 1 each); a snapshot plus the deltas after it
// equals the state. Reset starts a new epoch.
import type { ListUpdate } from '../winlaufen/list-update.js';
import type { StartEntry } from '../winlaufen/startlist/types.js';
import { clampText, diffRow, effectiveRow, mergeStreamRow, type StreamRow } from './effective-row.js';
import { newEpochId } from './epoch.js';
import { compareCompetitionIds, compareRows } from './order.js';
import { toResultsDocument, type ResultsDocument } from './results-document.js';
import { MAX_ID_LENGTH, ROW_KEYS, type CompetitionPatch, type Delta, type Finisher, type Row, type RowPatch, type Snapshot } from './types.js';

export interface ResultsStateOptions {
  epoch?: string;
  /** How many latest finishers the feed keeps. */
  finisherLimit?: number;
  maxCompetitions?: number;
  maxRowsPerCompetition?: number;
  /** Makes epoch ids (tests inject a deterministic one). */
  newEpoch?: () => string;
}

export interface ResultsStateStats {
  updates: number;
  deltas: number;
  /** Updates whose competition could not be told: not applied. */
  unattributedUpdates: number;
  unattributedRows: number;
  /** Rows of competitions beyond the configured limits, or with an empty or overlong id: not applied. */
  rejectedRows: number;
}

interface StateRow {
  stream: StreamRow;
  row: Row;
}

interface StateCompetition {
  id: string;
  name: string | null;
  rows: Map<number, StateRow>;
}

const finisherKey = (competition: string, bib: number): string => `${competition}\u0000${bib}`;

/**
 * Everything the state knows, JSON-able, for persistence: what the sources told (not the start
 * list's fills, which are recomputed from the start list in force when it is loaded again).
 */
export interface ResultsStateDocument {
  version: 1;
  epoch: string;
  seq: number;
  finisherLimit: number;
  competitions: Array<{ id: string; name: string | null; rows: StreamRow[] }>;
  /** The latest-finisher feed, oldest first. */
  finishers: Finisher[];
  /** Every (competition, bib) that has finished in this epoch (a finisher is new only once). */
  finished: Array<[string, number]>;
}

export class ResultsState {
  private epochId: string;
  private seqNo = 0;
  private comps = new Map<string, StateCompetition>();
  private finished = new Set<string>();
  private finisherList: Finisher[] = [];
  private startList: ReadonlyMap<number, StartEntry> | null = null;
  private readonly newEpoch: () => string;
  readonly finisherLimit: number;
  private readonly maxCompetitions: number;
  private readonly maxRows: number;
  private readonly counters: ResultsStateStats = { updates: 0, deltas: 0, unattributedUpdates: 0, unattributedRows: 0, rejectedRows: 0 };

  constructor(options: ResultsStateOptions = {}) {
    this.newEpoch = options.newEpoch ?? (() => newEpochId());
    this.epochId = options.epoch ?? this.newEpoch();
    this.finisherLimit = options.finisherLimit ?? 100;
    this.maxCompetitions = options.maxCompetitions ?? 1000;
    this.maxRows = options.maxRowsPerCompetition ?? 50_000;
  }

  get epoch(): string {
    return this.epochId;
  }

  /** The sequence number of the last delta (0: none yet in this epoch). */
  get seq(): number {
    return this.seqNo;
  }

  stats(): ResultsStateStats {
    return { ...this.counters };
  }

  /** Upserts the rows of one list update. Returns the delta, or null when nothing changed. */
  applyListUpdate(update: ListUpdate): Delta | null {
    this.counters.updates++;
    if (update.competition === null) {
      this.counters.unattributedUpdates++;
      this.counters.unattributedRows += update.rows.length;
      return null;
    }
    if (update.competition.length === 0 || update.competition.length > MAX_ID_LENGTH) {
      this.counters.rejectedRows += update.rows.length;
      return null;
    }
    const competitionName = update.competitionName === undefined ? undefined : clampText(update.competitionName);
    let comp = this.comps.get(update.competition);
    // Key order id, name, rows: the msgpack shared structure for competitions expects it.
    let patch: CompetitionPatch;
    if (!comp) {
      if (this.comps.size >= this.maxCompetitions) {
        this.counters.rejectedRows += update.rows.length;
        return null;
      }
      comp = { id: update.competition, name: competitionName ?? null, rows: new Map() };
      this.comps.set(comp.id, comp);
      patch = { id: comp.id, name: comp.name, rows: [] };
    } else if (competitionName !== undefined && competitionName !== comp.name) {
      comp.name = competitionName;
      patch = { id: comp.id, name: comp.name, rows: [] };
    } else {
      patch = { id: comp.id, rows: [] };
    }
    const finishers: Finisher[] = [];
    // Each touched bib's row before this update (null: new): the delta carries the net change per
    // bib, once, even if the update names a bib twice (decoders refuse duplicates).
    const before = new Map<number, Row | null>();
    for (const u of update.rows) {
      let entry = comp.rows.get(u.bib);
      if (!before.has(u.bib)) before.set(u.bib, entry ? entry.row : null);
      if (!entry) {
        if (comp.rows.size >= this.maxRows) {
          this.counters.rejectedRows++;
          before.delete(u.bib);
          continue;
        }
        entry = { stream: { bib: u.bib }, row: effectiveRow({ bib: u.bib }, undefined) };
        comp.rows.set(u.bib, entry);
      }
      mergeStreamRow(entry.stream, u);
      entry.row = effectiveRow(entry.stream, this.startList?.get(u.bib));
      this.noteFinisher(comp.id, entry.row, finishers);
    }
    for (const [bib, was] of before) {
      const now = comp.rows.get(bib)!.row;
      const rowPatch = was === null ? { ...now } : diffRow(was, now);
      if (rowPatch) patch.rows.push(rowPatch);
    }
    if (patch.rows.length === 0 && patch.name === undefined) return null;
    return this.emit([patch], finishers);
  }

  /**
   * Sets (or clears, with null) the start list; rows it changes go out as one delta. Only rows the
   * results already have are touched: the start list never adds a row.
   */
  setStartList(entries: ReadonlyMap<number, StartEntry> | null): Delta | null {
    this.startList = entries;
    const patches: CompetitionPatch[] = [];
    for (const id of [...this.comps.keys()].sort(compareCompetitionIds)) {
      const comp = this.comps.get(id)!;
      const rows: RowPatch[] = [];
      for (const bib of [...comp.rows.keys()].sort((a, b) => a - b)) {
        const entry = comp.rows.get(bib)!;
        const next = effectiveRow(entry.stream, entries?.get(bib));
        const p = diffRow(entry.row, next);
        entry.row = next;
        if (p) rows.push(p);
      }
      if (rows.length > 0) patches.push({ id, rows });
    }
    return patches.length > 0 ? this.emit(patches, []) : null;
  }

  /** Forgets all results and starts a new epoch (the start list stays); returns the empty snapshot. */
  reset(epoch?: string): Snapshot {
    this.epochId = epoch ?? this.newEpoch();
    this.seqNo = 0;
    this.comps = new Map();
    this.finished = new Set();
    this.finisherList = [];
    return this.snapshot();
  }

  snapshot(): Snapshot {
    return {
      type: 'snapshot',
      epoch: this.epochId,
      seq: this.seqNo,
      finisherLimit: this.finisherLimit,
      competitions: [...this.comps.keys()].sort(compareCompetitionIds).map((id) => {
        const c = this.comps.get(id)!;
        return { id, name: c.name, rows: [...c.rows.values()].map((e) => ({ ...e.row })).sort(compareRows) };
      }),
      finishers: this.latestFinishers(),
    };
  }

  /** The latest finishers, oldest first, at most `finisherLimit`. */
  latestFinishers(): Finisher[] {
    return this.finisherList.map((f) => ({ ...f }));
  }

  resultsDocument(): ResultsDocument {
    return toResultsDocument(this.snapshot());
  }

  toDocument(): ResultsStateDocument {
    return {
      version: 1,
      epoch: this.epochId,
      seq: this.seqNo,
      finisherLimit: this.finisherLimit,
      competitions: [...this.comps.values()].map((c) => ({ id: c.id, name: c.name, rows: [...c.rows.values()].map((e) => ({ ...e.stream })) })),
      finishers: this.latestFinishers(),
      finished: [...this.finished].map((k) => {
        const cut = k.lastIndexOf('\u0000');
        return [k.slice(0, cut), Number(k.slice(cut + 1))];
      }),
    };
  }

  /** A state that continues where `doc` left off: same epoch, seq continues, same finishers. */
  static fromDocument(
    doc: ResultsStateDocument,
    options: Omit<ResultsStateOptions, 'epoch' | 'finisherLimit'> & { startList?: ReadonlyMap<number, StartEntry> | null } = {},
  ): ResultsState {
    if (doc?.version !== 1) throw new Error('results state document: unknown version');
    const state = new ResultsState({ ...options, epoch: doc.epoch, finisherLimit: doc.finisherLimit });
    state.seqNo = doc.seq;
    state.startList = options.startList ?? null;
    for (const c of doc.competitions) {
      const rows = new Map<number, StateRow>();
      for (const stream of c.rows) rows.set(stream.bib, { stream: { ...stream }, row: effectiveRow(stream, state.startList?.get(stream.bib)) });
      state.comps.set(c.id, { id: c.id, name: c.name, rows });
    }
    state.finisherList = doc.finishers.map((f) => ({ ...f }));
    state.finished = new Set(doc.finished.map(([c, b]) => finisherKey(c, b)));
    return state;
  }

  /**
   * A state equal to `snapshot` (epoch, seq, rows, finisher feed), ready to continue: for a server
   * that persisted snapshots. The snapshot does not say which values the start list filled in;
   * with `startList` given, a value equal to the start list's counts as a fill (so a corrected start
   * list later applies), every other value as sent.
   */
  static fromSnapshot(
    snapshot: Snapshot,
    options: Omit<ResultsStateOptions, 'epoch' | 'finisherLimit'> & { startList?: ReadonlyMap<number, StartEntry> | null } = {},
  ): ResultsState {
    const state = new ResultsState({ ...options, epoch: snapshot.epoch, finisherLimit: snapshot.finisherLimit });
    state.seqNo = snapshot.seq;
    state.startList = options.startList ?? null;
    for (const c of snapshot.competitions) {
      const rows = new Map<number, StateRow>();
      for (const row of c.rows) {
        const start = state.startList?.get(row.bib);
        const stream: Record<string, unknown> = { bib: row.bib };
        for (const k of ROW_KEYS) {
          if (k === 'bib') continue;
          const filled = start !== undefined && k in start && row[k] !== null && start[k as keyof StartEntry] === row[k];
          if (!filled) stream[k] = row[k];
        }
        rows.set(row.bib, { stream: stream as unknown as StreamRow, row: effectiveRow(stream as unknown as StreamRow, start) });
        if (row.time !== null) state.finished.add(finisherKey(c.id, row.bib));
      }
      state.comps.set(c.id, { id: c.id, name: c.name, rows });
    }
    state.finisherList = snapshot.finishers.map((f) => ({ ...f }));
    return state;
  }

  private noteFinisher(competition: string, row: Row, out: Finisher[]): void {
    if (row.time === null) return;
    const key = finisherKey(competition, row.bib);
    if (this.finished.has(key)) return;
    this.finished.add(key);
    out.push({ competition, bib: row.bib });
  }

  private emit(competitions: CompetitionPatch[], finishers: Finisher[]): Delta {
    if (finishers.length > 0) {
      this.finisherList.push(...finishers.map((f) => ({ ...f })));
      if (this.finisherList.length > this.finisherLimit) this.finisherList = this.finisherList.slice(-this.finisherLimit);
    }
    this.seqNo++;
    this.counters.deltas++;
    return { type: 'delta', epoch: this.epochId, seq: this.seqNo, competitions, finishers };
  }
}

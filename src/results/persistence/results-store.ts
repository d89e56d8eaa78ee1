// The results log in SQLite (better-sqlite3, WAL): every applied delta is appended (and committed)
// before it is broadcast; on start the latest snapshot plus the deltas after it rebuild the state
// and the sequence numbers continue. Snapshots and deltas are stored as the JSON of the values the
// results module produces, so this file knows nothing of their fields beyond epoch and seq.
import Database from 'better-sqlite3';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema.js';

export interface StoredRecord<T> {
  seq: number;
  value: T;
}

/** What the log holds for the current epoch: the latest snapshot and every delta after it. */
export interface LoadedLog<S, D> {
  epoch: string;
  snapshot: StoredRecord<S> | null;
  deltas: Array<StoredRecord<D>>;
}

export interface ResultsStoreOptions {
  /**
   * SQLite `synchronous`: FULL (default) also survives a power cut; NORMAL survives a crash of the
   * process (kill -9) and is cheaper per delta.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** Deltas kept below the latest snapshot after compaction, so viewers can still resume from them. */
  retainDeltas?: number;
}

export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

interface Row {
  seq: number;
  body: string;
}

const DEFAULT_RETAIN_DELTAS = 10_000;

function describeOpenError(path: string, err: unknown): string {
  const e = err as { code?: string; message?: string };
  const why = e.message ?? String(err);
  if (/directory does not exist/i.test(why)) return `${path}: cannot open database: its directory does not exist`;
  if (e.code === 'SQLITE_CANTOPEN') return `${path}: cannot open database (not writable or not a file?)`;
  if (e.code === 'SQLITE_READONLY' || e.code === 'SQLITE_READONLY_DIRECTORY') return `${path}: database is not writable`;
  if (e.code === 'SQLITE_NOTADB') return `${path}: not an SQLite database`;
  if (e.code === 'SQLITE_BUSY') return `${path}: database is locked by another process`;
  return `${path}: cannot open database: ${why}`;
}

export class ResultsStore<S = unknown, D = unknown> {
  private readonly retainDeltas: number;
  private readonly stmts;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    options: ResultsStoreOptions,
  ) {
    this.retainDeltas = options.retainDeltas ?? DEFAULT_RETAIN_DELTAS;
    this.stmts = {
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      latestSnapshot: db.prepare<[string], Row>('SELECT seq, body FROM snapshots WHERE epoch = ? ORDER BY seq DESC LIMIT 1'),
      deltasAfter: db.prepare<[string, number, number], Row>('SELECT seq, body FROM deltas WHERE epoch = ? AND seq > ? ORDER BY seq LIMIT ?'),
      lastDeltaSeq: db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM deltas WHERE epoch = ?'),
      firstDeltaSeq: db.prepare<[string], { seq: number | null }>('SELECT MIN(seq) AS seq FROM deltas WHERE epoch = ?'),
      insertDelta: db.prepare<[string, number, string]>('INSERT INTO deltas (epoch, seq, body) VALUES (?, ?, ?)'),
      insertSnapshot: db.prepare<[string, number, string, number]>(
        'INSERT INTO snapshots (epoch, seq, body, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(epoch, seq) DO UPDATE SET body = excluded.body',
      ),
      pruneSnapshots: db.prepare<[string, number]>('DELETE FROM snapshots WHERE epoch = ? AND seq < ?'),
      pruneDeltas: db.prepare<[string, number]>('DELETE FROM deltas WHERE epoch = ? AND seq <= ?'),
      dropOtherEpochsSnapshots: db.prepare<[string]>('DELETE FROM snapshots WHERE epoch <> ?'),
      dropOtherEpochsDeltas: db.prepare<[string]>('DELETE FROM deltas WHERE epoch <> ?'),
    };
  }

  /** Opens (creating if needed) the log at `path` in WAL mode; clear errors for unusable files. */
  static open<S = unknown, D = unknown>(path: string, options: ResultsStoreOptions = {}): ResultsStore<S, D> {
    let db: Database.Database;
    try {
      db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      db.exec(SCHEMA_SQL);
      // A write now tells a read-only file or directory apart at start, not at the first delta.
      db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(SCHEMA_VERSION));
    } catch (err) {
      throw new StoreOpenError(describeOpenError(path, err));
    }
    return new ResultsStore<S, D>(db, path, options);
  }

  /**
   * A read-only second connection to a log another connection writes (WAL lets it read committed
   * deltas meanwhile): the server's fan-out threads answer resuming viewers from it, as the hub does.
   */
  static openReader<S = unknown, D = unknown>(path: string): ResultsStore<S, D> {
    let db: Database.Database;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
    } catch (err) {
      throw new StoreOpenError(describeOpenError(path, err));
    }
    return new ResultsStore<S, D>(db, path, {});
  }

  /** The current epoch, or null for a new, empty log. */
  epoch(): string | null {
    return this.stmts.getMeta.get('epoch')?.value ?? null;
  }

  /** The latest snapshot of the current epoch and every delta after it, in order. */
  load(): LoadedLog<S, D> | null {
    const epoch = this.epoch();
    if (epoch === null) return null;
    const snap = this.stmts.latestSnapshot.get(epoch);
    const after = snap ? snap.seq : 0;
    const deltas = this.stmts.deltasAfter.all(epoch, after, Number.MAX_SAFE_INTEGER).map((r) => ({ seq: r.seq, value: JSON.parse(r.body) as D }));
    return { epoch, snapshot: snap ? { seq: snap.seq, value: JSON.parse(snap.body) as S } : null, deltas };
  }

  /**
   * Starts a new epoch (first start, a new race day, a reset): its first snapshot replaces
   * everything of the older epochs, in one transaction.
   */
  startEpoch(epoch: string, seq: number, snapshot: S, meta: Readonly<Record<string, string>> = {}): void {
    this.db.transaction(() => {
      this.stmts.setMeta.run('epoch', epoch);
      for (const [k, v] of Object.entries(meta)) this.stmts.setMeta.run(k, v);
      this.stmts.insertSnapshot.run(epoch, seq, JSON.stringify(snapshot), Date.now());
      this.stmts.dropOtherEpochsSnapshots.run(epoch);
      this.stmts.dropOtherEpochsDeltas.run(epoch);
    })();
  }

  /**
   * Appends deltas of the current epoch, and sets `meta` entries (e.g. a forwarder's position) in
   * the same transaction; returns once committed.
   */
  appendDeltas(epoch: string, deltas: ReadonlyArray<StoredRecord<D>>, meta: Readonly<Record<string, string>> = {}): void {
    const entries = Object.entries(meta);
    if (deltas.length === 0 && entries.length === 0) return;
    this.db.transaction(() => {
      for (const d of deltas) this.stmts.insertDelta.run(epoch, d.seq, JSON.stringify(d.value));
      for (const [k, v] of entries) this.stmts.setMeta.run(k, v);
    })();
  }

  /** A value stored with `appendDeltas`' meta (keys other than 'epoch' and 'schema_version'). */
  meta(key: string): string | null {
    return this.stmts.getMeta.get(key)?.value ?? null;
  }

  /**
   * Writes a snapshot at `seq` and compacts: older snapshots go, and deltas more than
   * `retainDeltas` below it (resume needs the recent ones).
   */
  compact(epoch: string, seq: number, snapshot: S): void {
    this.db.transaction(() => {
      this.stmts.insertSnapshot.run(epoch, seq, JSON.stringify(snapshot), Date.now());
      this.stmts.pruneSnapshots.run(epoch, seq);
      this.stmts.pruneDeltas.run(epoch, seq - this.retainDeltas);
    })();
  }

  /** Up to `limit` deltas after `seq`, for a viewer resuming from further back than memory holds. */
  deltasAfter(epoch: string, seq: number, limit: number): Array<StoredRecord<D>> {
    return this.stmts.deltasAfter.all(epoch, seq, limit).map((r) => ({ seq: r.seq, value: JSON.parse(r.body) as D }));
  }

  /** The lowest delta seq still stored (resume from below it needs a snapshot), or null. */
  firstDeltaSeq(epoch: string): number | null {
    return this.stmts.firstDeltaSeq.get(epoch)?.seq ?? null;
  }

  lastDeltaSeq(epoch: string): number | null {
    return this.stmts.lastDeltaSeq.get(epoch)?.seq ?? null;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

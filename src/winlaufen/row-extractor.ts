// Finds Winlaufen list updates in the stream of top-level Java values.
//
// What the one real sample shows: a reference, Integer 18 (competition), Integer 0 (page or first
// index), Integer 5 (last index or count), six String[7] rows, three references. The inference is
// kept to what can be told:
// - A run of rows (consecutive values that match a row layout) is one update.
// - Its header is the run of Integers DIRECTLY before it; references to unseen handles count as
//   Integers of unknown value (Java writes a repeated Integer object as a back-reference). The
//   LAST `header.length` values of that run are read; a shorter run leaves the competition unknown.
// - Joined mid-stream, the parser never saw Integer's class descriptor (written once, early in the
//   connection): it yields an InferredObject of 4 data bytes, as in the sample (class handle
//   0x7E0001). Such an object counts as an Integer when its class is unknown or java.lang.Integer,
//   and when all inferred ones in the header share one class handle; the update says so
//   (`headerInferred`).
// - After a gap or a parse error nothing seen before it is used: rows that follow without a fresh,
//   complete header get competition null, and the results state does not attribute them.
// - Everything else is counted by shape and skipped, never fatal.
import type { ParseEvent } from '../javaser/events.js';
import { InferredObject, Unresolved, type JavaValue } from '../javaser/values.js';
import type { ListUpdate, RowUpdate } from './list-update.js';
import { readRow } from './read-row.js';
import { DEFAULT_ROW_LAYOUT, type RowLayoutConfig } from './row-layout.js';
import { ShapeCounter } from './shape-counter.js';
import { shapeSignature } from './shape-signature.js';

export interface RowExtractorStats {
  values: number;
  rows: number;
  updates: number;
  /** Rows whose competition could not be told (no complete header before them). */
  unattributedRows: number;
  gaps: number;
  parseErrors: number;
  /** Signatures of values that are neither header Integers, references nor rows. */
  unknownShapes: Record<string, number>;
}

interface Header {
  competition: string | null;
  position: number | null;
  countHint: number | null;
  inferred: boolean;
}

/** One value of an Integer run: its value (null: a reference to an unseen handle). */
interface RunInt {
  value: number | null;
  /** Class handle, when the value came from an object of an unseen class (InferredObject). */
  inferredClass?: number;
}

/** The value as a header Integer, or undefined when it cannot be one. */
function asRunInt(value: JavaValue): RunInt | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? { value } : undefined;
  if (value instanceof Unresolved) return { value: null };
  if (value instanceof InferredObject && (value.className === null || value.className === 'java.lang.Integer')) {
    const int = value.int;
    return int === undefined ? undefined : { value: int, inferredClass: value.classHandle };
  }
  return undefined;
}

/** Guards against a hostile stream of endless Integers: only the tail of a run can matter. */
const MAX_INT_RUN = 64;
/** A run of rows is handed on (as by flush()) once it holds this many, so memory stays bounded. */
const MAX_PENDING_ROWS = 10_000;

export class RowExtractor {
  private intRun: RunInt[] = [];
  /** The open run of rows: its header stays known across flush() until a non-row value ends it. */
  private run: { header: Header; rows: RowUpdate[]; offset: number | undefined; total: number } | null = null;
  private readonly shapes = new ShapeCounter();
  private readonly counts = { values: 0, rows: 0, updates: 0, unattributedRows: 0, gaps: 0, parseErrors: 0 };

  constructor(private readonly config: RowLayoutConfig = DEFAULT_ROW_LAYOUT) {}

  /** Feeds one parser event; returns the list updates completed by it (usually none). */
  push(event: ParseEvent): ListUpdate[] {
    switch (event.type) {
      case 'value':
        return this.pushValue(event.value, event.offset);
      case 'header':
        // A new stream: nothing before it belongs to what follows.
        return this.breakContext();
      case 'reset':
        // TC_RESET only clears handles between top-level values; the values themselves are intact.
        return [];
      case 'error':
        this.counts.parseErrors++;
        return this.breakContext();
    }
  }

  /** Bytes were lost (reported by the reassembler): never join what came before with what follows. */
  gap(): ListUpdate[] {
    this.counts.gaps++;
    return this.breakContext();
  }

  /**
   * Emits the rows of the open run so far (call when the parser has consumed all bytes at hand);
   * the run stays open, so later rows of the same run keep its header.
   */
  flush(): ListUpdate[] {
    if (!this.run || this.run.rows.length === 0) return [];
    const out = [this.toUpdate(this.run)];
    this.run = { ...this.run, rows: [], offset: undefined };
    return out;
  }

  stats(): RowExtractorStats {
    return { ...this.counts, unknownShapes: this.shapes.toObject() };
  }

  private pushValue(value: JavaValue, offset: number): ListUpdate[] {
    this.counts.values++;
    if (Array.isArray(value)) {
      const row = readRow(value, this.config);
      if (row) {
        this.counts.rows++;
        if (!this.run) {
          this.run = { header: this.takeHeader(), rows: [], offset, total: 0 };
          this.intRun = [];
        }
        this.run.offset ??= offset;
        this.run.rows.push(row);
        this.run.total++;
        return this.run.rows.length >= MAX_PENDING_ROWS ? this.flush() : [];
      }
    }
    const out = this.endRun();
    const runInt = asRunInt(value);
    if (runInt) {
      this.intRun.push(runInt);
      if (this.intRun.length > MAX_INT_RUN) this.intRun.shift();
    } else {
      this.intRun = [];
      this.shapes.add(shapeSignature(value));
    }
    return out;
  }

  private takeHeader(): Header {
    const { length, fields } = this.config.header;
    const unknown: Header = { competition: null, position: null, countHint: null, inferred: false };
    if (this.intRun.length < length) return unknown;
    const tail = this.intRun.slice(-length);
    const classes = new Set(tail.flatMap((t) => (t.inferredClass === undefined ? [] : [t.inferredClass])));
    // Objects of two different unseen classes cannot both be Integers.
    if (classes.size > 1) return unknown;
    const at = (i: number | undefined): number | null => (i === undefined ? null : (tail[i]?.value ?? null));
    const competition = at(fields.competition);
    return {
      competition: competition === null ? null : String(competition),
      position: at(fields.position),
      countHint: at(fields.countHint),
      inferred: classes.size === 1,
    };
  }

  private toUpdate(run: NonNullable<RowExtractor['run']>): ListUpdate {
    this.counts.updates++;
    if (run.header.competition === null) {
      this.counts.unattributedRows += run.rows.length;
      this.shapes.add('rows without a complete header');
    }
    const update: ListUpdate = {
      source: 'winlaufen',
      competition: run.header.competition,
      position: run.header.position,
      countHint: run.header.countHint,
      rows: run.rows,
    };
    if (run.header.inferred) update.headerInferred = true;
    if (run.offset !== undefined) update.offset = run.offset;
    return update;
  }

  private endRun(): ListUpdate[] {
    const out = this.flush();
    // The sample has Integer 5 before 6 rows (a last index, or a count of the rows after the
    // first?): record runs that fit neither reading, to learn the protocol from real captures.
    const hint = this.run?.header.countHint;
    if (this.run && hint != null && this.run.total !== hint + 1 && this.run.total !== hint) {
      this.shapes.add('row run length differs from the header count');
    }
    this.run = null;
    return out;
  }

  private breakContext(): ListUpdate[] {
    const out = this.endRun();
    this.intRun = [];
    return out;
  }
}

// The work done for one TCP direction, wherever it runs (a worker or this thread): the streaming
// Java-serialization parser and the Winlaufen row extractor, fed with batches in stream order.
import { JavaStreamParser, type ParseEvent, type ParserOptions } from '../javaser/index.js';
import { RowExtractor, DEFAULT_ROW_LAYOUT, type ListUpdate, type RowExtractorStats, type RowLayoutConfig } from '../winlaufen/index.js';
import type { BatchItem } from './messages.js';
import { SentRows } from './sent-rows.js';

export interface AnalyzerOptions {
  parser?: Partial<ParserOptions>;
  layout?: RowLayoutConfig;
  /** For tests of the pool's recovery: make the worker throw on, or hang at, batch number N. */
  faults?: { throwAtBatch?: number; hangAtBatch?: number };
}

export type AnalysisEvent =
  | { type: 'update'; update: ListUpdate }
  | { type: 'parse-error'; code: string; message: string; offset: number }
  /** Bytes the analyzer never saw (a crashed worker's batches); reassembler gaps are reported upstream. */
  | { type: 'gap'; offset: number; length: number; reason: string }
  | { type: 'closed'; offset: number; reason: string; stats: RowExtractorStats };

export class StreamAnalyzer {
  readonly #parser: JavaStreamParser;
  readonly #rows: RowExtractor;
  readonly #sent = new SentRows();
  /** Stream offset of the next byte the parser expects; parser offsets are relative to `#base`. */
  #expected: number | null;
  #base: number | null;
  #closed = false;

  /** `resumeAt`: the stream offset where this analyzer joins (a restarted worker), or null for the start. */
  constructor(options: AnalyzerOptions, resumeAt: number | null) {
    this.#parser = new JavaStreamParser(options.parser);
    this.#rows = new RowExtractor(options.layout ?? DEFAULT_ROW_LAYOUT);
    this.#expected = resumeAt;
    this.#base = resumeAt;
  }

  get closed(): boolean {
    return this.#closed;
  }

  analyze(bytes: Uint8Array, items: BatchItem[]): AnalysisEvent[] {
    const out: AnalysisEvent[] = [];
    for (const item of items) {
      if (this.#closed) break;
      switch (item.kind) {
        case 'forget':
          this.#sent.forget();
          break;
        case 'data':
          this.#data(bytes.subarray(item.start, item.start + item.length), item.offset, out);
          break;
        case 'gap':
          this.#gap(item.offset, item.length, out);
          break;
        case 'close':
          this.#close(item.offset, item.reason, out);
          break;
      }
    }
    // The batch is all there is for now: rows of an update still arriving are emitted as they stand.
    if (!this.#closed) this.#updates(this.#rows.flush(), out);
    return out;
  }

  #data(chunk: Uint8Array, offset: number, out: AnalysisEvent[]): void {
    if (this.#expected === null) {
      this.#expected = offset;
      this.#base = offset;
    }
    // Bytes missing between batches without an explicit gap (a restart, an analyzer joining late).
    if (offset > this.#expected) this.#gap(this.#expected, offset - this.#expected, out);
    if (offset < this.#expected) {
      const skip = this.#expected - offset;
      if (skip >= chunk.length) return;
      chunk = chunk.subarray(skip);
    }
    this.#events(this.#parser.feed(chunk), out);
    this.#expected += chunk.length;
  }

  #gap(offset: number, length: number, out: AnalysisEvent[]): void {
    if (this.#expected === null) {
      // A stream that begins with a gap: start counting after it.
      this.#expected = offset + length;
      this.#base = this.#expected;
      this.#updates(this.#rows.gap(), out);
      return;
    }
    // Measured from what the parser has seen, so a gap that starts late still covers every lost byte.
    const end = offset + length;
    if (end > this.#expected) this.#events(this.#parser.gap(end - this.#expected), out);
    this.#updates(this.#rows.gap(), out);
    this.#expected = Math.max(this.#expected, end);
  }

  #close(offset: number, reason: string, out: AnalysisEvent[]): void {
    this.#events(this.#parser.end(), out);
    this.#updates(this.#rows.flush(), out);
    this.#closed = true;
    out.push({ type: 'closed', offset, reason, stats: this.#rows.stats() });
  }

  #events(events: ParseEvent[], out: AnalysisEvent[]): void {
    const base = this.#base ?? 0;
    for (const event of events) {
      if (event.type === 'error') {
        out.push({ type: 'parse-error', code: event.error.code, message: event.error.message, offset: base + event.error.offset });
      }
      this.#updates(this.#rows.push(base === 0 ? event : shift(event, base)), out);
    }
  }

  #updates(updates: ListUpdate[], out: AnalysisEvent[]): void {
    for (const update of updates) {
      const changed = this.#sent.changed(update);
      if (changed) out.push({ type: 'update', update: changed });
    }
  }
}

/** Parser offsets count from where this analyzer joined; downstream wants stream offsets. */
function shift(event: ParseEvent, base: number): ParseEvent {
  switch (event.type) {
    case 'error':
      return { ...event, resumeOffset: event.resumeOffset + base };
    default:
      return { ...event, offset: event.offset + base };
  }
}

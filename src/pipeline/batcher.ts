// Collects the reassembler's events per stream into batches for the worker that owns the stream.
// The reassembler's bytes are only valid during its callback, so they are copied once, here, into
// the batch buffer that is later transferred (not copied again) to the worker.
import type { StreamId } from '../tcp/types.js';
import type { Batch, BatchItem } from './messages.js';

export interface BatcherOptions {
  /** Bytes per batch buffer; a single larger chunk gets a buffer of its own size. */
  batchBytes: number;
  /**
   * A stream whose batches fill up before the event loop turns (a file read at full speed, a
   * burst) gets batches twice as big, up to this; one that does not goes back to batchBytes.
   * Fewer, bigger batches cost the worker and this thread less per byte. Default: batchBytes.
   */
  maxBatchBytes?: number;
}

interface OpenBatch {
  seq: number;
  bytes: Uint8Array;
  used: number;
  items: BatchItem[];
  enteredAt: number;
}

const now = () => performance.timeOrigin + performance.now();

export class StreamBatcher {
  readonly #open = new Map<StreamId, OpenBatch>();
  readonly #seqs = new Map<StreamId, number>();
  /** Current batch size of streams whose batches are growing (see maxBatchBytes). */
  readonly #sizes = new Map<StreamId, number>();
  #scheduled = false;

  constructor(
    private readonly options: BatcherOptions,
    /** Receives every finished batch; it owns `batch.buffer` from then on. */
    private readonly sink: (stream: StreamId, batch: Batch) => void,
  ) {}

  data(stream: StreamId, offset: number, bytes: Uint8Array): void {
    let batch = this.#open.get(stream);
    if (batch && batch.used + bytes.length > batch.bytes.length) {
      this.flush(stream);
      const max = this.options.maxBatchBytes ?? this.options.batchBytes;
      const size = this.#sizes.get(stream) ?? this.options.batchBytes;
      if (size < max) this.#sizes.set(stream, Math.min(max, size * 2));
      batch = undefined;
    }
    batch ??= this.#start(stream, bytes.length);
    batch.bytes.set(bytes, batch.used);
    const last = batch.items[batch.items.length - 1];
    // Consecutive chunks of one stream merge into a single item: fewer objects to post.
    if (last?.kind === 'data' && last.start + last.length === batch.used && last.offset + last.length === offset) {
      last.length += bytes.length;
    } else {
      batch.items.push({ kind: 'data', offset, start: batch.used, length: bytes.length });
    }
    batch.used += bytes.length;
    this.#schedule();
  }

  gap(stream: StreamId, offset: number, length: number, reason: string): void {
    (this.#open.get(stream) ?? this.#start(stream, 0)).items.push({ kind: 'gap', offset, length, reason });
    this.#schedule();
  }

  close(stream: StreamId, offset: number, reason: string): void {
    (this.#open.get(stream) ?? this.#start(stream, 0)).items.push({ kind: 'close', offset, reason });
    this.flush(stream);
    this.#seqs.delete(stream);
    this.#sizes.delete(stream);
  }

  /** Tells every stream's analyzer to forget the rows it sent (the results state was reset). */
  forgetAll(): void {
    for (const stream of this.#seqs.keys()) (this.#open.get(stream) ?? this.#start(stream, 0)).items.push({ kind: 'forget' });
    this.flushAll();
  }

  flush(stream: StreamId): void {
    const open = this.#open.get(stream);
    if (!open) return;
    this.#open.delete(stream);
    // Hand over exactly the used bytes; slicing a mostly-full buffer is cheaper than posting slack.
    const buffer =
      open.used === open.bytes.byteLength ? (open.bytes.buffer as ArrayBuffer) : (open.bytes.buffer.slice(0, open.used) as ArrayBuffer);
    this.sink(stream, { seq: open.seq, buffer, items: open.items, enteredAt: open.enteredAt });
  }

  flushAll(): void {
    for (const stream of [...this.#open.keys()]) this.flush(stream);
  }

  #start(stream: StreamId, atLeast: number): OpenBatch {
    const seq = (this.#seqs.get(stream) ?? 0) + 1;
    this.#seqs.set(stream, seq);
    const batch: OpenBatch = {
      seq,
      bytes: new Uint8Array(Math.max(this.#sizes.get(stream) ?? this.options.batchBytes, atLeast)),
      used: 0,
      items: [],
      enteredAt: now(),
    };
    this.#open.set(stream, batch);
    return batch;
  }

  /** Flushes on the next turn of the event loop: a burst of packets becomes one batch, a lone packet waits microseconds. */
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      // A stream whose batch is not half full when the event loop turns goes back to small batches.
      for (const [stream, open] of this.#open) if (open.used * 2 < open.bytes.length) this.#sizes.delete(stream);
      this.flushAll();
    });
  }
}

// The most recent deltas in memory, so a reconnecting viewer's "what did I miss" is answered
// without touching the database. Fixed capacity: the oldest fall out as new ones arrive.

export class DeltaRing<T> {
  private readonly items: Array<{ seq: number; value: T } | undefined>;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`delta ring capacity must be a positive integer, got ${capacity}`);
    this.items = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends a delta; seqs must increase (the results state guarantees it). */
  push(seq: number, value: T): void {
    const last = this.lastSeq();
    if (last !== null && seq <= last) throw new Error(`delta ring: seq ${seq} after ${last}`);
    const at = (this.start + this.count) % this.capacity;
    this.items[at] = { seq, value };
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  firstSeq(): number | null {
    return this.count === 0 ? null : this.items[this.start]!.seq;
  }

  lastSeq(): number | null {
    return this.count === 0 ? null : this.items[(this.start + this.count - 1) % this.capacity]!.seq;
  }

  /**
   * The deltas after `seq`, oldest first, or null when the ring no longer reaches back that far
   * (the caller then asks the database or sends a snapshot).
   */
  after(seq: number): Array<{ seq: number; value: T }> | null {
    const first = this.firstSeq();
    if (first === null) return null;
    if (seq < first - 1) return null;
    const out: Array<{ seq: number; value: T }> = [];
    for (let i = 0; i < this.count; i++) {
      const item = this.items[(this.start + i) % this.capacity]!;
      if (item.seq > seq) out.push(item);
    }
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
  }
}

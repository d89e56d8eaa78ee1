// The last few KB delivered on a direction, kept so a retransmission of bytes already handed
// downstream can be compared with them: that is how a conflicting overlap is noticed after the fact.
// Indexed by absolute stream offset modulo the ring size.

export class DeliveredHistory {
  private readonly ring: Uint8Array;
  /** Stream offset one past the last byte held; bytes [end - filled, end) are in the ring. */
  private end = 0;
  private filled = 0;

  constructor(size: number) {
    this.ring = new Uint8Array(size);
  }

  /** Forgets everything (for reuse by another direction). */
  reset(): this {
    this.end = 0;
    this.filled = 0;
    return this;
  }

  /** Records `bytes` delivered at `offset` (must continue what was recorded, else history restarts). */
  record(offset: number, bytes: Uint8Array): void {
    const size = this.ring.length;
    if (offset !== this.end) this.filled = 0;
    let src = bytes;
    let at = offset;
    if (src.length > size) {
      at = offset + src.length - size;
      src = src.subarray(src.length - size);
    }
    const pos = at % size;
    const first = Math.min(src.length, size - pos);
    this.ring.set(first === src.length ? src : src.subarray(0, first), pos);
    if (first < src.length) this.ring.set(src.subarray(first), 0);
    this.end = offset + bytes.length;
    this.filled = Math.min(size, this.filled + bytes.length);
  }

  /**
   * Compares `bytes` (claimed to sit at `offset`) with what was delivered there. Returns
   * 'same', 'conflict', or 'unknown' when the range is no longer (or not wholly) held.
   */
  compare(offset: number, bytes: Uint8Array): 'same' | 'conflict' | 'unknown' {
    if (bytes.length === 0) return 'same';
    if (offset < this.end - this.filled || offset + bytes.length > this.end) return 'unknown';
    const size = this.ring.length;
    const pos = offset % size;
    const first = Math.min(bytes.length, size - pos);
    // Native comparisons (memcmp), in at most two parts around the ring's end.
    if (Buffer.compare(this.ring.subarray(pos, pos + first), first === bytes.length ? bytes : bytes.subarray(0, first)) !== 0) return 'conflict';
    if (first < bytes.length && Buffer.compare(this.ring.subarray(0, bytes.length - first), bytes.subarray(first)) !== 0) return 'conflict';
    return 'same';
  }
}

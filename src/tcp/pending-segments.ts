// Out-of-order bytes of one direction, waiting for a hole before them to fill. Pieces never overlap:
// a newly arriving segment only adds the parts no earlier copy holds ("first copy wins"), and every
// overlap whose content differs from the earlier copy is counted as a conflict.

/** A buffered piece: `bytes` (a private copy) at stream offset `offset`, or a truncated range (bytes null). */
export interface PendingPiece {
  offset: number;
  end: number;
  bytes: Uint8Array | null;
}

export interface InsertResult {
  /** Bytes that really were added (copied) to the buffer. */
  addedBytes: number;
  /** Bytes of the segment that an earlier copy already held. */
  overlapBytes: number;
  /** Overlapping bytes whose content differed from the earlier copy. */
  conflictBytes: number;
}

export class PendingSegments {
  /** Sorted by offset, non-overlapping. */
  readonly pieces: PendingPiece[] = [];
  /** Payload bytes held (truncated ranges hold none). */
  bytes = 0;

  get isEmpty(): boolean {
    return this.pieces.length === 0;
  }

  firstOffset(): number {
    return this.pieces.length ? this.pieces[0]!.offset : Infinity;
  }

  /**
   * Adds `payload` at `offset` (or a truncated range of `length` when payload is null), skipping what
   * lies below `floor` (already delivered) and what earlier pieces hold.
   */
  insert(offset: number, payload: Uint8Array | null, length: number, floor: number): InsertResult {
    const result: InsertResult = { addedBytes: 0, overlapBytes: 0, conflictBytes: 0 };
    const end = offset + length;
    let cursor = Math.max(offset, floor);
    if (cursor >= end) return result;
    let i = this.firstEndingAfter(cursor);
    const toAdd: PendingPiece[] = [];
    while (cursor < end) {
      const next = this.pieces[i];
      const holeEnd = next ? Math.min(next.offset, end) : end;
      if (holeEnd > cursor) {
        toAdd.push({
          offset: cursor,
          end: holeEnd,
          bytes: payload ? payload.slice(cursor - offset, holeEnd - offset) : null,
        });
        cursor = holeEnd;
      }
      if (!next || next.offset >= end) break;
      // Overlap with an earlier copy: keep it, compare contents.
      const ovStart = Math.max(cursor, next.offset);
      const ovEnd = Math.min(end, next.end);
      if (ovEnd > ovStart) {
        result.overlapBytes += ovEnd - ovStart;
        if (payload && next.bytes && !sameBytes(payload, ovStart - offset, next.bytes, ovStart - next.offset, ovEnd - ovStart)) {
          result.conflictBytes += ovEnd - ovStart;
        }
      }
      cursor = Math.max(cursor, next.end);
      i++;
    }
    if (toAdd.length) {
      // Insert in order; each new piece falls in a hole between existing pieces.
      for (const piece of toAdd) {
        const at = this.firstEndingAfter(piece.offset);
        this.pieces.splice(at, 0, piece);
        if (piece.bytes) {
          this.bytes += piece.bytes.length;
          result.addedBytes += piece.bytes.length;
        }
      }
    }
    return result;
  }

  /** Drops everything; returns the payload bytes dropped. */
  clear(): number {
    const dropped = this.bytes;
    this.pieces.length = 0;
    this.bytes = 0;
    return dropped;
  }

  /** Removes and returns the first piece. */
  shift(): PendingPiece | undefined {
    const p = this.pieces.shift();
    if (p?.bytes) this.bytes -= p.bytes.length;
    return p;
  }

  /** Index of the first piece with end > offset (binary search). */
  private firstEndingAfter(offset: number): number {
    let lo = 0;
    let hi = this.pieces.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.pieces[mid]!.end > offset) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

function sameBytes(a: Uint8Array, aAt: number, b: Uint8Array, bAt: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[aAt + i] !== b[bAt + i]) return false;
  return true;
}

// Big-endian integers read with byte arithmetic. Buffer's readInt32BE and friends live on
// Buffer.prototype, which V8 cannot constant-fold in optimized code: every call first goes
// through a generic property load (LoadIC), then Node's argument checks. These small functions
// inline to a few loads, which matters where the quick path reads a boxed Integer (one in four
// top-level values of a Winlaufen stream). Callers have checked that the bytes are there.
// Where the quick path reads string lengths, handles and array lengths (quickRun, quickValue,
// rowElements, resumeRow), the parser writes the same arithmetic out: with these calls there, V8
// inlined rowElements into quickValue and the quick path ran 5-9% slower (10th percentiles of
// three paired runs, ninth session).

/** Signed 32-bit integer at b[p..p+4). */
export function int32At(b: Uint8Array, p: number): number {
  return (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
}

/** Unsigned 32-bit integer at b[p..p+4). */
export function uint32At(b: Uint8Array, p: number): number {
  return int32At(b, p) >>> 0;
}

/** Unsigned 16-bit integer at b[p..p+2). */
export function uint16At(b: Uint8Array, p: number): number {
  return (b[p]! << 8) | b[p + 1]!;
}

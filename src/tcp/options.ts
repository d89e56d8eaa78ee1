// Limits and timers of the reassembler. All times are capture-time microseconds (segment timestamps,
// or the clock given to tick() when live), never the wall clock, so a file replays identically.

export interface ReassemblerOptions {
  /** Out-of-order bytes one direction may hold while waiting for a hole to fill. */
  maxStreamBufferBytes: number;
  /** Out-of-order bytes all directions together may hold. */
  maxTotalBufferBytes: number;
  /**
   * How long an ACK for bytes never captured is believed before the hole becomes a gap. On mirror
   * ports an ACK can be captured a little before the data it acknowledges.
   */
  ackGraceUs: number;
  /** A hole with buffered data behind it that is neither filled nor acknowledged within this time becomes a gap. */
  holeTimeoutUs: number;
  /** A connection without packets for this long is closed ('timeout'). */
  idleTimeoutUs: number;
  /** A closed connection stays in the table this long so late retransmissions are recognised as stray. */
  closedLingerUs: number;
  /** How often (capture time) push() sweeps the table for timeouts. */
  sweepIntervalUs: number;
  /**
   * Bytes of already delivered data kept per direction to compare retransmissions against (to count
   * conflicting overlaps). 0 disables the check; older overlaps count as duplicates, unverified.
   */
  overlapCheckBytes: number;
  /** Gap records kept per direction in the loss report (the counters keep counting past it). */
  maxGapRecords: number;
}

export const defaultReassemblerOptions: Readonly<ReassemblerOptions> = {
  maxStreamBufferBytes: 4 * 1024 * 1024,
  maxTotalBufferBytes: 256 * 1024 * 1024,
  ackGraceUs: 100_000,
  holeTimeoutUs: 10_000_000,
  idleTimeoutUs: 600_000_000,
  closedLingerUs: 30_000_000,
  sweepIntervalUs: 1_000_000,
  overlapCheckBytes: 16 * 1024,
  maxGapRecords: 1000,
};

export function resolveOptions(partial: Partial<ReassemblerOptions> = {}): ReassemblerOptions {
  const o = { ...defaultReassemblerOptions, ...partial };
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`reassembler option ${k} must be a number >= 0, got ${v}`);
  }
  return o;
}

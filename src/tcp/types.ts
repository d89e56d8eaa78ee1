// What the reassembler hands downstream: per direction of a TCP connection, in-order bytes with
// stream offsets, and explicit gap and close events. The worker pool consumes exactly this.
//
// Lifetime: the `bytes` of a 'data' event are a view that is valid only during the synchronous
// onEvent callback (it may point into the capture buffer or into a reassembly buffer that is reused
// right after). A consumer that keeps bytes must copy them.

/** One direction of one connection, e.g. "10.0.0.1:50000->10.0.0.2:8080" ("[::1]:5->[::1]:6" for IPv6). */
export type StreamId = string;

export interface StreamEndpoints {
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
}

export type StreamEvent =
  /** A direction seen for the first time. `connection` counts reuses of the same 4-tuple (0, 1, ...). */
  | { type: 'open'; stream: StreamId; endpoints: StreamEndpoints; connection: number; ts: number; sawSyn: boolean }
  /** Bytes at stream offset `offset` (0 = first byte after the SYN, or first byte seen). Always contiguous with what came before unless a gap event intervened. */
  | { type: 'data'; stream: StreamId; offset: number; bytes: Uint8Array; ts: number }
  /** `length` bytes at `offset` will never be delivered. */
  | { type: 'gap'; stream: StreamId; offset: number; length: number; ts: number; reason: GapReason }
  /** The direction ends at `offset`; `loss` is its final loss report (added by src/tcp, optional for other producers). */
  | { type: 'close'; stream: StreamId; offset: number; ts: number; reason: CloseReason; loss?: StreamLoss };

/**
 * Why bytes are missing. 'acked-unseen': the peer acknowledged them but the capture never held them;
 * 'truncated': the segment was captured cut short (snaplen, GSO cut); 'fin': before a FIN that was
 * seen; the rest name what forced the decision (memory cap, hole timeout, RST, end of input, and
 * 'reused': a new connection on the same 4-tuple ended the old one).
 */
export type GapReason = 'acked-unseen' | 'buffer-limit' | 'timeout' | 'fin' | 'rst' | 'eof' | 'truncated' | 'reused';
export type CloseReason = 'fin' | 'rst' | 'timeout' | 'eof' | 'reused';

/** One gap as the loss report keeps it. */
export interface GapRecord {
  offset: number;
  length: number;
  reason: GapReason;
  /** Capture time (µs) when the gap was decided. */
  ts: number;
}

/** Loss report of one direction: every gap with its time, plus counters of what was dropped and why. */
export interface StreamLoss {
  stream: StreamId;
  connection: number;
  /** Bytes delivered in data events. */
  deliveredBytes: number;
  /** Bytes reported in gap events, all reasons (truncated included). */
  gapBytes: number;
  gapCount: number;
  /** The first `maxGapRecords` gaps (see ReassemblerOptions); gapCount says how many there were. */
  gaps: GapRecord[];
  /** Bytes lost because segments were captured cut short (part of gapBytes). */
  truncatedBytes: number;
  /** Segments that overlapped bytes already held or delivered with different content (first copy kept). */
  conflictingOverlaps: number;
  /** Length of those overlaps. */
  conflictingBytes: number;
  /** Retransmitted/duplicate bytes dropped (their content matched, or was no longer available to compare). */
  duplicateBytes: number;
  keepAlives: number;
  zeroWindowProbes: number;
  /** Segments that arrived ahead of a hole and were buffered. */
  outOfOrderSegments: number;
  /** Segments ignored because the direction was already closed or they lay beyond its FIN. */
  strayPackets: number;
  firstTs: number;
  lastTs: number;
}

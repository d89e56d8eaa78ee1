// What the reassembler hands downstream: per direction of a TCP connection, in-order bytes with
// stream offsets, and explicit gap and close events. The worker pool consumes exactly this.

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
  | { type: 'close'; stream: StreamId; offset: number; ts: number; reason: CloseReason };

export type GapReason = 'acked-unseen' | 'buffer-limit' | 'timeout' | 'fin' | 'rst' | 'eof' | 'truncated';
export type CloseReason = 'fin' | 'rst' | 'timeout' | 'eof' | 'reused';

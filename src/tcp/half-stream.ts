// The state of one direction of one connection. Stream offsets are plain numbers (exact to 2^53),
// sequence numbers are unsigned 32-bit; a sequence number is turned into an offset relative to the
// next expected byte, so wraparound past 2^32 needs no special case.
import type { StreamEndpoints, StreamId, StreamLoss } from './types.js';
import { PendingSegments } from './pending-segments.js';
import type { DeliveredHistory } from './delivered-history.js';

export class Connection {
  readonly streams: [HalfStream, HalfStream];
  lastTs: number;
  /** Capture time at which both directions were closed, or -1. */
  closedAt = -1;

  constructor(
    readonly index: number,
    a: StreamEndpoints,
    ts: number,
  ) {
    const b = { srcIp: a.dstIp, srcPort: a.dstPort, dstIp: a.srcIp, dstPort: a.srcPort };
    const fwd = new HalfStream(this, a, ts);
    const rev = new HalfStream(this, b, ts);
    fwd.peer = rev;
    rev.peer = fwd;
    this.streams = [fwd, rev];
    this.lastTs = ts;
  }

  get done(): boolean {
    return this.closedAt >= 0;
  }
}

export class HalfStream {
  readonly id: StreamId;
  peer!: HalfStream;
  opened = false;
  closed = false;
  /** Sequence number of stream offset 0, once known (SYN + 1, or the first byte seen). */
  hasBase = false;
  base = 0;
  sawSyn = false;
  nextOffset = 0;
  readonly pending = new PendingSegments();
  /** Capture time since which the first buffered hole has waited (-1 when nothing is buffered). */
  holeSince = -1;
  /** Highest stream offset the peer has acknowledged (-1 before any ACK). */
  peerAckOffset = -1;
  /** When an ACK first covered bytes beyond nextOffset (-1: no such hole), and where the hole started then. */
  ackHoleSince = -1;
  ackHoleAt = -1;
  /** The peer's last advertised window was 0 (a 1-byte segment at nextOffset is then a probe). */
  peerWindowZero = false;
  /** Offset of the FIN (one past the last data byte), or -1. */
  finOffset = -1;
  /** Where this direction's FIN acknowledged the peer's stream (raw, FIN counted), or -1. */
  finAckOffset = -1;
  history: DeliveredHistory | null = null;
  readonly loss: StreamLoss;

  constructor(
    readonly conn: Connection,
    readonly endpoints: StreamEndpoints,
    ts: number,
  ) {
    this.id = streamIdOf(endpoints);
    this.loss = {
      stream: this.id,
      connection: conn.index,
      deliveredBytes: 0,
      gapBytes: 0,
      gapCount: 0,
      gaps: [],
      truncatedBytes: 0,
      conflictingOverlaps: 0,
      conflictingBytes: 0,
      duplicateBytes: 0,
      keepAlives: 0,
      zeroWindowProbes: 0,
      outOfOrderSegments: 0,
      strayPackets: 0,
      firstTs: ts,
      lastTs: ts,
    };
  }

  /** The stream offset of sequence number `seq`, taken as the nearest one to nextOffset (mod 2^32). */
  offsetOf(seq: number): number {
    const nextSeq = (this.base + this.nextOffset) >>> 0;
    return this.nextOffset + ((seq - nextSeq) | 0);
  }
}

export function streamIdOf(e: StreamEndpoints): StreamId {
  return `${hostText(e.srcIp)}:${e.srcPort}->${hostText(e.dstIp)}:${e.dstPort}`;
}

function hostText(ip: string): string {
  return ip.includes(':') ? `[${ip}]` : ip;
}

/** The flow-table key of one direction. */
export function directionKey(srcIp: string, srcPort: number, dstIp: string, dstPort: number): string {
  return `${srcIp}|${srcPort}|${dstIp}|${dstPort}`;
}

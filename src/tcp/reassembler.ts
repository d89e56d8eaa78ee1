// The TCP reassembler: segments in (any order, both directions, many connections), per-direction
// in-order bytes, gaps and closes out. Pure: no I/O, no wall clock; time comes from the segments
// (or tick() when live).
//
// Policies (see docs in README "TCP reassembly"):
// - Overlaps: the first copy of a byte that was captured wins; later copies that differ are counted
//   as conflicting overlaps (compared against buffered data, and against the last
//   `overlapCheckBytes` delivered bytes).
// - A hole becomes a gap when: the peer's ACK has covered it for `ackGraceUs`; the buffer caps force
//   it; it waited `holeTimeoutUs`; at RST, reuse, idle timeout or end of input. Data after a gap is
//   always delivered.
// - Keep-alives (<= 1 byte at nextOffset - 1) and zero-window probes (1 byte at nextOffset while the
//   peer's window is 0) are not data.
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type TcpSegment } from '../capture/types.js';
import { Connection, HalfStream } from './half-stream.js';
import { FlowTable } from './flow-table.js';
import { DeliveredHistory } from './delivered-history.js';
import { resolveOptions, type ReassemblerOptions } from './options.js';
import type { CloseReason, GapReason, StreamEvent, StreamLoss } from './types.js';

export type StreamEventHandler = (event: StreamEvent) => void;

export interface ReassemblerStats {
  segments: number;
  connections: number;
  /** Connections currently in the table. */
  activeConnections: number;
  /** Out-of-order bytes buffered right now. */
  bufferedBytes: number;
  peakBufferedBytes: number;
}

/** Acknowledgements further ahead than this are taken as nonsense, not as lost bytes. */
const MAX_ACK_AHEAD = 1 << 30;

export class TcpReassembler {
  private readonly opts: ReassemblerOptions;
  private readonly table = new FlowTable();
  /** Delivered-byte histories of forgotten connections, reused (a fresh 16 KiB per connection is costly). */
  private readonly historyPool: DeliveredHistory[] = [];
  private readonly connections = new Set<Connection>();
  /** Per 4-tuple (direction-independent) how many connections it has carried, for `connection` numbers. */
  private readonly tupleUses = new Map<string, number>();
  private bufferedTotal = 0;
  private lastSweep = -Infinity;
  private readonly counters = { segments: 0, connections: 0, peakBufferedBytes: 0 };

  constructor(
    private readonly onEvent: StreamEventHandler,
    options: Partial<ReassemblerOptions> = {},
  ) {
    this.opts = resolveOptions(options);
  }

  /** Feeds one segment. Its payload is only read during this call (what must wait is copied). */
  push(seg: TcpSegment): void {
    this.counters.segments++;
    const ts = seg.ts;
    if (ts - this.lastSweep >= this.opts.sweepIntervalUs) this.sweep(ts);

    let hs = this.table.get(seg.srcIp, seg.srcPort, seg.dstIp, seg.dstPort);
    const flags = seg.flags;
    if ((flags & (TCP_SYN | TCP_ACK)) === TCP_SYN) {
      hs = this.streamForSyn(hs, seg);
    } else if (hs === undefined) {
      if (flags & TCP_RST) return; // a RST for a connection we never saw carries nothing
      hs = this.newConnection(seg).streams[0];
    }
    const conn = hs.conn;
    if (conn.done) {
      hs.loss.strayPackets++;
      return;
    }
    conn.lastTs = ts;
    hs.loss.lastTs = ts;
    const rev = hs.peer;
    if (!hs.opened) this.open(hs, ts, (flags & TCP_SYN) !== 0);

    // What this segment tells about the other direction: its ACK and the window offered to it.
    if (flags & TCP_ACK) {
      if (!(flags & TCP_RST)) rev.peerWindowZero = seg.window === 0;
      if (rev.hasBase && !rev.closed) {
        if (flags & TCP_FIN && hs.finAckOffset < 0) hs.finAckOffset = rev.offsetOf(seg.ack);
        this.noteAck(rev, seg.ack, ts);
      }
    }

    if (flags & TCP_SYN) {
      if (!hs.hasBase) {
        hs.hasBase = true;
        hs.sawSyn = true;
        hs.base = (seg.seq + 1) >>> 0;
      }
      // Data on a SYN (TCP Fast Open) is not reassembled.
    } else if (!hs.hasBase && (seg.payload.length > 0 || seg.missingPayload > 0 || flags & TCP_FIN)) {
      hs.hasBase = true; // picked up mid-connection: the first byte seen is offset 0
      hs.base = seg.seq >>> 0;
    }

    if (flags & TCP_RST) {
      this.finishConnection(conn, 'rst', 'rst', ts);
      return;
    }
    if (hs.closed) {
      // A closed direction still acknowledges the other one (above); its data is stray.
      if (seg.payload.length > 0) hs.loss.strayPackets++;
    } else if (hs.hasBase && !(flags & TCP_SYN)) {
      if (seg.payload.length > 0 || seg.missingPayload > 0) this.data(hs, seg);
      else if (!(flags & TCP_FIN) && hs.nextOffset > 0 && hs.offsetOf(seg.seq) === hs.nextOffset - 1) hs.loss.keepAlives++;
      if (flags & TCP_FIN && !hs.closed) this.fin(hs, seg);
    }
    if (rev.ackHoleSince >= 0) this.checkAckHole(rev, ts);
    if (hs.ackHoleSince >= 0) this.checkAckHole(hs, ts);
    if (hs.holeSince >= 0 && ts - hs.holeSince >= this.opts.holeTimeoutUs) this.forceHoles(hs, 'timeout', ts, 1);
    this.maybeDone(conn, ts);
  }

  /** Live capture: lets timers run when no packets arrive. `nowUs` on the segments' clock. */
  tick(nowUs: number): void {
    this.sweep(nowUs);
  }

  /** End of input: every hole becomes a gap, every buffered byte is delivered, every direction closes. */
  flush(ts?: number): void {
    for (const conn of this.connections) {
      const at = ts ?? conn.lastTs;
      this.finishConnection(conn, 'eof', 'eof', at);
    }
    this.connections.clear();
    this.table.clear();
    this.historyPool.length = 0;
  }

  /** Loss reports of the directions still in the table (closed ones came with their close event). */
  lossReport(): StreamLoss[] {
    const out: StreamLoss[] = [];
    for (const conn of this.connections) for (const hs of conn.streams) if (hs.opened) out.push({ ...hs.loss, gaps: [...hs.loss.gaps] });
    return out;
  }

  stats(): ReassemblerStats {
    return {
      segments: this.counters.segments,
      connections: this.counters.connections,
      activeConnections: this.connections.size,
      bufferedBytes: this.bufferedTotal,
      peakBufferedBytes: this.counters.peakBufferedBytes,
    };
  }

  // ---- connections -------------------------------------------------------------------------

  private streamForSyn(hs: HalfStream | undefined, seg: TcpSegment): HalfStream {
    if (hs !== undefined && !hs.conn.done) {
      const isn1 = (seg.seq + 1) >>> 0;
      // The same SYN again (retransmitted), or a direction whose start is not known yet: same connection.
      if (!hs.hasBase || (hs.sawSyn && hs.base === isn1)) return hs;
      if (!hs.sawSyn && hs.nextOffset === 0 && hs.pending.isEmpty) return hs;
      // A SYN with another ISN on a live 4-tuple: the old connection is gone (port reuse).
      this.finishConnection(hs.conn, 'reused', 'reused', seg.ts);
    }
    if (hs !== undefined) this.forget(hs.conn);
    return this.newConnection(seg).streams[0];
  }

  private newConnection(seg: TcpSegment): Connection {
    const tuple = tupleKey(seg);
    const index = this.tupleUses.get(tuple) ?? 0;
    this.tupleUses.set(tuple, index + 1);
    const conn = new Connection(index, { srcIp: seg.srcIp, srcPort: seg.srcPort, dstIp: seg.dstIp, dstPort: seg.dstPort }, seg.ts);
    this.table.set(conn.streams[0]);
    this.table.set(conn.streams[1]);
    this.connections.add(conn);
    this.counters.connections++;
    return conn;
  }

  private forget(conn: Connection): void {
    for (const hs of conn.streams) {
      this.table.deleteStream(hs);
      this.releaseHistory(hs);
    }
    this.connections.delete(conn);
  }

  private open(hs: HalfStream, ts: number, sawSyn: boolean): void {
    hs.opened = true;
    hs.loss.firstTs = ts;
    if (this.opts.overlapCheckBytes > 0) hs.history = this.historyPool.pop() ?? new DeliveredHistory(this.opts.overlapCheckBytes);
    this.onEvent({ type: 'open', stream: hs.id, endpoints: hs.endpoints, connection: hs.conn.index, ts, sawSyn });
  }

  private maybeDone(conn: Connection, ts: number): void {
    const [a, b] = conn.streams;
    if ((a.closed || !a.opened) && (b.closed || !b.opened) && (a.closed || b.closed)) conn.closedAt = ts;
  }

  /** Ends both directions: holes become gaps (reason `trigger` unless ACK or FIN explain them), then close. */
  private finishConnection(conn: Connection, trigger: GapReason, reason: CloseReason, ts: number): void {
    for (const hs of conn.streams) this.finishStream(hs, trigger, reason, ts);
    if (conn.closedAt < 0) conn.closedAt = ts;
  }

  private finishStream(hs: HalfStream, trigger: GapReason, reason: CloseReason, ts: number): void {
    if (!hs.opened || hs.closed) return;
    if (hs.hasBase) {
      this.forceHoles(hs, trigger, ts, Infinity);
      this.inferUnseenFin(hs);
      if (!hs.closed && hs.peerAckOffset > hs.nextOffset) this.gapTo(hs, hs.peerAckOffset, trigger, ts);
      if (!hs.closed && hs.finOffset > hs.nextOffset) this.gapTo(hs, hs.finOffset, trigger, ts);
      this.closeIfFinReached(hs, ts);
    }
    if (!hs.closed) this.close(hs, reason, ts);
  }

  private releaseHistory(hs: HalfStream): void {
    if (hs.history && this.historyPool.length < 1024) this.historyPool.push(hs.history.reset());
    hs.history = null;
  }

  private close(hs: HalfStream, reason: CloseReason, ts: number): void {
    hs.closed = true;
    // Nothing is delivered on a closed direction any more: its history can serve another one, and
    // what is still buffered lies beyond its FIN (sent after the FIN: not part of the stream).
    this.releaseHistory(hs);
    if (!hs.pending.isEmpty) {
      hs.loss.strayPackets++;
      this.addBuffered(-hs.pending.clear());
    }
    hs.ackHoleSince = -1;
    hs.holeSince = -1;
    this.onEvent({ type: 'close', stream: hs.id, offset: hs.nextOffset, ts, reason, loss: { ...hs.loss, gaps: [...hs.loss.gaps] } });
  }

  private closeIfFinReached(hs: HalfStream, ts: number): void {
    if (hs.finOffset >= 0 && hs.nextOffset >= hs.finOffset && !hs.closed) this.close(hs, 'fin', ts);
  }

  // ---- data --------------------------------------------------------------------------------

  private data(hs: HalfStream, seg: TcpSegment): void {
    const payload = seg.payload;
    const len = payload.length;
    const ts = seg.ts;
    const off = hs.offsetOf(seg.seq);
    const end = off + len + seg.missingPayload;
    const next = hs.nextOffset;

    if (end <= next) {
      if (len <= 1 && seg.missingPayload === 0 && off === next - 1) hs.loss.keepAlives++;
      else this.compareDelivered(hs, off, payload);
      return;
    }
    if (hs.finOffset >= 0 && off >= hs.finOffset) {
      hs.loss.strayPackets++;
      return;
    }
    if (len === 1 && off === next && hs.peerWindowZero && seg.missingPayload === 0) {
      hs.loss.zeroWindowProbes++;
      return;
    }
    if (off <= next && hs.pending.isEmpty) {
      // In order (the fast path: no copy, the event points into the capture buffer).
      const skip = next - off;
      if (skip > 0) this.compareDelivered(hs, off, payload.subarray(0, Math.min(skip, len)));
      if (skip < len) this.deliver(hs, skip === 0 ? payload : payload.subarray(skip), ts);
      if (seg.missingPayload > 0) this.truncated(hs, end - hs.nextOffset, ts);
      this.closeIfFinReached(hs, ts);
      return;
    }
    // Bytes of this segment below nextOffset were delivered before: compare them with those (once).
    if (off < next) this.compareDelivered(hs, off, payload.subarray(0, Math.min(next - off, len)));
    if (off <= next && seg.missingPayload === 0) {
      // In order while later data waits: what lies before the first buffered piece goes out uncopied.
      const skip = next - off;
      const upTo = Math.min(len, hs.pending.firstOffset() - off);
      if (upTo > skip) this.deliver(hs, payload.subarray(skip, upTo), ts);
      if (upTo >= len) {
        this.drain(hs, ts);
        return;
      }
      // The rest overlaps buffered pieces: compared and merged below (first copy wins).
    }
    // Ahead of a hole, or overlapping buffered data: goes through the buffer.
    if (off > hs.nextOffset) hs.loss.outOfOrderSegments++;
    const before = hs.pending.bytes;
    const wasEmpty = hs.pending.isEmpty;
    const r = hs.pending.insert(off, payload, len, hs.nextOffset);
    if (seg.missingPayload > 0) hs.pending.insert(off + len, null, seg.missingPayload, hs.nextOffset);
    if (r.conflictBytes > 0) {
      hs.loss.conflictingOverlaps++;
      hs.loss.conflictingBytes += r.conflictBytes;
    }
    hs.loss.duplicateBytes += r.overlapBytes - r.conflictBytes;
    this.addBuffered(hs.pending.bytes - before);
    if (wasEmpty && hs.holeSince < 0) hs.holeSince = ts;
    this.drain(hs, ts);
    this.enforceCaps(hs, ts);
  }

  private fin(hs: HalfStream, seg: TcpSegment): void {
    if (hs.finOffset < 0) {
      const finAt = hs.offsetOf(seg.seq) + seg.payload.length + seg.missingPayload;
      if (finAt >= hs.nextOffset) hs.finOffset = finAt;
    }
    this.closeIfFinReached(hs, seg.ts);
  }

  private deliver(hs: HalfStream, bytes: Uint8Array, ts: number): void {
    const offset = hs.nextOffset;
    hs.history?.record(offset, bytes);
    hs.nextOffset = offset + bytes.length;
    hs.loss.deliveredBytes += bytes.length;
    this.onEvent({ type: 'data', stream: hs.id, offset, bytes, ts });
  }

  private truncated(hs: HalfStream, length: number, ts: number): void {
    if (length <= 0) return;
    hs.loss.truncatedBytes += length;
    this.gap(hs, length, 'truncated', ts);
  }

  private gap(hs: HalfStream, length: number, reason: GapReason, ts: number): void {
    const offset = hs.nextOffset;
    hs.nextOffset = offset + length;
    const loss = hs.loss;
    loss.gapBytes += length;
    loss.gapCount++;
    if (loss.gaps.length < this.opts.maxGapRecords) loss.gaps.push({ offset, length, reason, ts });
    this.onEvent({ type: 'gap', stream: hs.id, offset, length, ts, reason });
  }

  /** A gap from nextOffset to `end`, split by what explains it: the peer's ACK, a FIN, else `trigger`. */
  private gapTo(hs: HalfStream, end: number, trigger: GapReason, ts: number): void {
    while (hs.nextOffset < end) {
      const at = hs.nextOffset;
      if (hs.peerAckOffset > at) this.gap(hs, Math.min(end, hs.peerAckOffset) - at, 'acked-unseen', ts);
      else if (hs.finOffset > at) this.gap(hs, Math.min(end, hs.finOffset) - at, 'fin', ts);
      else this.gap(hs, end - at, trigger, ts);
    }
  }

  /** Delivers buffered pieces that have become contiguous. */
  private drain(hs: HalfStream, ts: number): void {
    const pending = hs.pending;
    if (pending.isEmpty || pending.firstOffset() > hs.nextOffset) return;
    const before = pending.bytes;
    while (!pending.isEmpty && pending.firstOffset() <= hs.nextOffset) {
      const piece = pending.shift()!;
      if (piece.end <= hs.nextOffset) continue;
      const skip = hs.nextOffset - piece.offset;
      if (piece.bytes) this.deliver(hs, skip === 0 ? piece.bytes : piece.bytes.subarray(skip), ts);
      else this.truncated(hs, piece.end - hs.nextOffset, ts);
    }
    this.addBuffered(pending.bytes - before);
    hs.holeSince = pending.isEmpty ? -1 : ts;
    this.closeIfFinReached(hs, ts);
  }

  /** Gives up on up to `holes` holes before buffered data: each becomes a gap and the data behind it is delivered. */
  private forceHoles(hs: HalfStream, trigger: GapReason, ts: number, holes: number): void {
    for (let n = 0; n < holes && !hs.pending.isEmpty && !hs.closed; n++) {
      this.gapTo(hs, hs.pending.firstOffset(), trigger, ts);
      this.drain(hs, ts);
    }
  }

  private addBuffered(delta: number): void {
    this.bufferedTotal += delta;
    if (this.bufferedTotal > this.counters.peakBufferedBytes) this.counters.peakBufferedBytes = this.bufferedTotal;
  }

  private enforceCaps(hs: HalfStream, ts: number): void {
    while (hs.pending.bytes > this.opts.maxStreamBufferBytes) this.forceHoles(hs, 'buffer-limit', ts, 1);
    if (this.bufferedTotal <= this.opts.maxTotalBufferBytes) return;
    this.forceHoles(hs, 'buffer-limit', ts, Infinity);
    for (const conn of this.connections) {
      for (const other of conn.streams) {
        if (this.bufferedTotal <= this.opts.maxTotalBufferBytes) return;
        this.forceHoles(other, 'buffer-limit', ts, Infinity);
      }
    }
  }

  /** Duplicate bytes (already delivered): compared with the delivered history when it still holds them. */
  private compareDelivered(hs: HalfStream, off: number, bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const verdict = hs.history ? hs.history.compare(off, bytes) : 'unknown';
    if (verdict === 'conflict') {
      hs.loss.conflictingOverlaps++;
      hs.loss.conflictingBytes += bytes.length;
    } else {
      hs.loss.duplicateBytes += bytes.length;
    }
  }

  // ---- acknowledgements and timers -----------------------------------------------------------

  private noteAck(hs: HalfStream, ack: number, ts: number): void {
    let ackOff = hs.offsetOf(ack);
    // The FIN takes a sequence number but holds no byte.
    if (hs.finOffset >= 0 && ackOff > hs.finOffset) ackOff = hs.finOffset;
    if (ackOff <= hs.peerAckOffset || ackOff - hs.nextOffset > MAX_ACK_AHEAD) return;
    hs.peerAckOffset = ackOff;
    if (ackOff > hs.nextOffset && hs.ackHoleSince < 0) {
      hs.ackHoleSince = ts;
      hs.ackHoleAt = hs.nextOffset;
    }
  }

  /**
   * An ACK one past bytes never captured may count a FIN that was never captured either (Linux sends
   * the FIN on the last data segment). When the peer's own FIN acknowledged exactly that number, the
   * peer was closing after our FIN: take the last acknowledged number as that FIN, not as a lost byte.
   */
  private inferUnseenFin(hs: HalfStream): void {
    if (hs.finOffset >= 0 || hs.peerAckOffset <= hs.nextOffset || hs.peer.finAckOffset !== hs.peerAckOffset) return;
    if (hs.pending.pieces.length && hs.pending.pieces[hs.pending.pieces.length - 1]!.end >= hs.peerAckOffset) return;
    hs.finOffset = hs.peerAckOffset - 1;
    hs.peerAckOffset = hs.finOffset;
  }

  /** An ACK covered bytes never seen: after the grace window they become a gap. */
  private checkAckHole(hs: HalfStream, ts: number): void {
    if (hs.closed || hs.peerAckOffset <= hs.nextOffset) {
      hs.ackHoleSince = -1;
      return;
    }
    if (hs.ackHoleAt !== hs.nextOffset) {
      // Bytes arrived meanwhile; the rest of the hole gets its own grace window.
      hs.ackHoleSince = ts;
      hs.ackHoleAt = hs.nextOffset;
    }
    if (ts - hs.ackHoleSince < this.opts.ackGraceUs) return;
    this.inferUnseenFin(hs);
    while (!hs.closed && hs.peerAckOffset > hs.nextOffset) {
      this.gapTo(hs, Math.min(hs.peerAckOffset, hs.pending.firstOffset()), 'acked-unseen', ts);
      this.drain(hs, ts);
    }
    hs.ackHoleSince = -1;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const conn of this.connections) {
      if (conn.done) {
        if (now - conn.closedAt >= this.opts.closedLingerUs) this.forget(conn);
        continue;
      }
      if (now - conn.lastTs >= this.opts.idleTimeoutUs) {
        this.finishConnection(conn, 'timeout', 'timeout', now);
        this.forget(conn);
        continue;
      }
      for (const hs of conn.streams) {
        if (hs.ackHoleSince >= 0) this.checkAckHole(hs, now);
        if (hs.holeSince >= 0 && now - hs.holeSince >= this.opts.holeTimeoutUs) this.forceHoles(hs, 'timeout', now, 1);
      }
      this.maybeDone(conn, now);
    }
  }
}

function tupleKey(seg: TcpSegment): string {
  const a = `${seg.srcIp}|${seg.srcPort}`;
  const b = `${seg.dstIp}|${seg.dstPort}`;
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

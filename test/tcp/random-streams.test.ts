// Seeded random streams: segmented at random sizes, locally reordered, duplicated, some segments lost
// for good. The reassembler must deliver exactly the content minus the lost ranges, report exactly
// those ranges as gaps, stay contiguous, and respect its buffer cap. Bounded: 150 cases.
import { describe, expect, it } from 'vitest';
import type { TcpSegment } from '../../src/capture/types.js';
import { TcpReassembler } from '../../src/tcp/index.js';
import { Collector, TCP_ACK, TCP_FIN, TCP_SYN } from './support/segments.js';

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

const ISNS = [0, 1, 2 ** 32 - 1, 2 ** 32 - 10, 2 ** 31, 123456789];

function seg(ts: number, from: 'c' | 's', seq: number, ack: number, flags: number, payload = new Uint8Array()): TcpSegment {
  const [src, dst] = from === 'c' ? [['10.1.1.1', 1111], ['10.1.1.2', 2222]] : [['10.1.1.2', 2222], ['10.1.1.1', 1111]];
  return { ts, srcIp: src[0] as string, srcPort: src[1] as number, dstIp: dst[0] as string, dstPort: dst[1] as number, seq: seq >>> 0, ack: ack >>> 0, flags, window: 65535, payload, missingPayload: 0 };
}

describe('random streams', () => {
  it('deliver exactly the content minus the lost segments, with exactly those gaps', () => {
    for (let n = 0; n < 150; n++) {
      const rnd = prng(1000 + n);
      const isn = ISNS[n % ISNS.length]!;
      const size = 2000 + Math.floor(rnd() * 30000);
      const content = new Uint8Array(size).map(() => Math.floor(rnd() * 256));
      // Cut into segments; some are lost for good (never captured, but the peer ACKs past them).
      const pieces: Array<{ off: number; len: number; lost: boolean }> = [];
      for (let off = 0; off < size; ) {
        const len = Math.min(size - off, 1 + Math.floor(rnd() * 1500));
        pieces.push({ off, len, lost: off > 0 && rnd() < 0.05 });
        off += len;
      }
      // Local reordering (swap neighbours) and duplicates.
      const order = pieces.filter((p) => !p.lost);
      for (let i = 0; i + 1 < order.length; i++) if (rnd() < 0.2) [order[i], order[i + 1]] = [order[i + 1]!, order[i]!];
      const withDups = order.flatMap((p) => (rnd() < 0.1 ? [p, p] : [p]));
      let ts = 1_000_000;
      const segs: TcpSegment[] = [seg(ts, 'c', isn, 0, TCP_SYN), seg(++ts, 's', 5000, isn + 1, TCP_SYN | TCP_ACK), seg(++ts, 'c', isn + 1, 5001, TCP_ACK)];
      for (const p of withDups) segs.push(seg((ts += 10), 'c', isn + 1 + p.off, 5001, TCP_ACK, content.subarray(p.off, p.off + p.len)));
      segs.push(seg((ts += 10), 's', 5001, isn + 1 + size, TCP_ACK)); // everything was received by the peer
      segs.push(seg((ts += 10), 'c', isn + 1 + size, 5001, TCP_FIN | TCP_ACK));
      segs.push(seg((ts += 10), 's', 5001, isn + 2 + size, TCP_FIN | TCP_ACK));

      const col = new Collector();
      const cap = 20_000;
      const r = new TcpReassembler(col.onEvent, { maxStreamBufferBytes: cap, ackGraceUs: 1000 });
      for (const s of segs) {
        r.push(s);
        expect(r.stats().bufferedBytes).toBeLessThanOrEqual(cap);
      }
      r.flush();
      const got = col.layout('10.1.1.1:1111->10.1.1.2:2222');
      const stream = col.get('10.1.1.1:1111->10.1.1.2:2222');
      expect(stream.contiguous, `case ${n}`).toBe(true);
      expect(got.bytes.length, `case ${n}`).toBe(size);
      // Every delivered byte is the content's.
      for (const [a, b] of got.ranges) expect(Buffer.compare(got.bytes.subarray(a, b), Buffer.from(content.subarray(a, b))), `case ${n}`).toBe(0);
      // Gaps: exactly the lost pieces (adjacent ones merged) unless the buffer cap forced more.
      const lost: Array<{ offset: number; length: number }> = [];
      for (const p of pieces.filter((q) => q.lost)) {
        const last = lost[lost.length - 1];
        if (last && last.offset + last.length === p.off) last.length += p.len;
        else lost.push({ offset: p.off, length: p.len });
      }
      if (!got.gaps.some((g) => g.reason === 'buffer-limit')) {
        expect(got.gaps.map(({ offset, length }) => ({ offset, length })), `case ${n}`).toEqual(lost);
      } else {
        // Forced gaps are only ever bytes that were missing when the cap hit, never delivered ones.
        expect(got.gaps.reduce((s, g) => s + g.length, 0)).toBeGreaterThanOrEqual(lost.reduce((s, g) => s + g.length, 0));
      }
      expect(stream.close?.reason, `case ${n}`).toBe('fin');
      expect(r.stats().bufferedBytes).toBe(0);
    }
  });

  it('never throws on garbage segments and keeps every stream contiguous', () => {
    const rnd = prng(42);
    const col = new Collector();
    const r = new TcpReassembler(col.onEvent, { maxStreamBufferBytes: 5000, maxTotalBufferBytes: 20000, holeTimeoutUs: 50_000 });
    let ts = 0;
    for (let i = 0; i < 20_000; i++) {
      ts += Math.floor(rnd() * 2000);
      const from = rnd() < 0.5 ? 'c' : 's';
      const base = rnd() < 0.5 ? 0 : 2 ** 32 - 3000;
      const len = rnd() < 0.3 ? 0 : Math.floor(rnd() * 700);
      const s = seg(ts, from, base + Math.floor(rnd() * 6000), base + Math.floor(rnd() * 6000), Math.floor(rnd() * 64), new Uint8Array(len).fill(i & 255));
      s.srcPort += Math.floor(rnd() * 3);
      s.missingPayload = rnd() < 0.05 ? Math.floor(rnd() * 100) : 0;
      r.push(s);
      expect(r.stats().bufferedBytes).toBeLessThanOrEqual(20000);
      if (i % 5000 === 0) r.tick(ts);
    }
    r.flush();
    for (const key of col.order) {
      const [stream, conn] = key.split('#');
      expect(col.get(stream!, Number(conn)).contiguous, key).toBe(true);
    }
    expect(r.stats().bufferedBytes).toBe(0);
  });
});

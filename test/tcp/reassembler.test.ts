// Crafted segment sequences for every rule of the reassembler (src/tcp/reassembler.ts).
import { describe, expect, it } from 'vitest';
import { TcpReassembler } from '../../src/tcp/index.js';
import type { ReassemblerOptions } from '../../src/tcp/index.js';
import { C2S, Collector, Conv, S2C, TCP_ACK as A, TCP_FIN as F, TCP_PSH as P, TCP_RST as R, TCP_SYN as S } from './support/segments.js';

function run(conv: Conv, opts: Partial<ReassemblerOptions> = {}, flush = true): Collector {
  const col = new Collector();
  const r = new TcpReassembler(col.onEvent, opts);
  for (const s of conv.segs) r.push(s);
  if (flush) r.flush();
  return col;
}

/** Handshake with the given ISNs; returns the conversation and the first data seq numbers. */
function handshake(ci: number, si: number): Conv {
  return new Conv()
    .seg('c', ci, 0, S)
    .seg('s', si, ci + 1, S | A)
    .seg('c', ci + 1, si + 1, A);
}

describe('TcpReassembler: in order', () => {
  for (const isn of [0, 1, 2 ** 32 - 1, 2 ** 32 - 10]) {
    it(`wraps the sequence space correctly with ISN ${isn}`, () => {
      const si = (isn + 7) >>> 0;
      const c = handshake(isn, si);
      const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
      let seq = isn + 1;
      for (const w of words) {
        c.seg('c', seq, si + 1, A | P, w);
        seq += w.length;
      }
      c.seg('s', si + 1, seq, A | P, 'OK');
      c.seg('c', seq, si + 3, F | A).seg('s', si + 3, seq + 1, F | A).seg('c', seq + 1, si + 4, A);
      const col = run(c);
      const cs = col.get(C2S);
      expect(cs.text).toBe(words.join(''));
      expect(cs.sawSyn).toBe(true);
      expect(cs.gaps).toEqual([]);
      expect(cs.close?.reason).toBe('fin');
      expect(cs.contiguous).toBe(true);
      expect(col.get(S2C).text).toBe('OK');
      expect(col.get(S2C).close?.reason).toBe('fin');
    });
  }

  it('picks up a connection without its SYN: the first byte seen is offset 0', () => {
    const c = new Conv().seg('c', 5000, 9000, A | P, 'hello ').seg('c', 5006, 9000, A | P, 'world').seg('s', 9000, 5011, A, '');
    const col = run(c);
    const cs = col.get(C2S);
    expect(cs.sawSyn).toBe(false);
    expect(cs.text).toBe('hello world');
    expect(cs.gaps).toEqual([]);
    expect(cs.close?.reason).toBe('eof');
  });
});

describe('TcpReassembler: disorder, duplicates, overlaps', () => {
  it('reorders out-of-order segments and drops retransmissions', () => {
    const c = handshake(100, 500)
      .seg('c', 106, 501, A, 'World')
      .seg('c', 101, 501, A, 'Hello')
      .seg('c', 101, 501, A, 'Hello')
      .seg('c', 111, 501, A, '!!')
      .seg('c', 106, 501, A, 'World');
    const col = run(c);
    const cs = col.get(C2S);
    expect(cs.text).toBe('HelloWorld!!');
    expect(cs.contiguous).toBe(true);
    expect(cs.close?.loss?.outOfOrderSegments).toBe(1);
    expect(cs.close?.loss?.duplicateBytes).toBe(10);
    expect(cs.close?.loss?.conflictingOverlaps).toBe(0);
  });

  it('keeps the first copy of delivered bytes and counts a conflicting retransmission', () => {
    const c = handshake(0, 0).seg('c', 1, 1, A, 'GOOD').seg('c', 1, 1, A, 'EVIL').seg('c', 5, 1, A, 'DATA');
    const cs = run(c).get(C2S);
    expect(cs.text).toBe('GOODDATA');
    expect(cs.close?.loss?.conflictingOverlaps).toBe(1);
    expect(cs.close?.loss?.conflictingBytes).toBe(4);
  });

  it('keeps the first copy of buffered bytes: partial conflicting overlap ahead of a hole', () => {
    const c = handshake(0, 0)
      .seg('c', 3, 1, A, 'CDEF') // buffered (hole at 1..2)
      .seg('c', 4, 1, A, 'xyZGH') // overlaps DEF with "xyZ" (conflict), adds GH
      .seg('c', 1, 1, A, 'AB');
    const cs = run(c).get(C2S);
    expect(cs.text).toBe('ABCDEFGH');
    expect(cs.close?.loss?.conflictingOverlaps).toBe(1);
    expect(cs.close?.loss?.conflictingBytes).toBe(3);
  });

  it('delivers an in-order segment up to buffered data and keeps the buffered copy where they overlap', () => {
    const c = handshake(0, 0)
      .seg('c', 3, 1, A, 'CDEF') // buffered behind a 2-byte hole
      .seg('c', 1, 1, A, 'ABcXEFGH'); // fills the hole, overlaps CDEF with cXEF (conflict), adds GH
    const cs = run(c).get(C2S);
    expect(cs.text).toBe('ABCDEFGH');
    expect(cs.gaps).toEqual([]);
    expect(cs.close?.loss?.conflictingOverlaps).toBe(1);
    expect(cs.close?.loss?.conflictingBytes).toBe(4);
    expect(cs.close?.loss?.duplicateBytes).toBe(0);
  });

  it('does not take keep-alives and zero-window probes for data', () => {
    const c = handshake(0, 0)
      .seg('c', 1, 1, A, 'abc')
      .seg('c', 3, 1, A, 'x') // keep-alive with one garbage byte at next-1
      .seg('c', 3, 1, A, '') // keep-alive without payload
      .seg('s', 1, 4, A, '', { window: 0 })
      .seg('c', 4, 1, A, 'd') // zero-window probe
      .seg('s', 1, 4, A, '', { window: 1000 })
      .seg('c', 4, 1, A, 'def');
    const cs = run(c).get(C2S);
    expect(cs.text).toBe('abcdef');
    expect(cs.close?.loss?.keepAlives).toBe(2);
    expect(cs.close?.loss?.zeroWindowProbes).toBe(1);
    expect(cs.close?.loss?.conflictingOverlaps).toBe(0);
  });
});

describe('TcpReassembler: gaps', () => {
  it('turns bytes the peer acknowledged but the capture never held into a gap after the grace window, and keeps going', () => {
    const c = handshake(0, 0)
      .seg('c', 1, 1, A, 'VERY')
      .seg('c', 9, 1, A, 'DATA')
      .seg('s', 1, 13, A, '')
      .seg('c', 13, 1, A, 'MORE', { dt: 200_000 });
    const col = run(c, { ackGraceUs: 100_000 }, false);
    const cs = col.get(C2S);
    expect(cs.text).toBe('VERYDATAMORE');
    expect(cs.gaps).toEqual([{ offset: 4, length: 4, reason: 'acked-unseen' }]);
    expect(cs.contiguous).toBe(true);
  });

  it('waits for data captured after its ACK (mirror port) within the grace window', () => {
    const c = handshake(0, 0)
      .seg('c', 1, 1, A, 'VERY')
      .seg('s', 1, 9, A, '', { dt: 10 })
      .seg('c', 5, 1, A, 'LATE', { dt: 10 })
      .seg('c', 9, 1, A, 'DATA', { dt: 500_000 });
    const cs = run(c, { ackGraceUs: 100_000 }).get(C2S);
    expect(cs.text).toBe('VERYLATEDATA');
    expect(cs.gaps).toEqual([]);
  });

  it('lets the ACK grace window expire on tick() when no packets arrive (live)', () => {
    const c = handshake(0, 0).seg('c', 1, 1, A, 'HEAD').seg('c', 9, 1, A, 'TAIL').seg('s', 1, 13, A, '');
    const col = new Collector();
    const r = new TcpReassembler(col.onEvent, { ackGraceUs: 50_000 });
    for (const s of c.segs) r.push(s);
    expect(col.get(C2S).text).toBe('HEAD');
    r.tick(c.ts + 10_000);
    expect(col.get(C2S).gaps).toEqual([]);
    r.tick(c.ts + 60_000);
    expect(col.get(C2S).gaps).toEqual([{ offset: 4, length: 4, reason: 'acked-unseen' }]);
    expect(col.get(C2S).text).toBe('HEADTAIL');
  });

  it('reports an ACKed tail that was never captured', () => {
    const c = handshake(0, 0).seg('c', 1, 1, A, 'HEAD').seg('s', 1, 13, A, '');
    const cs = run(c).get(C2S);
    expect(cs.text).toBe('HEAD');
    expect(cs.gaps).toEqual([{ offset: 4, length: 8, reason: 'acked-unseen' }]);
  });

  it('delivers data after a never-acknowledged hole at end of input', () => {
    const c = handshake(0, 0).seg('c', 5, 1, A, 'GOOD').seg('c', 9, 1, A, 'DATA');
    const cs = run(c).get(C2S);
    expect(cs.text).toBe('GOODDATA');
    expect(cs.gaps).toEqual([{ offset: 0, length: 4, reason: 'eof' }]);
  });

  it('gives up on a hole when the per-stream buffer cap is reached', () => {
    const c = handshake(0, 0).seg('c', 1, 1, A, 'ab');
    for (let i = 0; i < 5; i++) c.seg('c', 5 + i * 4, 1, A, 'wxyz');
    const col = new Collector();
    const r = new TcpReassembler(col.onEvent, { maxStreamBufferBytes: 10 });
    for (const s of c.segs) r.push(s);
    expect(col.get(C2S).gaps).toEqual([{ offset: 2, length: 2, reason: 'buffer-limit' }]);
    expect(col.get(C2S).text).toBe('ab' + 'wxyz'.repeat(5));
    expect(r.stats().bufferedBytes).toBe(0);
  });

  it('gives up on a hole when the global buffer cap is reached', () => {
    const c = handshake(0, 0).seg('c', 3, 1, A, 'cdef').seg('s', 3, 1, A, 'CDEF');
    const col = run(c, { maxTotalBufferBytes: 6 }, false);
    // The direction whose segment overflowed the cap gives up its hole first.
    expect(col.get(S2C).gaps).toEqual([{ offset: 0, length: 2, reason: 'buffer-limit' }]);
    expect(col.get(S2C).text).toBe('CDEF');
    expect(col.get(C2S).gaps).toEqual([]);
  });

  it('gives up on a hole after the hole timeout, and closes idle connections on tick', () => {
    const c = handshake(0, 0).seg('c', 3, 1, A, 'cd').seg('c', 5, 1, A, 'ef', { dt: 3_000_000 });
    const col = new Collector();
    const r = new TcpReassembler(col.onEvent, { holeTimeoutUs: 2_000_000, idleTimeoutUs: 10_000_000 });
    for (const s of c.segs) r.push(s);
    expect(col.get(C2S).gaps).toEqual([{ offset: 0, length: 2, reason: 'timeout' }]);
    expect(col.get(C2S).text).toBe('cdef');
    r.tick(c.ts + 20_000_000);
    expect(col.get(C2S).close?.reason).toBe('timeout');
    expect(r.stats().activeConnections).toBe(0);
  });

  it('reports segments captured cut short (snaplen/GSO) as truncated gaps', () => {
    const c = handshake(0, 0).seg('c', 1, 1, A, 'abcd', { missing: 6 }).seg('c', 11, 1, A, 'KLM').seg('c', 20, 1, A, 'tu', { missing: 1 }).seg('c', 14, 1, A, 'NOPQRS');
    const cs = run(c).get(C2S);
    expect(cs.text).toBe('abcdKLMNOPQRStu');
    expect(cs.gaps).toEqual([
      { offset: 4, length: 6, reason: 'truncated' },
      { offset: 21, length: 1, reason: 'truncated' },
    ]);
    expect(cs.close?.loss?.truncatedBytes).toBe(7);
  });
});

describe('TcpReassembler: life cycle', () => {
  it('ends both directions at a RST mid-stream, delivering what was buffered', () => {
    const c = handshake(0, 0).seg('c', 1, 1, A, 'ab').seg('c', 5, 1, A, 'ef').seg('s', 1, 3, R | A, '').seg('c', 3, 1, A, 'cd');
    const col = run(c);
    const cs = col.get(C2S);
    expect(cs.text).toBe('abef');
    expect(cs.gaps).toEqual([{ offset: 2, length: 2, reason: 'rst' }]);
    expect(cs.close?.reason).toBe('rst');
    expect(col.get(S2C).close?.reason).toBe('rst');
    expect(cs.close?.loss?.strayPackets).toBe(0);
  });

  it('waits for retransmissions before a FIN captured early', () => {
    const c = handshake(0, 0).seg('c', 4, 1, A, 'def').seg('c', 7, 1, F | A, '').seg('c', 1, 1, A, 'abc').seg('s', 1, 8, F | A).seg('c', 8, 2, A);
    const cs = run(c, {}, false).get(C2S);
    expect(cs.text).toBe('abcdef');
    expect(cs.close).toMatchObject({ reason: 'fin', offset: 6 });
  });

  it('opens a new connection when a closed 4-tuple is reused with a new SYN', () => {
    const c = handshake(1000, 2000)
      .seg('c', 1001, 2001, A, 'first')
      .seg('c', 1006, 2001, F | A)
      .seg('s', 2001, 1007, F | A)
      .seg('c', 1007, 2002, A)
      .seg('c', 777, 0, S)
      .seg('s', 888, 778, S | A)
      .seg('c', 778, 889, A, 'second');
    const col = run(c);
    expect(col.get(C2S, 0).text).toBe('first');
    expect(col.get(C2S, 0).close?.reason).toBe('fin');
    expect(col.get(C2S, 1).text).toBe('second');
    expect(col.get(C2S, 1).connection).toBe(1);
  });

  it('ends an open connection when a SYN with another ISN arrives on its 4-tuple', () => {
    const c = handshake(1000, 2000).seg('c', 1001, 2001, A, 'old').seg('c', 5, 0, S).seg('s', 9, 6, S | A).seg('c', 6, 10, A, 'new').seg('c', 5, 0, S);
    const col = run(c);
    expect(col.get(C2S, 0).close?.reason).toBe('reused');
    expect(col.get(C2S, 1).text).toBe('new');
    expect(col.get(S2C, 1).sawSyn).toBe(true);
  });

  it('reads the payload only during push (buffered bytes are copied)', () => {
    const col = new Collector();
    const r = new TcpReassembler(col.onEvent);
    const c = handshake(0, 0).seg('c', 4, 1, A, 'def').seg('c', 1, 1, A, 'abc');
    for (const s of c.segs) {
      r.push(s);
      s.payload.fill(0x3f); // the capture buffer is reused after the callback
    }
    r.flush();
    expect(col.get(C2S).text).toBe('abcdef');
  });
});

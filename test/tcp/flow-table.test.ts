// Many connections at once: port pairs that collide in the table's key, IPv6, interleaved packets.
import { describe, expect, it } from 'vitest';
import { TcpReassembler } from '../../src/tcp/index.js';
import { Collector, Conv, TCP_ACK as A, TCP_FIN as F, TCP_SYN as S } from './support/segments.js';

describe('flow table', () => {
  it('keeps interleaved connections apart, including port pairs with the same table key and IPv6', () => {
    // (1 << 14) ^ 0 === (0 << 14) ^ 16384: the two port pairs share a key.
    const convs = [
      new Conv({ ip: '10.0.0.1', port: 1 }, { ip: '10.0.0.2', port: 0 }),
      new Conv({ ip: '10.0.0.1', port: 0 }, { ip: '10.0.0.2', port: 16384 }),
      new Conv({ ip: '10.0.0.3', port: 1 }, { ip: '10.0.0.2', port: 0 }),
      new Conv({ ip: '2001:db8::1', port: 5000 }, { ip: '::1', port: 80 }),
    ];
    convs.forEach((c, i) => {
      c.seg('c', 100, 0, S).seg('s', 900, 101, S | A).seg('c', 101, 901, A, `conn${i}-a`).seg('c', 108, 901, A, `-b`).seg('s', 901, 110, A, `reply${i}`).seg('c', 110, 907, F | A);
    });
    const col = new Collector();
    const r = new TcpReassembler(col.onEvent);
    const longest = Math.max(...convs.map((c) => c.segs.length));
    for (let k = 0; k < longest; k++) for (const c of convs) if (c.segs[k]) r.push(c.segs[k]!);
    r.flush();
    expect(col.get('10.0.0.1:1->10.0.0.2:0').text).toBe('conn0-a-b');
    expect(col.get('10.0.0.1:0->10.0.0.2:16384').text).toBe('conn1-a-b');
    expect(col.get('10.0.0.2:16384->10.0.0.1:0').text).toBe('reply1');
    expect(col.get('10.0.0.3:1->10.0.0.2:0').text).toBe('conn2-a-b');
    expect(col.get('[2001:db8::1]:5000->[::1]:80').text).toBe('conn3-a-b');
    expect(col.get('[::1]:80->[2001:db8::1]:5000').text).toBe('reply3');
    expect(r.stats().connections).toBe(4);
  });
});

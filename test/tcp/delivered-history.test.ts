// The ring of recently delivered bytes that retransmissions are compared against.
import { describe, expect, it } from 'vitest';
import { DeliveredHistory } from '../../src/tcp/delivered-history.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('DeliveredHistory', () => {
  it('compares across the ring end and forgets what was overwritten', () => {
    const h = new DeliveredHistory(8);
    h.record(0, bytes('abcdef'));
    h.record(6, bytes('ghij')); // wraps: ring holds offsets 2..9
    expect(h.compare(4, bytes('efgh'))).toBe('same');
    expect(h.compare(5, bytes('fgXi'))).toBe('conflict');
    expect(h.compare(7, bytes('hij'))).toBe('same');
    expect(h.compare(0, bytes('ab'))).toBe('unknown');
    expect(h.compare(8, bytes('ijk'))).toBe('unknown');
  });

  it('keeps only the tail of a record longer than the ring, and restarts after a discontinuity', () => {
    const h = new DeliveredHistory(4);
    h.record(0, bytes('0123456789'));
    expect(h.compare(6, bytes('6789'))).toBe('same');
    expect(h.compare(5, bytes('5'))).toBe('unknown');
    h.record(20, bytes('xy')); // after a gap
    expect(h.compare(20, bytes('xy'))).toBe('same');
    expect(h.compare(9, bytes('9'))).toBe('unknown');
    expect(h.reset().compare(20, bytes('x'))).toBe('unknown');
  });
});

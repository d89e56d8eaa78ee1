import { describe, expect, it } from 'vitest';
import { int32At, uint16At, uint32At } from '../../src/javaser/big-endian.js';

// The byte-arithmetic readers must agree with Buffer's own readers, for both signs, at odd offsets.
describe('big-endian readers', () => {
  const values = [0, 1, -1, 0x7f, 0x80, 0xff, 0x7fffffff, -0x80000000, 0x12345678, -0x12345678, 0xdeadbeef | 0];
  for (const v of values) {
    it(`reads ${v} at an odd offset like Buffer does`, () => {
      const b = Buffer.alloc(9);
      b.writeInt32BE(v, 3);
      expect(int32At(b, 3)).toBe(b.readInt32BE(3));
      expect(uint32At(b, 3)).toBe(b.readUInt32BE(3));
      expect(uint16At(b, 3)).toBe(b.readUInt16BE(3));
      expect(uint16At(b, 5)).toBe(b.readUInt16BE(5));
    });
  }
});

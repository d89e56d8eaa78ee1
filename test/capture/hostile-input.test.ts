// Hostile input: damaged copies of real captures and random frames must never throw or hang; every
// packet ends in exactly one outcome counter. Seeded, bounded in count.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PacketDecoder, readCaptureFile, type DecodeStats } from '../../src/capture/index.js';
import { fixture } from './support/fixture-path.js';

const dir = mkdtempSync(join(tmpdir(), 'capture-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function outcomes(s: DecodeStats): number {
  return s.segments + s.nonIp + s.nonTcp + s.ipv4Fragments + s.ipv6Fragments + s.truncatedHeaders + s.malformed + s.unsupportedLinkType;
}

describe('hostile input', () => {
  it.each(['lo-ipv4.pcap', 'lo-ipv6-ext.pcap', 'multi-interface.pcapng', 'any-sll2.pcap'])('survives 60 randomly damaged copies of %s', async (file) => {
    const original = readFileSync(fixture(file));
    const rnd = prng(file.length * 7919);
    for (let round = 0; round < 60; round++) {
      const bytes = Buffer.from(original);
      const flips = 1 + Math.floor(rnd() * 20);
      // Keep the magic so that the parsers, not the format check, meet the damage.
      for (let i = 0; i < flips; i++) bytes[4 + Math.floor(rnd() * (bytes.length - 4))] = Math.floor(rnd() * 256);
      const path = join(dir, `damaged-${round}-${file}`);
      writeFileSync(path, bytes.subarray(0, bytes.length - Math.floor(rnd() * 50)));
      const decoder = new PacketDecoder();
      const report = await readCaptureFile(path, (pkt) => void decoder.decode(pkt), { maxRecordBytes: 1 << 20 });
      expect(outcomes(decoder.stats)).toBe(report.packets);
      expect(report.bytes).toBeLessThanOrEqual(report.fileBytes);
    }
  });

  it('decodes 20000 random frames of every link type without throwing', () => {
    const rnd = prng(42);
    const decoder = new PacketDecoder();
    const linkTypes = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 147];
    for (let i = 0; i < 20_000; i++) {
      const data = new Uint8Array(Math.floor(rnd() * 120));
      for (let j = 0; j < data.length; j++) data[j] = Math.floor(rnd() * 256);
      // Bias towards plausible headers so the deeper layers get exercised.
      if (data.length > 20 && rnd() < 0.5) data[0] = rnd() < 0.5 ? 0x45 : 0x60;
      const seg = decoder.decode({ ts: i, linkType: linkTypes[i % linkTypes.length]!, data, originalLength: data.length, interfaceId: 0 });
      if (seg) {
        expect(seg.payload.byteOffset + seg.payload.length).toBeLessThanOrEqual(data.byteOffset + data.length);
        expect(seg.missingPayload).toBeGreaterThanOrEqual(0);
      }
    }
    expect(outcomes(decoder.stats)).toBe(20_000);
  });
});

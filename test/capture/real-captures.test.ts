// Every packet of every real fixture capture (fixtures/capture/make-fixtures.sh), decoded by us and by
// tshark: ports, sequence and acknowledgement numbers, flags, window, payload bytes, missing payload
// and timestamps must agree frame by frame.
import { describe, expect, it } from 'vitest';
import { decodeFile } from './support/decode-file.js';
import { fixture } from './support/fixture-path.js';
import { tsharkFrames } from './support/tshark-fields.js';

interface Case {
  file: string;
  format: 'pcap' | 'pcapng';
  byteOrder: 'little' | 'big';
  linkTypes: number[];
  sections?: number;
  interfaces?: number;
  tsUnits?: number[];
  /** Frames with TCP payload cut by the snaplen. */
  truncatedSegments?: number;
}

const cases: Case[] = [
  { file: 'lo-ipv4.pcap', format: 'pcap', byteOrder: 'little', linkTypes: [1], tsUnits: [1e6] },
  { file: 'lo-ipv4-be.pcap', format: 'pcap', byteOrder: 'big', linkTypes: [1], tsUnits: [1e6] },
  { file: 'lo-ipv4-nano.pcap', format: 'pcap', byteOrder: 'little', linkTypes: [1], tsUnits: [1e9] },
  { file: 'lo-ipv4-nano-be.pcap', format: 'pcap', byteOrder: 'big', linkTypes: [1], tsUnits: [1e9] },
  { file: 'lo-ipv4-options.pcap', format: 'pcap', byteOrder: 'little', linkTypes: [1] },
  { file: 'lo-ipv6-ext.pcap', format: 'pcap', byteOrder: 'little', linkTypes: [1] },
  { file: 'any-sll2.pcap', format: 'pcap', byteOrder: 'little', linkTypes: [276] },
  { file: 'any-sll.pcap', format: 'pcap', byteOrder: 'little', linkTypes: [113] },
  { file: 'lo-snaplen.pcap', format: 'pcap', byteOrder: 'little', linkTypes: [1], truncatedSegments: 12 },
  { file: 'link-null-le.pcap', format: 'pcap', byteOrder: 'little', linkTypes: [0] },
  { file: 'link-null-be.pcap', format: 'pcap', byteOrder: 'little', linkTypes: [0] },
  { file: 'link-null-be-ipv6.pcap', format: 'pcap', byteOrder: 'little', linkTypes: [0] },
  { file: 'link-loop.pcap', format: 'pcap', byteOrder: 'little', linkTypes: [108] },
  { file: 'link-raw101.pcap', format: 'pcap', byteOrder: 'little', linkTypes: [101] },
  { file: 'link-raw12.pcap', format: 'pcap', byteOrder: 'little', linkTypes: [12] },
  { file: 'link-raw14.pcap', format: 'pcap', byteOrder: 'little', linkTypes: [14] },
  { file: 'link-ipv4.pcap', format: 'pcap', byteOrder: 'little', linkTypes: [228] },
  { file: 'link-vlan.pcap', format: 'pcap', byteOrder: 'little', linkTypes: [1] },
  { file: 'link-qinq.pcap', format: 'pcap', byteOrder: 'little', linkTypes: [1] },
  { file: 'lo-ipv4.pcapng', format: 'pcapng', byteOrder: 'little', linkTypes: [1], sections: 1, interfaces: 1 },
  { file: 'lo-ipv4-be.pcapng', format: 'pcapng', byteOrder: 'big', linkTypes: [1], sections: 1, interfaces: 1 },
  { file: 'multi-interface.pcapng', format: 'pcapng', byteOrder: 'little', linkTypes: [1, 276], sections: 1, interfaces: 3, tsUnits: [1e9, 1e6, 1e6] },
  { file: 'multi-section.pcapng', format: 'pcapng', byteOrder: 'little', linkTypes: [1], sections: 2, interfaces: 2 },
  { file: 'simple-packets.pcapng', format: 'pcapng', byteOrder: 'little', linkTypes: [1], sections: 1, interfaces: 1 },
];

describe.concurrent('real captures decode exactly as tshark decodes them', () => {
  it.each(cases)('$file', async (c) => {
    const [ours, theirs] = await Promise.all([decodeFile(fixture(c.file)), tsharkFrames(fixture(c.file))]);
    const { frames, report, stats } = ours;
    expect(report.format).toBe(c.format);
    expect(report.byteOrder).toBe(c.byteOrder);
    expect(report.linkTypes).toEqual(c.linkTypes);
    expect(report.truncated).toBeNull();
    expect(report.errors).toEqual([]);
    expect(report.bytes).toBe(report.fileBytes);
    if (c.sections !== undefined) expect(report.sections).toBe(c.sections);
    if (c.interfaces !== undefined) expect(report.interfaces).toHaveLength(c.interfaces);
    if (c.tsUnits) expect(report.interfaces.map((i) => i.tsUnitsPerSecond)).toEqual(c.tsUnits);
    expect(frames).toHaveLength(theirs.length);
    expect(theirs.filter((f) => f.tcp).length).toBeGreaterThanOrEqual(13);
    expect(stats.segments).toBe(theirs.filter((f) => f.tcp).length);
    expect(stats.truncatedSegments).toBe(c.truncatedSegments ?? 0);

    theirs.forEach((want, i) => {
      const got = frames[i]!;
      const where = `${c.file} frame ${want.frame}`;
      expect(Math.abs(got.ts - want.tsMicros), `${where} ts ${got.ts} vs ${want.tsMicros}`).toBeLessThan(1);
      expect(got.interfaceId, where).toBe(want.interfaceId);
      if (!want.tcp) {
        expect(got.tcp, where).toBeNull();
        return;
      }
      const { length, ...fields } = want.tcp;
      expect(got.tcp, where).toEqual({ ...fields, missingPayload: length - want.tcp.payloadHex.length / 2 });
    });
  });
});

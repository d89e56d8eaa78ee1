// Crafted frames for what real loopback captures cannot show: fragments, routing/AH/ESP headers,
// damaged and cut headers, padding, unknown link types.
import { describe, expect, it } from 'vitest';
import { PacketDecoder, type DecodeAnomaly, type RawPacket } from '../../src/capture/index.js';
import { authHeader, bytesOf, concat, ethernet, extensionHeader, fragmentHeader, ip6, ipv4, ipv6, tcpHeader } from './support/packet-builder.js';

const payload = bytesOf('hello racewire');
const segment = concat(tcpHeader({ srcPort: 5000, dstPort: 6000, seq: 0xfffffff0, ack: 7, flags: 0x18, window: 999 }), payload);

function packet(data: Uint8Array, linkType = 1, originalLength = data.length): RawPacket {
  return { ts: 1.5, linkType, data, originalLength, interfaceId: 0 };
}

function decodeOne(data: Uint8Array, linkType = 1) {
  const anomalies: DecodeAnomaly[] = [];
  const decoder = new PacketDecoder({ onAnomaly: (a) => anomalies.push(a) });
  const seg = decoder.decode(packet(data, linkType));
  return { seg, stats: decoder.stats, anomalies };
}

describe('PacketDecoder on crafted frames', () => {
  it('decodes an Ethernet IPv4 TCP segment field by field', () => {
    const { seg, stats } = decodeOne(ethernet(0x0800, ipv4(segment)));
    expect(seg).toMatchObject({ ts: 1.5, srcIp: '10.0.0.1', dstIp: '10.0.0.2', srcPort: 5000, dstPort: 6000, seq: 0xfffffff0, ack: 7, flags: 0x18, window: 999, missingPayload: 0 });
    expect(Buffer.from(seg!.payload).toString()).toBe('hello racewire');
    expect(stats).toMatchObject({ packets: 1, segments: 1, ipv4: 1 });
  });

  it('skips IPv4 options and TCP options', () => {
    const seg2 = concat(tcpHeader({ optionWords: 3 }), payload);
    const { seg } = decodeOne(ethernet(0x0800, ipv4(seg2, { options: new Uint8Array([7, 7, 4, 0, 0, 0, 0, 0]) })));
    expect(Buffer.from(seg!.payload).toString()).toBe('hello racewire');
  });

  it('trims Ethernet padding using the IP total length', () => {
    const small = concat(tcpHeader({ flags: 0x10 }));
    const frame = concat(ethernet(0x0800, ipv4(small)), new Uint8Array(6).fill(0xaa));
    const { seg } = decodeOne(frame);
    expect(seg!.payload.length).toBe(0);
    expect(seg!.missingPayload).toBe(0);
  });

  it('reports payload cut by the snaplen as missingPayload', () => {
    const frame = ethernet(0x0800, ipv4(segment));
    const { seg, stats } = decodeOne(frame.subarray(0, frame.length - 5));
    expect(Buffer.from(seg!.payload).toString()).toBe('hello rac');
    expect(seg!.missingPayload).toBe(5);
    expect(stats).toMatchObject({ truncatedSegments: 1, missingPayloadBytes: 5 });
  });

  it('still yields a segment when only TCP options are cut, with all payload missing', () => {
    const seg2 = concat(tcpHeader({ optionWords: 3 }), payload);
    const frame = ethernet(0x0800, ipv4(seg2));
    const { seg } = decodeOne(frame.subarray(0, 14 + 20 + 24));
    expect(seg!.payload.length).toBe(0);
    expect(seg!.missingPayload).toBe(payload.length);
  });

  it('drops and counts a packet cut inside the TCP header', () => {
    const frame = ethernet(0x0800, ipv4(segment));
    const { seg, stats, anomalies } = decodeOne(frame.subarray(0, 14 + 20 + 10));
    expect(seg).toBeNull();
    expect(stats.truncatedHeaders).toBe(1);
    expect(anomalies[0]!.kind).toBe('truncated-header');
  });

  it('uses the frame length when the IPv4 total length is 0 (segmentation offload)', () => {
    const { seg } = decodeOne(ethernet(0x0800, ipv4(segment, { totalLength: 0 })));
    expect(Buffer.from(seg!.payload).toString()).toBe('hello racewire');
  });

  it.each([
    ['first fragment (more fragments)', 0x2000],
    ['middle fragment', 0x2000 | 100],
    ['last fragment', 100],
  ])('counts an IPv4 %s and reports it', (_name, fragment) => {
    const { seg, stats, anomalies } = decodeOne(ethernet(0x0800, ipv4(segment, { fragment })));
    expect(seg).toBeNull();
    expect(stats.ipv4Fragments).toBe(1);
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]!.kind).toBe('ipv4-fragment');
    expect(anomalies[0]!.detail).toContain('10.0.0.1 -> 10.0.0.2');
  });

  it('counts malformed IPv4 headers', () => {
    const bad = ipv4(segment);
    bad[0] = 0x44; // IHL 16 bytes
    expect(decodeOne(ethernet(0x0800, bad)).stats.malformed).toBe(1);
    const shortTotal = ipv4(segment, { totalLength: 30 });
    expect(decodeOne(ethernet(0x0800, shortTotal)).stats.malformed).toBe(1); // 10 bytes of TCP
    const wrongVersion = ipv4(segment);
    wrongVersion[0] = 0x65;
    expect(decodeOne(ethernet(0x0800, wrongVersion)).stats.malformed).toBe(1);
    const badOffset = concat(tcpHeader(), payload);
    badOffset[12] = 0xf0; // 60-byte TCP header in a 34-byte segment
    expect(decodeOne(ethernet(0x0800, ipv4(badOffset))).stats.malformed).toBe(1);
  });

  it('counts UDP and ICMP as non-TCP and ARP as non-IP', () => {
    const d = new PacketDecoder();
    d.decode(packet(ethernet(0x0800, ipv4(new Uint8Array(8), { protocol: 17 }))));
    d.decode(packet(ethernet(0x0800, ipv4(new Uint8Array(8), { protocol: 1 }))));
    d.decode(packet(ethernet(0x0806, new Uint8Array(28))));
    expect(d.stats).toMatchObject({ packets: 3, nonTcp: 2, nonIp: 1, segments: 0 });
  });

  it('walks IPv6 hop-by-hop, routing, destination options and AH headers to TCP', () => {
    const frame = ethernet(0x86dd, ipv6(segment, { chain: [[0, extensionHeader(8)], [43, extensionHeader(24)], [60, extensionHeader(16)], [51, authHeader(24)]] }));
    const { seg, stats } = decodeOne(frame);
    expect(seg).toMatchObject({ srcIp: '2001:db8::1', dstIp: '2001:db8::2', srcPort: 5000, seq: 0xfffffff0 });
    expect(Buffer.from(seg!.payload).toString()).toBe('hello racewire');
    expect(stats.ipv6).toBe(1);
  });

  it('treats an atomic IPv6 fragment as a whole packet and counts real ones', () => {
    expect(decodeOne(ethernet(0x86dd, ipv6(segment, { chain: [[44, fragmentHeader(0, false)]] }))).seg).not.toBeNull();
    const first = decodeOne(ethernet(0x86dd, ipv6(segment, { chain: [[44, fragmentHeader(0, true)]] })));
    expect(first.seg).toBeNull();
    expect(first.stats.ipv6Fragments).toBe(1);
    expect(first.anomalies[0]!.kind).toBe('ipv6-fragment');
    const later = decodeOne(ethernet(0x86dd, ipv6(segment, { chain: [[44, fragmentHeader(1448, false)]] })));
    expect(later.stats.ipv6Fragments).toBe(1);
  });

  it('stops at ESP and at no-next-header', () => {
    expect(decodeOne(ethernet(0x86dd, ipv6(new Uint8Array(16), { protocol: 50 }))).stats.nonTcp).toBe(1);
    expect(decodeOne(ethernet(0x86dd, ipv6(new Uint8Array(0), { chain: [[60, extensionHeader(8)]], protocol: 59 }))).stats.nonTcp).toBe(1);
  });

  it('flags IPv6 extension headers that run past the payload or the capture', () => {
    const past = ipv6(segment, { chain: [[0, extensionHeader(8)]] });
    past[41] = 200; // hop-by-hop claims 1608 bytes
    expect(decodeOne(ethernet(0x86dd, past)).stats.malformed).toBe(1);
    const cut = ethernet(0x86dd, ipv6(segment, { chain: [[0, extensionHeader(8)]] }));
    expect(decodeOne(cut.subarray(0, 14 + 40 + 1)).stats.truncatedHeaders).toBe(1);
  });

  it('reads VLAN, QinQ and old-style QinQ tags', () => {
    for (const tags of [[0x8100], [0x88a8, 0x8100], [0x9100, 0x8100]]) {
      const { seg, stats } = decodeOne(ethernet(0x0800, ipv4(segment), tags));
      expect(seg?.srcPort).toBe(5000);
      expect(stats.vlanTagged).toBe(1);
    }
  });

  it.each([
    ['NULL little-endian AF_INET', 0, [2, 0, 0, 0], 'v4'],
    ['NULL big-endian AF_INET', 0, [0, 0, 0, 2], 'v4'],
    ['NULL AF_INET6 = 10 (Linux)', 0, [10, 0, 0, 0], 'v6'],
    ['NULL AF_INET6 = 28 (FreeBSD)', 0, [28, 0, 0, 0], 'v6'],
    ['NULL AF_INET6 = 30 (macOS) big-endian', 0, [0, 0, 0, 30], 'v6'],
    ['LOOP AF_INET', 108, [0, 0, 0, 2], 'v4'],
    ['LOOP AF_INET6 = 24', 108, [0, 0, 0, 24], 'v6'],
  ] as const)('%s', (_name, linkType, head, version) => {
    const ip = version === 'v4' ? ipv4(segment) : ipv6(segment);
    const { seg } = decodeOne(concat(new Uint8Array(head), ip), linkType);
    expect(seg?.dstPort).toBe(6000);
  });

  it('reads raw IPv6 and LINKTYPE_IPV6', () => {
    expect(decodeOne(ipv6(segment), 101).seg?.dstIp).toBe('2001:db8::2');
    expect(decodeOne(ipv6(segment), 229).seg?.dstIp).toBe('2001:db8::2');
  });

  it('reads SLL and SLL2 headers', () => {
    const sll = concat(new Uint8Array([0, 0, 3, 4, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 0x08, 0x00]), ipv4(segment));
    expect(decodeOne(sll, 113).seg?.srcPort).toBe(5000);
    const sll2 = concat(new Uint8Array([0x86, 0xdd, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0]), ipv6(segment));
    expect(decodeOne(sll2, 276).seg?.srcPort).toBe(5000);
  });

  it('counts unsupported link types and short link headers', () => {
    const d = new PacketDecoder();
    d.decode(packet(new Uint8Array(40), 147));
    d.decode(packet(new Uint8Array(40), 147));
    d.decode(packet(new Uint8Array(10), 1));
    expect(d.stats).toMatchObject({ unsupportedLinkType: 2, unsupportedLinkTypes: [147], truncatedHeaders: 1 });
  });

  it('reuses cached address texts without mixing them up', () => {
    const d = new PacketDecoder();
    const seen = new Set<string>();
    for (let i = 1; i <= 20; i++) {
      const src = ip6(`2001:db8::${i.toString(16)}`);
      const seg = d.decode(packet(ethernet(0x86dd, ipv6(segment, { src }))))!;
      seen.add(seg.srcIp);
      expect(seg.srcIp).toBe(`2001:db8::${i.toString(16)}`);
      expect(d.decode(packet(ethernet(0x0800, ipv4(segment, { src: [192, 168, i, 1] }))))!.srcIp).toBe(`192.168.${i}.1`);
    }
    expect(seen.size).toBe(20);
  });
});

// Link layer -> IPv4/IPv6 -> TCP, straight from the captured bytes: manual byte reads, no copies,
// no allocation per packet beyond the returned TcpSegment (address texts are cached).
import { newDecodeStats, type DecodeStats } from './decode-stats.js';
import { ipv4Text, ipv6Text } from './ip-text.js';
import type { RawPacket, TcpSegment } from './types.js';

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100; // 802.1Q
const ETHERTYPE_QINQ = 0x88a8; // 802.1ad service tag
const ETHERTYPE_QINQ_OLD = 0x9100; // pre-standard QinQ

const IPPROTO_HOPOPTS = 0;
const IPPROTO_TCP = 6;
const IPPROTO_ROUTING = 43;
const IPPROTO_FRAGMENT = 44;
const IPPROTO_AH = 51;
const IPPROTO_DSTOPTS = 60;
const IPPROTO_MOBILITY = 135;
const IPPROTO_HIP = 139;
const IPPROTO_SHIM6 = 140;

export type DecodeAnomalyKind = 'ipv4-fragment' | 'ipv6-fragment' | 'truncated-header' | 'malformed' | 'unsupported-link-type';

export interface DecodeAnomaly {
  kind: DecodeAnomalyKind;
  ts: number;
  linkType: number;
  detail: string;
}

export interface PacketDecoderOptions {
  /** Called for every packet that is dropped for a reason worth reporting (not for plain non-TCP traffic). */
  onAnomaly?: (anomaly: DecodeAnomaly) => void;
}

const IPV4_CACHE_LIMIT = 1 << 16;
const IPV6_CACHE_SLOTS = 8;

/**
 * Decodes RawPackets into TcpSegments. `decode` returns null for anything that is not a whole-header TCP
 * segment and counts why in `stats`.
 *
 * Data lifetime: `segment.payload` is a view into `pkt.data`, so it is valid exactly as long as
 * `pkt.data` is (for file and live sources: only during the packet callback). Copy it to keep it.
 */
export class PacketDecoder {
  readonly stats: DecodeStats = newDecodeStats();
  private readonly onAnomaly: ((anomaly: DecodeAnomaly) => void) | undefined;
  private readonly ipv4Names = new Map<number, string>();
  private readonly ipv6Keys: Uint8Array = new Uint8Array(16 * IPV6_CACHE_SLOTS);
  private readonly ipv6Names: string[] = [];
  private ipv6Next = 0;

  constructor(opts: PacketDecoderOptions = {}) {
    this.onAnomaly = opts.onAnomaly;
  }

  decode(pkt: RawPacket): TcpSegment | null {
    const stats = this.stats;
    stats.packets++;
    const b = pkt.data;
    const n = b.length;
    let o: number;
    let etherType: number;
    switch (pkt.linkType) {
      case 1: // Ethernet
        if (n < 14) return this.truncated(pkt, 'Ethernet header');
        etherType = (b[12]! << 8) | b[13]!;
        o = 14;
        break;
      case 113: // Linux cooked v1: protocol at 14
        if (n < 16) return this.truncated(pkt, 'Linux cooked (SLL) header');
        etherType = (b[14]! << 8) | b[15]!;
        o = 16;
        break;
      case 276: // Linux cooked v2: protocol first, 20-byte header
        if (n < 20) return this.truncated(pkt, 'Linux cooked v2 (SLL2) header');
        etherType = (b[0]! << 8) | b[1]!;
        o = 20;
        break;
      case 0: // BSD NULL: address family in the capturing host's byte order
      case 108: // OpenBSD LOOP: in network byte order (some writers got it wrong, so accept both)
        if (n < 4) return this.truncated(pkt, 'loopback header');
        etherType = loopbackFamilyToEtherType(b);
        o = 4;
        break;
      case 101: // raw IP, and the DLT_RAW numbers 12 / 14 that some files carry as link type
      case 12:
      case 14:
        if (n < 1) return this.truncated(pkt, 'IP header');
        etherType = ipVersionToEtherType(b[0]! >> 4);
        o = 0;
        break;
      case 228:
        etherType = ETHERTYPE_IPV4;
        o = 0;
        break;
      case 229:
        etherType = ETHERTYPE_IPV6;
        o = 0;
        break;
      default:
        stats.unsupportedLinkType++;
        if (!stats.unsupportedLinkTypes.includes(pkt.linkType)) stats.unsupportedLinkTypes.push(pkt.linkType);
        this.onAnomaly?.({ kind: 'unsupported-link-type', ts: pkt.ts, linkType: pkt.linkType, detail: `link type ${pkt.linkType}` });
        return null;
    }
    if (etherType === ETHERTYPE_VLAN || etherType === ETHERTYPE_QINQ || etherType === ETHERTYPE_QINQ_OLD) {
      stats.vlanTagged++;
      do {
        if (n < o + 4) return this.truncated(pkt, 'VLAN tag');
        etherType = (b[o + 2]! << 8) | b[o + 3]!;
        o += 4;
      } while (etherType === ETHERTYPE_VLAN || etherType === ETHERTYPE_QINQ || etherType === ETHERTYPE_QINQ_OLD);
    }
    if (etherType === ETHERTYPE_IPV4) return this.ipv4(pkt, b, o);
    if (etherType === ETHERTYPE_IPV6) return this.ipv6(pkt, b, o);
    stats.nonIp++;
    return null;
  }

  private ipv4(pkt: RawPacket, b: Uint8Array, o: number): TcpSegment | null {
    const stats = this.stats;
    const n = b.length;
    stats.ipv4++;
    if (n - o < 20) return this.truncated(pkt, 'IPv4 header');
    const vihl = b[o]!;
    if (vihl >> 4 !== 4) return this.malformed(pkt, `IP version ${vihl >> 4} where IPv4 was announced`);
    const ihl = (vihl & 0x0f) * 4;
    if (ihl < 20) return this.malformed(pkt, `IPv4 header length ${ihl}`);
    let totalLength = (b[o + 2]! << 8) | b[o + 3]!;
    // 0 = length not filled in (TCP segmentation offload seen on the sending host): use the frame's.
    if (totalLength === 0) totalLength = Math.max(pkt.originalLength, n) - o;
    if (totalLength < ihl) return this.malformed(pkt, `IPv4 total length ${totalLength} < header length ${ihl}`);
    if (n - o < ihl) return this.truncated(pkt, 'IPv4 options');
    const fragment = ((b[o + 6]! << 8) | b[o + 7]!) & 0x3fff; // more-fragments flag + offset
    if (fragment !== 0) {
      stats.ipv4Fragments++;
      if (this.onAnomaly) {
        this.onAnomaly({
          kind: 'ipv4-fragment',
          ts: pkt.ts,
          linkType: pkt.linkType,
          detail: `IPv4 fragment ${ipv4Text(b, o + 12)} -> ${ipv4Text(b, o + 16)} id ${(b[o + 4]! << 8) | b[o + 5]!} offset ${(fragment & 0x1fff) * 8} protocol ${b[o + 9]}${fragment & 0x2000 ? ' (more fragments)' : ''}`,
        });
      }
      return null;
    }
    if (b[o + 9] !== IPPROTO_TCP) {
      stats.nonTcp++;
      return null;
    }
    const ipEnd = o + totalLength;
    return this.tcp(pkt, b, o + ihl, ipEnd, ipEnd < n ? ipEnd : n, this.ipv4Name(b, o + 12), this.ipv4Name(b, o + 16));
  }

  private ipv6(pkt: RawPacket, b: Uint8Array, o: number): TcpSegment | null {
    const stats = this.stats;
    const n = b.length;
    stats.ipv6++;
    if (n - o < 40) return this.truncated(pkt, 'IPv6 header');
    if (b[o]! >> 4 !== 6) return this.malformed(pkt, `IP version ${b[o]! >> 4} where IPv6 was announced`);
    const payloadLength = (b[o + 4]! << 8) | b[o + 5]!;
    // 0 = jumbogram (hop-by-hop jumbo option, or BIG TCP): the frame length is all we know.
    const ipEnd = payloadLength === 0 ? Math.max(pkt.originalLength, n) : o + 40 + payloadLength;
    const capEnd = ipEnd < n ? ipEnd : n;
    let next = b[o + 6]!;
    let p = o + 40;
    for (;;) {
      switch (next) {
        case IPPROTO_TCP:
          return this.tcp(pkt, b, p, ipEnd, capEnd, this.ipv6Name(b, o + 8), this.ipv6Name(b, o + 24));
        case IPPROTO_HOPOPTS:
        case IPPROTO_ROUTING:
        case IPPROTO_DSTOPTS:
        case IPPROTO_MOBILITY:
        case IPPROTO_HIP:
        case IPPROTO_SHIM6:
          if (capEnd - p < 2) return this.truncated(pkt, 'IPv6 extension header');
          next = b[p]!;
          p += (b[p + 1]! + 1) * 8;
          break;
        case IPPROTO_AH:
          if (capEnd - p < 2) return this.truncated(pkt, 'IPv6 authentication header');
          next = b[p]!;
          p += (b[p + 1]! + 2) * 4;
          break;
        case IPPROTO_FRAGMENT: {
          if (capEnd - p < 8) return this.truncated(pkt, 'IPv6 fragment header');
          const offsetAndM = (b[p + 2]! << 8) | b[p + 3]!;
          if ((offsetAndM & 0xfff9) !== 0) {
            stats.ipv6Fragments++;
            this.onAnomaly?.({
              kind: 'ipv6-fragment',
              ts: pkt.ts,
              linkType: pkt.linkType,
              detail: `IPv6 fragment ${ipv6Text(b, o + 8)} -> ${ipv6Text(b, o + 24)} offset ${offsetAndM & 0xfff8}${offsetAndM & 1 ? ' (more fragments)' : ''}`,
            });
            return null;
          }
          next = b[p]!; // an atomic fragment (offset 0, no more fragments) is a whole packet
          p += 8;
          break;
        }
        default: // ESP (encrypted), no next header, UDP, ICMPv6, ...
          stats.nonTcp++;
          return null;
      }
      if (p > ipEnd) return this.malformed(pkt, 'IPv6 extension headers run past the payload length');
    }
  }

  /** `t`: TCP header start; `ipEnd`: where the IP header says the segment ends; `capEnd`: captured end. */
  private tcp(pkt: RawPacket, b: Uint8Array, t: number, ipEnd: number, capEnd: number, srcIp: string, dstIp: string): TcpSegment | null {
    const stats = this.stats;
    const segmentLength = ipEnd - t;
    if (segmentLength < 20) return this.malformed(pkt, `TCP segment of ${segmentLength} bytes is shorter than a TCP header`);
    if (capEnd - t < 20) return this.truncated(pkt, 'TCP header');
    const headerLength = (b[t + 12]! >> 4) * 4;
    if (headerLength < 20 || headerLength > segmentLength) {
      return this.malformed(pkt, `TCP header length ${headerLength} in a ${segmentLength}-byte segment`);
    }
    const payloadStart = t + headerLength;
    const payloadEnd = capEnd > payloadStart ? capEnd : payloadStart;
    const missingPayload = ipEnd - payloadEnd;
    if (missingPayload > 0) {
      stats.truncatedSegments++;
      stats.missingPayloadBytes += missingPayload;
    }
    stats.segments++;
    return {
      ts: pkt.ts,
      srcIp,
      dstIp,
      srcPort: (b[t]! << 8) | b[t + 1]!,
      dstPort: (b[t + 2]! << 8) | b[t + 3]!,
      seq: ((b[t + 4]! << 24) | (b[t + 5]! << 16) | (b[t + 6]! << 8) | b[t + 7]!) >>> 0,
      ack: ((b[t + 8]! << 24) | (b[t + 9]! << 16) | (b[t + 10]! << 8) | b[t + 11]!) >>> 0,
      flags: b[t + 13]!,
      window: (b[t + 14]! << 8) | b[t + 15]!,
      payload: b.subarray(payloadStart, payloadEnd),
      missingPayload,
    };
  }

  private truncated(pkt: RawPacket, what: string): null {
    this.stats.truncatedHeaders++;
    this.onAnomaly?.({ kind: 'truncated-header', ts: pkt.ts, linkType: pkt.linkType, detail: `capture ends inside the ${what} (${pkt.data.length} bytes captured)` });
    return null;
  }

  private malformed(pkt: RawPacket, detail: string): null {
    this.stats.malformed++;
    this.onAnomaly?.({ kind: 'malformed', ts: pkt.ts, linkType: pkt.linkType, detail });
    return null;
  }

  private ipv4Name(b: Uint8Array, o: number): string {
    const key = ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
    let name = this.ipv4Names.get(key);
    if (name === undefined) {
      if (this.ipv4Names.size >= IPV4_CACHE_LIMIT) this.ipv4Names.clear();
      name = ipv4Text(b, o);
      this.ipv4Names.set(key, name);
    }
    return name;
  }

  private ipv6Name(b: Uint8Array, o: number): string {
    const keys = this.ipv6Keys;
    const names = this.ipv6Names;
    for (let slot = 0; slot < names.length; slot++) {
      const k = slot * 16;
      let i = 0;
      while (i < 16 && keys[k + i] === b[o + i]) i++;
      if (i === 16) return names[slot]!;
    }
    const slot = this.ipv6Next;
    this.ipv6Next = (slot + 1) % IPV6_CACHE_SLOTS;
    keys.set(b.subarray(o, o + 16), slot * 16);
    const name = ipv6Text(b, o);
    names[slot] = name;
    return name;
  }
}

/** AF_INET / AF_INET6 of the BSD loopback header (any byte order, any BSD's AF_INET6 value). */
function loopbackFamilyToEtherType(b: Uint8Array): number {
  let family = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  if (family > 0xffff) family = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  if (family === 2) return ETHERTYPE_IPV4;
  if (family === 10 || family === 24 || family === 28 || family === 30) return ETHERTYPE_IPV6;
  return 0;
}

function ipVersionToEtherType(version: number): number {
  return version === 4 ? ETHERTYPE_IPV4 : version === 6 ? ETHERTYPE_IPV6 : 0;
}

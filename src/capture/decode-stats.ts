// Counters of the link/IP/TCP decoder: every packet lands in exactly one of the outcome counters
// (segments, nonIp, nonTcp, ipv4Fragments, ipv6Fragments, truncatedHeaders, malformed, unsupportedLinkType).

export interface DecodeStats {
  /** Packets handed to decode(). */
  packets: number;
  /** TCP segments returned. */
  segments: number;
  ipv4: number;
  ipv6: number;
  /** Frames that carried at least one 802.1Q / 802.1ad VLAN tag. */
  vlanTagged: number;
  /** Link layer carried no IP (ARP, LLDP, ...). */
  nonIp: number;
  /** IP, but not TCP (UDP, ICMP, ESP, no next header, ...). */
  nonTcp: number;
  /** IPv4 fragments (any protocol): not reassembled; TCP data in them is lost to the reassembler. */
  ipv4Fragments: number;
  /** IPv6 packets with a fragment header that is a real fragment (offset or more-fragments set). */
  ipv6Fragments: number;
  /** The capture ended before the IP or TCP header was complete (snaplen): the packet is dropped. */
  truncatedHeaders: number;
  /** Segments whose payload was cut (missingPayload > 0), and the bytes missing in them. */
  truncatedSegments: number;
  missingPayloadBytes: number;
  /** Headers that contradict themselves (bad version, lengths shorter than the header, ...). */
  malformed: number;
  /** Packets of link types the decoder does not know, and which types those were. */
  unsupportedLinkType: number;
  unsupportedLinkTypes: number[];
}

export function newDecodeStats(): DecodeStats {
  return {
    packets: 0,
    segments: 0,
    ipv4: 0,
    ipv6: 0,
    vlanTagged: 0,
    nonIp: 0,
    nonTcp: 0,
    ipv4Fragments: 0,
    ipv6Fragments: 0,
    truncatedHeaders: 0,
    truncatedSegments: 0,
    missingPayloadBytes: 0,
    malformed: 0,
    unsupportedLinkType: 0,
    unsupportedLinkTypes: [],
  };
}

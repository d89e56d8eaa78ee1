// The contract between packet sources (live or file), the link/IP/TCP decoder and the reassembler.

/** One captured frame as a packet source hands it over. */
export interface RawPacket {
  /** Capture time in microseconds since the Unix epoch (float; nanosecond files keep the fraction). */
  ts: number;
  /** pcap LINKTYPE_* of the interface the frame came from. */
  linkType: number;
  /** The captured bytes (may be shorter than the frame on the wire: see originalLength). */
  data: Uint8Array;
  /** Length of the frame on the wire; greater than data.length when the snaplen cut it. */
  originalLength: number;
  /** pcapng interface index (0 for pcap and live capture). */
  interfaceId: number;
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;

/** One TCP segment, decoded from a RawPacket. */
export interface TcpSegment {
  ts: number;
  /** Dotted IPv4 or RFC 5952 IPv6 text. */
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  /** Unsigned 32-bit sequence and acknowledgement numbers. */
  seq: number;
  ack: number;
  /** TCP_* bits. */
  flags: number;
  /** Window as sent (unscaled). */
  window: number;
  /** The payload bytes that were captured. */
  payload: Uint8Array;
  /**
   * Payload bytes the IP header says the segment carried but the capture does not hold (snaplen, or
   * cap cutting GSO frames on loopback). The reassembler reports them as a gap after `payload`.
   */
  missingPayload: number;
}

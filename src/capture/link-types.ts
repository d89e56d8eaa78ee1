// pcap LINKTYPE_* values the decoder understands (https://www.tcpdump.org/linktypes.html).

export const LINKTYPE_NULL = 0; // BSD loopback: 4-byte address family in the capturing host's byte order
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW_DLT12 = 12; // DLT_RAW on most systems, written as-is by some old tools
export const LINKTYPE_RAW_DLT14 = 14; // DLT_RAW on OpenBSD
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LOOP = 108; // OpenBSD loopback: 4-byte address family in network byte order
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IEEE802_11_RADIOTAP = 127;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

const names: Record<number, string> = {
  [LINKTYPE_NULL]: 'NULL',
  [LINKTYPE_ETHERNET]: 'ETHERNET',
  [LINKTYPE_RAW_DLT12]: 'RAW',
  [LINKTYPE_RAW_DLT14]: 'RAW',
  [LINKTYPE_RAW]: 'RAW',
  [LINKTYPE_LOOP]: 'LOOP',
  [LINKTYPE_LINUX_SLL]: 'LINUX_SLL',
  [LINKTYPE_IEEE802_11_RADIOTAP]: 'IEEE802_11_RADIOTAP',
  [LINKTYPE_IPV4]: 'IPV4',
  [LINKTYPE_IPV6]: 'IPV6',
  [LINKTYPE_LINUX_SLL2]: 'LINUX_SLL2',
};

/** A readable name for a link type, e.g. "ETHERNET" or "LINKTYPE 147". */
export function linkTypeName(linkType: number): string {
  return names[linkType] ?? `LINKTYPE ${linkType}`;
}

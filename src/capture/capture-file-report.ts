// What reading a capture file found, besides the packets themselves.

/** One interface of the file: pcap has one, pcapng one per Interface Description Block. */
export interface CaptureInterface {
  /** pcapng section number (0-based; always 0 for pcap). Interface ids restart in every section. */
  section: number;
  /** Interface id within its section (RawPacket.interfaceId). */
  id: number;
  linkType: number;
  snaplen: number;
  /** Timestamp units per second (1e6 for microsecond pcap, 1e9 for nanosecond, pcapng if_tsresol). */
  tsUnitsPerSecond: number;
  /** pcapng if_name, when present. */
  name?: string;
}

/** A problem at a byte offset of the file. */
export interface CaptureIssue {
  offset: number;
  message: string;
}

export interface CaptureFileReport {
  path: string;
  format: 'pcap' | 'pcapng';
  /** pcap: 'big' or 'little' from the magic; pcapng: the first section's byte order. */
  byteOrder: 'big' | 'little';
  /** File size in bytes when reading started. */
  fileBytes: number;
  /** Bytes of the file consumed as whole records (headers included). */
  bytes: number;
  packets: number;
  /** Sum of captured packet lengths. */
  capturedBytes: number;
  /** Distinct link types of all interfaces, in order of appearance. */
  linkTypes: number[];
  interfaces: CaptureInterface[];
  /** pcapng sections read (1 for pcap). */
  sections: number;
  /** pcapng blocks skipped because their type is unknown or not about packets (statistics, names, ...). */
  skippedBlocks: number;
  /** The file ends inside a record: where that record starts and how much of it is there. */
  truncated: { offset: number; available: number; needed: number } | null;
  /**
   * Damaged records. A damaged record header stops reading (the framing is lost): that is the last
   * issue and `stoppedAt` is its offset. A damaged record inside intact pcapng framing is skipped.
   */
  errors: CaptureIssue[];
  /** Issues beyond the first 100 are only counted here. */
  moreErrors: number;
  stoppedAt: number | null;
  /** The AbortSignal fired before the end of the file. */
  aborted: boolean;
}

export const MAX_LISTED_ISSUES = 100;

export function addIssue(report: CaptureFileReport, offset: number, message: string): void {
  if (report.errors.length < MAX_LISTED_ISSUES) report.errors.push({ offset, message });
  else report.moreErrors++;
}

export function addInterface(report: CaptureFileReport, iface: CaptureInterface): void {
  report.interfaces.push(iface);
  if (!report.linkTypes.includes(iface.linkType)) report.linkTypes.push(iface.linkType);
}

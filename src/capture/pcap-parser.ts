// Classic pcap (libpcap) records: a 24-byte file header, then 16-byte record headers + captured bytes.
// https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html
import { addInterface, addIssue, type CaptureFileReport } from './capture-file-report.js';
import type { PacketSink, RecordParser } from './record-parser.js';

export const PCAP_MAGIC_MICRO = 0xa1b2c3d4;
export const PCAP_MAGIC_NANO = 0xa1b23c4d;
export const PCAP_MAGIC_MODIFIED = 0xa1b2cd34; // Kuznetsov's patched libpcap: not supported
const FILE_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;

export class PcapParser implements RecordParser {
  need = 0;
  stopped = false;
  abort = false;
  private headerDone = false;
  private littleEndian = true;
  private nano = false;
  private linkType = 0;

  constructor(
    private readonly report: CaptureFileReport,
    private readonly sink: PacketSink,
    private readonly maxRecordBytes: number,
  ) {}

  parse(buf: Uint8Array, view: DataView, pos: number, end: number, fileOffset: number): number {
    this.need = 0;
    if (!this.headerDone) {
      if (end - pos < FILE_HEADER_BYTES) {
        this.need = FILE_HEADER_BYTES;
        return pos;
      }
      this.readFileHeader(view, pos);
      pos += FILE_HEADER_BYTES;
      this.report.bytes += FILE_HEADER_BYTES;
    }
    const le = this.littleEndian;
    const nano = this.nano;
    const linkType = this.linkType;
    const max = this.maxRecordBytes;
    const report = this.report;
    const sink = this.sink;
    while (!this.abort) {
      if (end - pos < RECORD_HEADER_BYTES) {
        this.need = RECORD_HEADER_BYTES;
        break;
      }
      const caplen = view.getUint32(pos + 8, le);
      if (caplen > max) {
        addIssue(report, fileOffset + pos, `pcap record claims ${caplen} captured bytes (limit ${max}): damaged record header, reading stops`);
        report.stoppedAt = fileOffset + pos;
        this.stopped = true;
        break;
      }
      const recordEnd = pos + RECORD_HEADER_BYTES + caplen;
      if (recordEnd > end) {
        this.need = RECORD_HEADER_BYTES + caplen;
        break;
      }
      const sec = view.getUint32(pos, le);
      const frac = view.getUint32(pos + 4, le);
      const originalLength = view.getUint32(pos + 12, le);
      const start = pos + RECORD_HEADER_BYTES;
      report.packets++;
      report.capturedBytes += caplen;
      report.bytes += RECORD_HEADER_BYTES + caplen;
      pos = recordEnd;
      sink({
        ts: nano ? sec * 1e6 + frac / 1000 : sec * 1e6 + frac,
        linkType,
        data: buf.subarray(start, recordEnd),
        originalLength,
        interfaceId: 0,
      });
    }
    return pos;
  }

  private readFileHeader(view: DataView, pos: number): void {
    const magicLe = view.getUint32(pos, true);
    const magicBe = view.getUint32(pos, false);
    this.littleEndian = magicLe === PCAP_MAGIC_MICRO || magicLe === PCAP_MAGIC_NANO;
    const magic = this.littleEndian ? magicLe : magicBe;
    this.nano = magic === PCAP_MAGIC_NANO;
    const snaplen = view.getUint32(pos + 16, this.littleEndian);
    // The upper bits of the link-type field carry FCS information; the link type is the low 16 bits.
    this.linkType = view.getUint32(pos + 20, this.littleEndian) & 0xffff;
    this.headerDone = true;
    this.report.byteOrder = this.littleEndian ? 'little' : 'big';
    this.report.sections = 1;
    addInterface(this.report, {
      section: 0,
      id: 0,
      linkType: this.linkType,
      snaplen,
      tsUnitsPerSecond: this.nano ? 1e9 : 1e6,
    });
  }
}

/** True if the first four bytes are a pcap magic this parser reads (either byte order). */
export function isPcapMagic(view: DataView, pos: number): boolean {
  const le = view.getUint32(pos, true);
  const be = view.getUint32(pos, false);
  return le === PCAP_MAGIC_MICRO || le === PCAP_MAGIC_NANO || be === PCAP_MAGIC_MICRO || be === PCAP_MAGIC_NANO;
}

export function isModifiedPcapMagic(view: DataView, pos: number): boolean {
  return view.getUint32(pos, true) === PCAP_MAGIC_MODIFIED || view.getUint32(pos, false) === PCAP_MAGIC_MODIFIED;
}

// pcapng blocks: sections (SHB, either byte order), interfaces (IDB with link type, snaplen, if_tsresol,
// if_tsoffset), enhanced / simple / obsolete packet blocks; every other block type is skipped.
// https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-01.html
import { addInterface, addIssue, type CaptureFileReport } from './capture-file-report.js';
import type { PacketSink, RecordParser } from './record-parser.js';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IDB = 1;
const OPB = 2; // obsolete Packet Block
const SPB = 3;
const EPB = 6;
const OPT_ENDOFOPT = 0;
const OPT_IF_NAME = 2;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;

/** Per-interface decoding state of the current section. */
interface SectionInterface {
  linkType: number;
  snaplen: number;
  /** Timestamp units per microsecond (>= 1) or 0 when microsPerUnit applies. */
  unitsPerMicro: number;
  microsPerUnit: number;
  offsetMicros: number;
}

export class PcapngParser implements RecordParser {
  need = 0;
  stopped = false;
  abort = false;
  private littleEndian = true;
  private section = -1;
  private ifaces: SectionInterface[] = [];

  constructor(
    private readonly report: CaptureFileReport,
    private readonly sink: PacketSink,
    private readonly maxRecordBytes: number,
    private readonly textDecoder = new TextDecoder(),
  ) {}

  parse(buf: Uint8Array, view: DataView, pos: number, end: number, fileOffset: number): number {
    this.need = 0;
    const report = this.report;
    while (!this.abort) {
      if (end - pos < 12) {
        this.need = 12;
        break;
      }
      const blockStart = pos;
      let le = this.littleEndian;
      let type = view.getUint32(pos, le);
      if (type === PCAPNG_SHB) {
        // A new section may switch byte order: its byte-order magic decides how to read its length.
        const bomLe = view.getUint32(pos + 8, true);
        if (bomLe === BYTE_ORDER_MAGIC) le = true;
        else if (view.getUint32(pos + 8, false) === BYTE_ORDER_MAGIC) le = false;
        else {
          this.stop(fileOffset + pos, `pcapng section header without a valid byte-order magic (0x${bomLe.toString(16)})`);
          break;
        }
      } else if (this.section < 0) {
        this.stop(fileOffset + pos, 'pcapng file does not start with a section header block');
        break;
      }
      const length = view.getUint32(pos + 4, le);
      if (length < 12 || length % 4 !== 0 || length > this.maxRecordBytes) {
        this.stop(fileOffset + pos, `pcapng block of type 0x${type.toString(16)} has an invalid length ${length}: damaged block header, reading stops`);
        break;
      }
      if (end - pos < length) {
        this.need = length;
        break;
      }
      if (view.getUint32(pos + length - 4, le) !== length) {
        this.stop(fileOffset + pos, `pcapng block of type 0x${type.toString(16)}, length ${length}: trailing length ${view.getUint32(pos + length - 4, le)} differs: damaged block, reading stops`);
        break;
      }
      pos += length;
      report.bytes += length;
      if (type === EPB) this.enhancedPacket(buf, view, blockStart, length, fileOffset);
      else if (type === SPB) this.simplePacket(buf, view, blockStart, length, fileOffset);
      else if (type === PCAPNG_SHB) {
        this.littleEndian = le;
        this.section++;
        this.ifaces = [];
        report.sections++;
        if (this.section === 0) report.byteOrder = le ? 'little' : 'big';
      } else if (type === IDB) this.interfaceDescription(buf, view, blockStart, length, fileOffset);
      else if (type === OPB) this.obsoletePacket(buf, view, blockStart, length, fileOffset);
      else report.skippedBlocks++;
      type = 0;
    }
    return pos;
  }

  private stop(offset: number, message: string): void {
    addIssue(this.report, offset, message);
    this.report.stoppedAt = offset;
    this.stopped = true;
  }

  private enhancedPacket(buf: Uint8Array, view: DataView, pos: number, length: number, fileOffset: number): void {
    const le = this.littleEndian;
    const ifaceId = view.getUint32(pos + 8, le);
    const caplen = view.getUint32(pos + 20, le);
    if (length < 32 || caplen > length - 32) {
      addIssue(this.report, fileOffset + pos, `pcapng enhanced packet block claims ${caplen} captured bytes in a ${length}-byte block: skipped`);
      return;
    }
    this.emit(buf, view, pos, ifaceId, view.getUint32(pos + 12, le), view.getUint32(pos + 16, le), pos + 28, caplen, view.getUint32(pos + 24, le), fileOffset);
  }

  private obsoletePacket(buf: Uint8Array, view: DataView, pos: number, length: number, fileOffset: number): void {
    const le = this.littleEndian;
    const ifaceId = view.getUint16(pos + 8, le);
    const caplen = view.getUint32(pos + 20, le);
    if (length < 32 || caplen > length - 32) {
      addIssue(this.report, fileOffset + pos, `pcapng packet block claims ${caplen} captured bytes in a ${length}-byte block: skipped`);
      return;
    }
    this.emit(buf, view, pos, ifaceId, view.getUint32(pos + 12, le), view.getUint32(pos + 16, le), pos + 28, caplen, view.getUint32(pos + 24, le), fileOffset);
  }

  private simplePacket(buf: Uint8Array, view: DataView, pos: number, length: number, fileOffset: number): void {
    // No timestamp, interface 0; captured length = min(original length, snaplen, room in the block).
    const originalLength = view.getUint32(pos + 8, this.littleEndian);
    const iface = this.ifaces[0];
    if (!iface) {
      addIssue(this.report, fileOffset + pos, 'pcapng simple packet block before any interface description: skipped');
      return;
    }
    let caplen = Math.min(originalLength, length - 16);
    if (iface.snaplen > 0 && caplen > iface.snaplen) caplen = iface.snaplen;
    this.report.packets++;
    this.report.capturedBytes += caplen;
    this.sink({ ts: 0, linkType: iface.linkType, data: buf.subarray(pos + 12, pos + 12 + caplen), originalLength, interfaceId: 0 });
  }

  private emit(
    buf: Uint8Array, _view: DataView, pos: number, ifaceId: number, tsHigh: number, tsLow: number,
    dataStart: number, caplen: number, originalLength: number, fileOffset: number,
  ): void {
    const iface = this.ifaces[ifaceId];
    if (!iface) {
      addIssue(this.report, fileOffset + pos, `pcapng packet for interface ${ifaceId}, but the section describes ${this.ifaces.length}: skipped`);
      return;
    }
    const units = tsHigh * 4294967296 + tsLow;
    const ts = (iface.unitsPerMicro > 0 ? units / iface.unitsPerMicro : units * iface.microsPerUnit) + iface.offsetMicros;
    this.report.packets++;
    this.report.capturedBytes += caplen;
    this.sink({ ts, linkType: iface.linkType, data: buf.subarray(dataStart, dataStart + caplen), originalLength, interfaceId: ifaceId });
  }

  private interfaceDescription(buf: Uint8Array, view: DataView, pos: number, length: number, fileOffset: number): void {
    const le = this.littleEndian;
    if (length < 20) {
      addIssue(this.report, fileOffset + pos, `pcapng interface description block of ${length} bytes is too short`);
      return;
    }
    const linkType = view.getUint16(pos + 8, le);
    const snaplen = view.getUint32(pos + 12, le);
    let unitsPerSecond = 1e6;
    let offsetSeconds = 0;
    let name: string | undefined;
    // Options run from byte 16 to the trailing length.
    let o = pos + 16;
    const optionsEnd = pos + length - 4;
    while (o + 4 <= optionsEnd) {
      const code = view.getUint16(o, le);
      const len = view.getUint16(o + 2, le);
      const value = o + 4;
      if (code === OPT_ENDOFOPT || value + len > optionsEnd) break;
      if (code === OPT_IF_TSRESOL && len >= 1) {
        const r = buf[value]!;
        unitsPerSecond = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
      } else if (code === OPT_IF_TSOFFSET && len >= 8) {
        offsetSeconds = Number(view.getBigInt64(value, le));
      } else if (code === OPT_IF_NAME) {
        name = this.textDecoder.decode(buf.subarray(value, value + len)).replace(/\0+$/, '');
      }
      o = value + ((len + 3) & ~3);
    }
    const exactDivisor = unitsPerSecond >= 1e6 && Number.isInteger(unitsPerSecond / 1e6);
    this.ifaces.push({
      linkType,
      snaplen,
      unitsPerMicro: exactDivisor ? unitsPerSecond / 1e6 : 0,
      microsPerUnit: exactDivisor ? 0 : 1e6 / unitsPerSecond,
      offsetMicros: offsetSeconds * 1e6,
    });
    const iface = { section: this.section, id: this.ifaces.length - 1, linkType, snaplen, tsUnitsPerSecond: unitsPerSecond };
    addInterface(this.report, name === undefined ? iface : { ...iface, name });
  }
}

// Reads a pcap or pcapng file as a stream: large chunks into one reused buffer, the partial record at
// the end of a chunk carried over to the front of the buffer for the next read. Never loads the file whole.
import { open, type FileHandle } from 'node:fs/promises';
import type { CaptureFileReport } from './capture-file-report.js';
import { CaptureFileError } from './errors.js';
import { isModifiedPcapMagic, isPcapMagic, PcapParser } from './pcap-parser.js';
import { PCAPNG_SHB, PcapngParser } from './pcapng-parser.js';
import type { RecordParser } from './record-parser.js';
import type { RawPacket } from './types.js';

export interface ReadCaptureFileOptions {
  /** Stops reading after the current packet; the promise then resolves with `aborted: true`. */
  signal?: AbortSignal;
  /** Bytes read per chunk (default 4 MiB). */
  chunkBytes?: number;
  /** Largest record (pcap caplen / pcapng block) accepted before the header is called damaged (default 16 MiB). */
  maxRecordBytes?: number;
  /** Awaited before each chunk is read: lets a consumer that has fallen behind (workers, pacing) hold the reader. */
  beforeRead?: () => Promise<void> | void;
}

const DEFAULT_CHUNK_BYTES = 4 << 20;
const DEFAULT_MAX_RECORD_BYTES = 16 << 20;

/**
 * Calls `onPacket` synchronously for every packet of the capture file at `path`, in file order.
 *
 * Data lifetime: `pkt.data` is a view into a read buffer that is reused for the next chunk of the
 * file. It is valid ONLY during the `onPacket` call; copy it (e.g. `data.slice()`) to keep it.
 *
 * Throws CaptureFileError if the file cannot be opened or is not pcap/pcapng. A file cut inside a
 * record, or with a damaged record, resolves normally: see `truncated`, `errors` and `stoppedAt`.
 */
export async function readCaptureFile(
  path: string,
  onPacket: (pkt: RawPacket) => void,
  opts: ReadCaptureFileOptions = {},
): Promise<CaptureFileReport> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw new CaptureFileError(`cannot open capture file ${path}: ${(err as Error).message}`, 'open', path);
  }
  try {
    return await readOpenFile(fh, path, onPacket, opts);
  } finally {
    await fh.close();
  }
}

async function readOpenFile(
  fh: FileHandle,
  path: string,
  onPacket: (pkt: RawPacket) => void,
  opts: ReadCaptureFileOptions,
): Promise<CaptureFileReport> {
  const stat = await fh.stat();
  if (stat.isDirectory()) throw new CaptureFileError(`${path} is a directory, not a capture file`, 'open', path);
  const report = emptyReport(path, stat.size);
  const maxRecordBytes = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  let buf = new Uint8Array(Math.max(opts.chunkBytes ?? DEFAULT_CHUNK_BYTES, 64));
  let view = new DataView(buf.buffer);
  let start = 0;
  let end = 0;
  let fileOffset = 0; // file offset of buf[0]
  let eof = false;
  let parser: RecordParser | null = null;
  const onAbort = () => {
    report.aborted = true;
    if (parser) parser.abort = true;
  };
  if (opts.signal?.aborted) report.aborted = true;
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    while (!report.aborted) {
      // Move the unparsed tail to the front, grow the buffer if one record is bigger than it, refill.
      if (start > 0) {
        buf.copyWithin(0, start, end);
        fileOffset += start;
        end -= start;
        start = 0;
      }
      const need = parser?.need ?? 0;
      if (need > buf.length) {
        const bigger = new Uint8Array(Math.max(need, buf.length * 2));
        bigger.set(buf.subarray(0, end));
        buf = bigger;
        view = new DataView(buf.buffer);
      }
      if (opts.beforeRead) await opts.beforeRead();
      const { bytesRead } = await readSome(fh, buf, end, path, fileOffset + end);
      if (bytesRead === 0) eof = true;
      end += bytesRead;
      if (!parser) {
        if (end < 4 && !eof) continue;
        parser = chooseParser(view, end, path, report, onPacket, maxRecordBytes);
        if (report.aborted) parser.abort = true;
      }
      start = parser.parse(buf, view, start, end, fileOffset);
      if (parser.stopped || report.aborted) break;
      if (eof) {
        if (start < end) report.truncated = { offset: fileOffset + start, available: end - start, needed: parser.need };
        break;
      }
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  return report;
}

async function readSome(fh: FileHandle, buf: Uint8Array, at: number, path: string, fileOffset: number) {
  try {
    return await fh.read(buf, at, buf.length - at, null);
  } catch (err) {
    throw new CaptureFileError(`reading ${path} failed at byte ${fileOffset}: ${(err as Error).message}`, 'read', path, fileOffset);
  }
}

function chooseParser(
  view: DataView,
  end: number,
  path: string,
  report: CaptureFileReport,
  onPacket: (pkt: RawPacket) => void,
  maxRecordBytes: number,
): RecordParser {
  if (end < 4) {
    throw new CaptureFileError(`${path} is not a capture file: only ${end} bytes long`, 'not-a-capture', path, 0);
  }
  if (isPcapMagic(view, 0)) {
    report.format = 'pcap';
    return new PcapParser(report, onPacket, maxRecordBytes);
  }
  if (view.getUint32(0, true) === PCAPNG_SHB) {
    report.format = 'pcapng';
    return new PcapngParser(report, onPacket, maxRecordBytes);
  }
  const magic = view.getUint32(0, false).toString(16).padStart(8, '0');
  if (isModifiedPcapMagic(view, 0)) {
    throw new CaptureFileError(`${path}: modified (Kuznetsov) pcap format is not supported; convert it with 'editcap -F pcap'`, 'not-a-capture', path, 0);
  }
  throw new CaptureFileError(
    `${path} is not a pcap or pcapng capture file (first bytes 0x${magic} at offset 0 are no known magic number)`,
    'not-a-capture',
    path,
    0,
  );
}

function emptyReport(path: string, fileBytes: number): CaptureFileReport {
  return {
    path,
    format: 'pcap',
    byteOrder: 'little',
    fileBytes,
    bytes: 0,
    packets: 0,
    capturedBytes: 0,
    linkTypes: [],
    interfaces: [],
    sections: 0,
    skippedBlocks: 0,
    truncated: null,
    errors: [],
    moreErrors: 0,
    stoppedAt: null,
    aborted: false,
  };
}

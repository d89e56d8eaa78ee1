// The contract between the chunked file loop (capture-file.ts) and a format's record parser.
import type { RawPacket } from './types.js';

export type PacketSink = (pkt: RawPacket) => void;

export interface RecordParser {
  /**
   * Parses the whole records in buf[pos, end) and hands their packets to the sink; returns the position
   * after the last whole record consumed. `fileOffset` is the file offset of buf[0]. After the call,
   * `need` is the byte count (from the returned position) of the record that did not fit, or 0.
   */
  parse(buf: Uint8Array, view: DataView, pos: number, end: number, fileOffset: number): number;
  need: number;
  /** Set when the framing is lost: reading stops here. */
  stopped: boolean;
  /** Set from outside (AbortSignal): parse returns after the current record. */
  abort: boolean;
}

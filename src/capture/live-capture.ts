// Live capture through cap 0.2.1 (libpcap). What cap does not give is made up for here:
// - no timestamps: packets are stamped on arrival (wall clock anchored, monotonic high-resolution);
// - no pcap_stats: kernel drops cannot be seen (stats.dropsKnown is false);
// - one shared buffer overwritten by the next packet: RawPacket.data is valid only during onPacket;
// - snaplen fixed at 65535 and frames above that (GSO on loopback) cut while reported as whole: the
//   PacketDecoder finds those by comparing the IP length with the captured length (missingPayload).
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { buildFilter } from './bpf-filter.js';
import { firstLine, loadCap, permissionHint, type CapInstance } from './cap-binding.js';
import { LiveCaptureError } from './errors.js';
import type { RawPacket } from './types.js';

export interface LiveCaptureOptions {
  /** Interface name (`lo`, `eth0`, `any`) or one of its IP addresses. */
  iface: string;
  /** Raw pcap-filter(7) expression; combined with host/port by "and". */
  filter?: string;
  host?: string;
  port?: number;
  /** Kernel capture buffer in bytes (pcap_set_buffer_size; default 16 MiB). */
  bufferSize?: number;
  /** Bytes kept per packet (default and maximum 65535, cap's fixed snaplen); longer frames are cut. */
  snaplen?: number;
}

export interface LiveCaptureStats {
  packets: number;
  bytes: number;
  /** Packets cut because they did not fit the snaplen buffer (cap's own truncation flag). */
  cutBySnaplen: number;
  /** Always false: cap 0.2.1 does not expose pcap_stats, so kernel drops are unknown. */
  dropsKnown: false;
}

const CAP_SNAPLEN = 65535;
const DEFAULT_BUFFER_SIZE = 16 << 20;

const linkTypeByCapName: Record<string, number> = {
  NULL: 0,
  ETHERNET: 1,
  IEEE802_11_RADIO: 127,
  LINKTYPE_LINUX_SLL: 113,
  RAW: 101,
};

/**
 * Cap objects that failed to open or were closed, kept alive on purpose, because cap 0.2.1's
 * destructor corrupts the process when garbage collection runs it:
 * - when activation failed (no rights, no device) it calls uv_poll_stop on a poll handle that was
 *   never initialised, and libuv aborts;
 * - after close() it frees the object while libuv still lists its poll handle in the loop (close()
 *   stops the handle but never uv_close()s it, which libuv requires before the memory goes): the
 *   bench process, going on for minutes after its capture suite closed three captures, died with
 *   "free(): invalid next size" (a short open/close/gc loop did not reproduce it).
 * Never collected, the destructor never runs. Each is a few hundred bytes plus the snaplen buffer
 * it was opened with (65 KiB); a process opens one capture, or a few when an interface comes back.
 */
const keptCaps: unknown[] = [];

export class LiveCapture {
  readonly stats: LiveCaptureStats = { packets: 0, bytes: 0, cutBySnaplen: 0, dropsKnown: false };
  private closed = false;

  private constructor(
    private readonly cap: CapInstance,
    /** The device name actually opened (resolved from an IP address if one was given). */
    readonly device: string,
    readonly linkType: number,
    readonly filter: string,
  ) {}

  /**
   * Starts capturing; `onPacket` is called synchronously for every packet. Data lifetime: `pkt.data` is
   * a view of cap's single shared buffer, valid ONLY during the call: decode or copy it right there.
   * Throws LiveCaptureError (code no-libpcap / permission / no-device / bad-filter / open-failed).
   */
  static open(opts: LiveCaptureOptions, onPacket: (pkt: RawPacket) => void): LiveCapture {
    const capModule = loadCap();
    const device = resolveDevice(opts.iface, capModule.Cap);
    let filter: string;
    try {
      filter = buildFilter(opts);
    } catch (err) {
      throw new LiveCaptureError(`bad capture filter options: ${(err as Error).message}`, 'bad-filter', err);
    }
    const snaplen = Math.min(opts.snaplen ?? CAP_SNAPLEN, CAP_SNAPLEN);
    if (!(snaplen >= 64)) throw new LiveCaptureError(`snaplen ${opts.snaplen} is too small (minimum 64)`, 'open-failed');
    const bufferSize = opts.bufferSize ?? DEFAULT_BUFFER_SIZE;
    if (!Number.isInteger(bufferSize) || bufferSize < 65536) {
      throw new LiveCaptureError(`buffer size ${bufferSize} is too small (minimum 65536 bytes)`, 'open-failed');
    }
    const buffer = Buffer.alloc(snaplen);
    const cap = new capModule.Cap();
    let capLinkType: string;
    try {
      capLinkType = cap.open(device, filter, bufferSize, buffer);
    } catch (err) {
      keptCaps.push(cap);
      throw openError(err, device, filter);
    }
    const linkType = linkTypeByCapName[capLinkType] ?? Number(/Unknown linktype (\d+)/.exec(capLinkType)?.[1] ?? -1);
    const live = new LiveCapture(cap, device, linkType, filter);
    const view = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
    const clockOrigin = performance.timeOrigin * 1000;
    const stats = live.stats;
    cap.on('packet', (nbytes, truncated) => {
      stats.packets++;
      stats.bytes += nbytes;
      if (truncated) stats.cutBySnaplen++;
      onPacket({
        ts: clockOrigin + performance.now() * 1000,
        linkType,
        data: view.subarray(0, nbytes),
        // cap does not say how long the frame was; the decoder trusts the IP length instead.
        originalLength: nbytes,
        interfaceId: 0,
      });
    });
    return live;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cap.close();
    this.cap.removeAllListeners('packet');
    keptCaps.push(this.cap);
  }
}

function resolveDevice(iface: string, Cap: { findDevice(ip?: string): string | undefined; deviceList(): Array<{ name: string }> }): string {
  const names = Cap.deviceList().map((d) => d.name);
  if (isIP(iface)) {
    const device = Cap.findDevice(iface);
    if (device) return device;
    throw new LiveCaptureError(`no capture interface has the address ${iface} (see 'racewire interfaces'; available: ${names.join(', ') || 'none'})`, 'no-device');
  }
  if (names.includes(iface)) return iface;
  if (names.length === 0) {
    throw new LiveCaptureError(`libpcap lists no interfaces at all; ${permissionHint()}`, 'permission');
  }
  throw new LiveCaptureError(`no capture interface named ${iface} (see 'racewire interfaces'; available: ${names.join(', ')})`, 'no-device');
}

function openError(err: unknown, device: string, filter: string): LiveCaptureError {
  const message = firstLine(err);
  if (/permission|not permitted|EPERM|access denied/i.test(message)) {
    return new LiveCaptureError(`no permission to capture on ${device} (${message}). ${permissionHint()}`, 'permission', err);
  }
  if (/syntax|filter|parse error|illegal|unknown host|expression/i.test(message)) {
    return new LiveCaptureError(`bad capture filter "${filter}": ${message}`, 'bad-filter', err);
  }
  if (/no such device|doesn't exist|not exist/i.test(message)) {
    return new LiveCaptureError(`cannot capture on ${device}: ${message} (see 'racewire interfaces')`, 'no-device', err);
  }
  return new LiveCaptureError(`cannot start capturing on ${device}: ${message}`, 'open-failed', err);
}

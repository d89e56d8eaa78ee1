// Wraps whole TCP byte streams (JDK-written Winlaufen-like streams) into a pcap as a real sender's
// segments: handshake, 1460-byte segments, the receiver ACKing every second one, FIN; several
// connections interleaved segment by segment. Classic little-endian µs pcap, Ethernet + IPv4.
import { closeSync, openSync, writeSync } from 'node:fs';

const MSS = 1460;
const SYN = 0x02;
const ACK = 0x10;
const PSH = 0x08;
const FIN = 0x01;

class PcapFile {
  readonly #fd: number;
  readonly #buf = Buffer.alloc(8 << 20);
  #used = 0;
  packets = 0;

  constructor(path: string) {
    this.#fd = openSync(path, 'w');
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeUInt32LE(262144, 16);
    h.writeUInt32LE(1, 20);
    this.#put(h);
  }

  frame(tsUs: number, src: number, dst: number, sport: number, dport: number, seq: number, ack: number, flags: number, payload: Uint8Array): void {
    const len = 14 + 20 + 20 + payload.length;
    if (this.#used + 16 + len > this.#buf.length) this.#flush();
    const b = this.#buf;
    let o = this.#used;
    b.writeUInt32LE(Math.floor(tsUs / 1e6), o);
    b.writeUInt32LE(tsUs % 1e6, o + 4);
    b.writeUInt32LE(len, o + 8);
    b.writeUInt32LE(len, o + 12);
    o += 16;
    b.fill(0, o, o + 54);
    b.writeUInt16BE(0x0800, o + 12); // Ethernet: IPv4
    o += 14;
    b[o] = 0x45;
    b.writeUInt16BE(20 + 20 + payload.length, o + 2);
    b[o + 8] = 64;
    b[o + 9] = 6;
    b.writeUInt32BE(src, o + 12);
    b.writeUInt32BE(dst, o + 16);
    o += 20;
    b.writeUInt16BE(sport, o);
    b.writeUInt16BE(dport, o + 2);
    b.writeUInt32BE(seq >>> 0, o + 4);
    b.writeUInt32BE(ack >>> 0, o + 8);
    b[o + 12] = 5 << 4;
    b[o + 13] = flags;
    b.writeUInt16BE(65535, o + 14);
    o += 20;
    b.set(payload, o);
    this.#used = o + payload.length;
    this.packets++;
  }

  close(): void {
    this.#flush();
    closeSync(this.#fd);
  }

  #put(bytes: Buffer): void {
    bytes.copy(this.#buf, this.#used);
    this.#used += bytes.length;
  }

  #flush(): void {
    writeSync(this.#fd, this.#buf, 0, this.#used);
    this.#used = 0;
  }
}

export interface SynthResult {
  packets: number;
  bytes: number;
}

/** Writes `streams` as interleaved connections 10.9.0.1:(40000+i) -> 10.9.0.2:5000, `gapUs` apart. */
export function writeStreamsCapture(path: string, streams: Uint8Array[], gapUs = 10): SynthResult {
  const pcap = new PcapFile(path);
  const client = 0x0a090001;
  const server = 0x0a090002;
  const empty = new Uint8Array(0);
  let ts = 1_700_000_000_000_000;
  const conns = streams.map((bytes, i) => ({ bytes, port: 40000 + i, isn: (i * 2654435761) >>> 0, sent: 0, segs: 0 }));
  for (const c of conns) {
    pcap.frame((ts += gapUs), client, server, c.port, 5000, c.isn, 0, SYN, empty);
    pcap.frame((ts += gapUs), server, client, 5000, c.port, 7, c.isn + 1, SYN | ACK, empty);
    pcap.frame((ts += gapUs), client, server, c.port, 5000, c.isn + 1, 8, ACK, empty);
  }
  let open = conns.length;
  while (open > 0) {
    open = 0;
    for (const c of conns) {
      if (c.sent >= c.bytes.length) continue;
      open++;
      const payload = c.bytes.subarray(c.sent, c.sent + MSS);
      pcap.frame((ts += gapUs), client, server, c.port, 5000, c.isn + 1 + c.sent, 8, ACK | PSH, payload);
      c.sent += payload.length;
      if (++c.segs % 2 === 0 || c.sent >= c.bytes.length) pcap.frame((ts += gapUs), server, client, 5000, c.port, 8, c.isn + 1 + c.sent, ACK, empty);
    }
  }
  for (const c of conns) {
    const end = c.isn + 1 + c.bytes.length;
    pcap.frame((ts += gapUs), client, server, c.port, 5000, end, 8, FIN | ACK, empty);
    pcap.frame((ts += gapUs), server, client, 5000, c.port, 8, end + 1, FIN | ACK, empty);
    pcap.frame((ts += gapUs), client, server, c.port, 5000, end + 1, 9, ACK, empty);
  }
  pcap.close();
  return { packets: pcap.packets, bytes: streams.reduce((n, s) => n + s.length, 0) };
}

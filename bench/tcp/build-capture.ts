// Builds the large reassembly bench capture from the committed fixtures: the clean and the lossy
// netns connections, copied over and over with renumbered client ports, 16 connections interleaved
// packet by packet, 1 µs apart. Classic little-endian microsecond pcap, Ethernet + IPv4.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface BuiltCapture {
  path: string;
  packets: number;
  bytes: number;
  connections: number;
}

const TEMPLATES = ['netns-clean.pcap', 'netns-drops-client.pcap'];
const INTERLEAVE = 16;

/** Frames of a little-endian µs pcap with Ethernet link type. */
function frames(path: string): Buffer[] {
  const buf = readFileSync(path);
  if (buf.readUInt32LE(0) !== 0xa1b2c3d4 || buf.readUInt32LE(20) !== 1) throw new Error(`${path}: expected little-endian µs pcap, Ethernet`);
  const out: Buffer[] = [];
  for (let at = 24; at + 16 <= buf.length; ) {
    const incl = buf.readUInt32LE(at + 8);
    out.push(buf.subarray(at + 16, at + 16 + incl));
    at += 16 + incl;
  }
  return out;
}

/** The client port of a frame is whichever is not the fixture's server port (5603/5604). */
function clientPortOffset(frame: Buffer): number {
  const tcp = 14 + (frame[14]! & 15) * 4;
  const src = frame.readUInt16BE(tcp);
  return src === 5603 || src === 5604 ? tcp + 2 : tcp;
}

export function buildBenchCapture(fixturesDir: string, outPath: string, minPackets: number): BuiltCapture {
  const templates = TEMPLATES.map((t) => frames(`${fixturesDir}/${t}`));
  const perRound = templates.reduce((n, t) => n + t.length, 0);
  const copies = Math.ceil(minPackets / perRound);
  if (copies > 50_000) throw new Error('too many copies for distinct client ports');
  const packets = copies * perRound;
  if (existsSync(outPath)) {
    // Reuse a capture built before with the same shape (its size is a cheap check).
    const expected = 24 + templates.reduce((n, t) => n + t.reduce((m, f) => m + 16 + f.length, 0), 0) * copies;
    if (statSync(outPath).size === expected) return { path: outPath, packets, bytes: expected, connections: copies * templates.length };
  }
  mkdirSync(dirname(outPath), { recursive: true });
  const fd = openSync(outPath, 'w');
  const chunk = Buffer.alloc(8 << 20);
  let used = 0;
  const put = (b: Buffer) => {
    if (used + b.length > chunk.length) {
      writeSync(fd, chunk, 0, used);
      used = 0;
    }
    used += b.copy(chunk, used);
  };
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(1, 20);
  put(header);
  let ts = 1_700_000_000_000_000;
  let bytes = 24;
  const rec = Buffer.alloc(16);
  for (let first = 0; first < copies; first += INTERLEAVE) {
    const group: Array<{ port: number; list: Buffer[]; at: number }> = [];
    for (let c = first; c < Math.min(copies, first + INTERLEAVE); c++) for (const list of templates) group.push({ port: 10_000 + c, list, at: 0 });
    for (let live = group.length; live > 0; ) {
      live = 0;
      for (const g of group) {
        const f = g.list[g.at];
        if (!f) continue;
        live++;
        g.at++;
        const frame = Buffer.from(f);
        frame.writeUInt16BE(g.port, clientPortOffset(frame));
        ts++;
        rec.writeUInt32LE(Math.floor(ts / 1e6), 0);
        rec.writeUInt32LE(ts % 1e6, 4);
        rec.writeUInt32LE(frame.length, 8);
        rec.writeUInt32LE(frame.length, 12);
        put(rec);
        put(frame);
        bytes += 16 + frame.length;
      }
    }
  }
  writeSync(fd, chunk, 0, used);
  closeSync(fd);
  return { path: outPath, packets, bytes, connections: copies * templates.length };
}

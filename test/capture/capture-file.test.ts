// Reading capture files as streams: chunk boundaries, files cut mid-record, damaged headers, garbage,
// aborts. The fixtures are real captures (fixtures/capture); damage is applied to copies in a temp dir.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaptureFileError, readCaptureFile } from '../../src/capture/index.js';
import { decodeFile } from './support/decode-file.js';
import { fixture } from './support/fixture-path.js';

const dir = mkdtempSync(join(tmpdir(), 'capture-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function variant(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('readCaptureFile', () => {
  it.each(['lo-ipv4.pcap', 'multi-interface.pcapng', 'multi-section.pcapng', 'simple-packets.pcapng'])(
    'gives the same packets with tiny chunks (every record split across reads): %s',
    async (file) => {
      const whole = await decodeFile(fixture(file));
      for (const chunkBytes of [64, 100, 1000]) {
        const chunked = await decodeFile(fixture(file), { chunkBytes });
        expect(chunked.frames).toEqual(whole.frames);
        expect(chunked.report).toEqual(whole.report);
      }
    },
  );

  it('reports a pcap cut inside a record with the record offset, after delivering every whole record', async () => {
    const bytes = readFileSync(fixture('lo-ipv4.pcap'));
    const full = await decodeFile(fixture('lo-ipv4.pcap'));
    // Find the offset of record 10 by walking the record headers.
    let offset = 24;
    for (let i = 0; i < 9; i++) offset += 16 + bytes.readUInt32LE(offset + 8);
    const caplen = bytes.readUInt32LE(offset + 8);
    for (const cut of [offset + 3, offset + 16, offset + 16 + Math.floor(caplen / 2)]) {
      const { frames, report } = await decodeFile(variant('cut.pcap', bytes.subarray(0, cut)));
      expect(frames).toEqual(full.frames.slice(0, 9));
      expect(report.truncated).toEqual({ offset, available: cut - offset, needed: cut - offset < 16 ? 16 : 16 + caplen });
      expect(report.bytes).toBe(offset);
      expect(report.errors).toEqual([]);
    }
  });

  it('reports a pcapng cut inside a block', async () => {
    const bytes = readFileSync(fixture('lo-ipv4.pcapng'));
    const { report, frames } = await decodeFile(variant('cut.pcapng', bytes.subarray(0, bytes.length - 10)));
    expect(frames).toHaveLength(19);
    expect(report.truncated?.offset).toBe(report.bytes);
    expect(report.truncated!.available).toBeGreaterThan(0);
  });

  it('stops at a damaged pcap record header and says where', async () => {
    const bytes = Buffer.from(readFileSync(fixture('lo-ipv4.pcap')));
    let offset = 24;
    for (let i = 0; i < 4; i++) offset += 16 + bytes.readUInt32LE(offset + 8);
    bytes.writeUInt32LE(0x7fffffff, offset + 8);
    const { report, frames } = await decodeFile(variant('damaged.pcap', bytes));
    expect(frames).toHaveLength(4);
    expect(report.stoppedAt).toBe(offset);
    expect(report.errors[0]!.offset).toBe(offset);
    expect(report.errors[0]!.message).toMatch(/2147483647 captured bytes/);
  });

  it('stops at a pcapng block whose trailing length differs', async () => {
    const bytes = Buffer.from(readFileSync(fixture('lo-ipv4.pcapng')));
    // Walk blocks to the 5th and damage its trailing length.
    let offset = 0;
    for (let i = 0; i < 5; i++) offset += bytes.readUInt32LE(offset + 4);
    const len = bytes.readUInt32LE(offset + 4);
    bytes.writeUInt32LE(len + 4, offset + len - 4);
    const { report } = await decodeFile(variant('damaged.pcapng', bytes));
    expect(report.stoppedAt).toBe(offset);
    expect(report.errors[0]!.message).toMatch(/trailing length/);
  });

  it('skips a pcapng packet of an undescribed interface and keeps reading', async () => {
    const bytes = Buffer.from(readFileSync(fixture('lo-ipv4.pcapng')));
    let offset = 0;
    for (let i = 0; i < 3; i++) offset += bytes.readUInt32LE(offset + 4);
    expect(bytes.readUInt32LE(offset)).toBe(6);
    bytes.writeUInt32LE(5, offset + 8); // interface 5
    const { report, frames } = await decodeFile(variant('bad-iface.pcapng', bytes));
    expect(frames).toHaveLength(19);
    expect(report.errors).toEqual([{ offset, message: expect.stringMatching(/interface 5/) }]);
    expect(report.stoppedAt).toBeNull();
  });

  it('rejects garbage, short and empty files with a clear error', async () => {
    const garbage = variant('garbage.bin', Buffer.from('this is not a capture file at all\n'));
    await expect(readCaptureFile(garbage, () => {})).rejects.toThrow(/is not a pcap or pcapng capture file \(first bytes 0x74686973 at offset 0/);
    await expect(readCaptureFile(variant('short.bin', Buffer.from([0xd4, 0xc3])), () => {})).rejects.toThrow(/only 2 bytes long/);
    await expect(readCaptureFile(variant('empty.bin', Buffer.alloc(0)), () => {})).rejects.toThrow(/only 0 bytes long/);
    const err = await readCaptureFile(join(dir, 'missing.pcap'), () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaptureFileError);
    expect((err as CaptureFileError).code).toBe('open');
    await expect(readCaptureFile(dir, () => {})).rejects.toThrow(/is a directory/);
  });

  it('reports a pcap header alone as truncated', async () => {
    const bytes = readFileSync(fixture('lo-ipv4.pcap')).subarray(0, 10);
    const { report } = await decodeFile(variant('header.pcap', bytes));
    expect(report.truncated).toEqual({ offset: 0, available: 10, needed: 24 });
  });

  it('stops after the current packet when the signal aborts', async () => {
    const ac = new AbortController();
    let seen = 0;
    const report = await readCaptureFile(fixture('lo-ipv4.pcap'), () => {
      if (++seen === 3) ac.abort();
    }, { signal: ac.signal });
    expect(seen).toBe(3);
    expect(report.aborted).toBe(true);
    expect(report.packets).toBe(3);
  });

  it('keeps pkt.data valid during the callback only: copies made inside stay correct', async () => {
    const copies: Buffer[] = [];
    const views: Uint8Array[] = [];
    await readCaptureFile(fixture('lo-ipv4.pcap'), (pkt) => {
      copies.push(Buffer.from(pkt.data));
      views.push(pkt.data);
    }, { chunkBytes: 4096 });
    const again: Buffer[] = [];
    await readCaptureFile(fixture('lo-ipv4.pcap'), (pkt) => again.push(Buffer.from(pkt.data)));
    expect(copies).toEqual(again);
    // The views were overwritten by later chunks: documented, and shown here.
    expect(views.some((v, i) => !Buffer.from(v).equals(copies[i]!))).toBe(true);
  });
});

// Live: cap on lo while this test sends a known byte stream over TCP on 127.0.0.1, reassembled with
// TcpReassembler as it arrives. Runs as root (CI does). Frames above cap's 65535-byte snaplen (GSO on
// loopback) arrive cut: those bytes must show up as 'truncated' gaps, every other byte as sent.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { LiveCapture, PacketDecoder } from '../../src/capture/index.js';
import { TcpReassembler } from '../../src/tcp/index.js';
import { fixtureContent } from '../../fixtures/pcap/tools/content.mjs';
import { Collector } from './support/segments.js';

async function exchange(port: number, c2s: Buffer, s2c: Buffer): Promise<void> {
  const server = net.createServer((sock) => {
    sock.on('data', () => {});
    sock.on('end', () => sock.end());
    sock.write(s2c);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  try {
    await new Promise<void>((resolve, reject) => {
      const sock = net.connect({ host: '127.0.0.1', port }, async () => {
        for (let at = 0; at < c2s.length; at += 8192) {
          if (!sock.write(c2s.subarray(at, at + 8192))) await new Promise((r) => sock.once('drain', r));
        }
        sock.end();
      });
      sock.on('data', () => {});
      sock.on('end', () => resolve());
      sock.on('error', reject);
      setTimeout(() => reject(new Error('exchange timed out')), 20_000).unref();
    });
  } finally {
    server.close();
  }
}

describe('live capture + reassembly on lo', () => {
  it('reassembles both directions of a known stream exactly (cut GSO frames as truncated gaps)', async () => {
    const port = 20_000 + (process.pid % 20_000);
    const c2s = fixtureContent('live', 'c2s', 300_000);
    const s2c = fixtureContent('live', 's2c', 100_000);
    const col = new Collector();
    const reassembler = new TcpReassembler(col.onEvent);
    const decoder = new PacketDecoder();
    const live = LiveCapture.open({ iface: 'lo', host: '127.0.0.1', port }, (pkt) => {
      const seg = decoder.decode(pkt);
      if (seg) reassembler.push(seg);
    });
    try {
      await exchange(port, c2s, s2c);
      // Packets still in the kernel buffer come on later turns of the event loop: wait for both closes.
      for (let i = 0; i < 100 && [...col.streams.values()].filter((s) => s.close).length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      live.close();
    }
    reassembler.flush();
    expect(col.order).toHaveLength(2);
    for (const key of col.order) {
      const stream = key.split('#')[0]!;
      const sent = stream.endsWith(`:${port}`) ? c2s : s2c;
      const got = col.layout(stream);
      expect(got.bytes.length).toBe(sent.length);
      expect(got.gaps.every((g) => g.reason === 'truncated')).toBe(true);
      for (const [a, b] of got.ranges) expect(Buffer.compare(got.bytes.subarray(a, b), sent.subarray(a, b))).toBe(0);
      expect(col.get(stream).close?.reason).toBe('fin');
    }
  });
});

// Real captures (fixtures/pcap, made by make-fixtures.sh) against tshark's follow output computed now,
// and against the content the sending program is known to have sent (fixtures/pcap/manifest.json).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureContent } from '../../fixtures/pcap/tools/content.mjs';
import { followFile } from './support/follow-file.js';
import { tsharkFollow } from './support/tshark-follow.js';

const dir = fileURLToPath(new URL('../../fixtures/pcap/', import.meta.url));

interface FixtureInfo {
  how: string;
  client: string;
  server: string;
  seed: string;
  c2sBytes: number;
  s2cBytes: number;
  cut?: boolean;
  snaplen?: number;
  deleted?: Array<{ frame: number; direction: 'c2s' | 's2c'; offset: number; length: number }>;
}
const manifest = JSON.parse(readFileSync(`${dir}manifest.json`, 'utf8')) as Record<string, FixtureInfo>;

function endpoint(text: string): string {
  // "::1:40002" -> "[::1]:40002"
  const i = text.lastIndexOf(':');
  const host = text.slice(0, i);
  return host.includes(':') ? `[${host}]:${text.slice(i + 1)}` : text;
}

describe('fixture captures: follow equals tshark and the sent bytes', () => {
  it('netns-wrap.pcap really crosses 2^32 in both directions', () => {
    const seqs = execFileSync('tshark', ['-r', `${dir}netns-wrap.pcap`, '-o', 'tcp.relative_sequence_numbers:FALSE', '-Y', 'tcp.len > 0', '-T', 'fields', '-e', 'tcp.srcport', '-e', 'tcp.seq'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')
      .map((l) => l.split('\t').map(Number) as [number, number]);
    for (const server of [true, false]) {
      const mine = seqs.filter(([port]) => (port === 5603) === server).map(([, seq]) => seq);
      expect(mine.some((q) => q > 2 ** 32 - 30_000)).toBe(true);
      expect(mine.some((q) => q < 30_000)).toBe(true);
    }
  });

  for (const [file, info] of Object.entries(manifest)) {
    it(`${file} (${info.how})`, async () => {
      const ours = await followFile(dir + file);
      const theirs = tsharkFollow(dir + file);
      const c = endpoint(info.client);
      const s = endpoint(info.server);
      const directions = [
        { id: `${c}->${s}`, sent: fixtureContent(info.seed, 'c2s', info.c2sBytes), label: 'c2s' },
        { id: `${s}->${c}`, sent: fixtureContent(info.seed, 's2c', info.s2cBytes), label: 's2c' },
      ];
      expect(ours.order.length).toBe(2);
      for (const d of directions) {
        const got = ours.layout(d.id);
        const ts = theirs.get(d.id);
        expect(ts, `tshark follows ${d.id}`).toBeDefined();
        const deleted = (info.deleted ?? []).filter((x) => x.direction === d.label);

        if (info.snaplen) {
          // Every data segment cut short: its captured head is delivered, the rest is a 'truncated'
          // gap, the stream keeps its full length. (tshark cannot follow cut segments: sent bytes only.)
          expect(got.bytes.length).toBe(d.sent.length);
          expect(got.gaps.length).toBeGreaterThan(10);
          expect(got.gaps.every((g) => g.reason === 'truncated')).toBe(true);
          for (const [a, b] of got.ranges) expect(Buffer.compare(got.bytes.subarray(a, b), d.sent.subarray(a, b))).toBe(0);
          const loss = ours.get(d.id).close?.loss;
          expect(loss?.truncatedBytes).toBe(got.gaps.reduce((n, g) => n + g.length, 0));
          continue;
        }

        if (!info.cut && deleted.length === 0) {
          // Complete streams: byte for byte what tshark says and what was sent, no gaps.
          expect(got.gaps).toEqual([]);
          expect(ts!.holes).toEqual([]);
          expect(Buffer.compare(got.bytes, ts!.bytes)).toBe(0);
          expect(Buffer.compare(got.bytes, d.sent)).toBe(0);
          continue;
        }
        if (deleted.length) {
          // Where tshark has bytes, they are ours at the same offset; every tshark hole is one of our gaps.
          for (const p of ts!.pieces) expect(Buffer.compare(got.bytes.subarray(p.offset, p.offset + p.bytes.length), p.bytes)).toBe(0);
          for (const h of ts!.holes) expect(got.gaps).toContainEqual(expect.objectContaining(h));
          // The sent bytes minus exactly the deleted segments (adjacent ones merge into one gap).
          const holes: Array<{ offset: number; length: number }> = [];
          for (const x of [...deleted].sort((a, b) => a.offset - b.offset)) {
            const last = holes[holes.length - 1];
            if (last && last.offset + last.length === x.offset) last.length += x.length;
            else holes.push({ offset: x.offset, length: x.length });
          }
          expect(got.gaps.map(({ offset, length }) => ({ offset, length }))).toEqual(holes);
          expect(got.gaps.every((g) => g.reason === 'acked-unseen')).toBe(true);
          expect(got.bytes.length).toBe(d.sent.length);
          const masked = Buffer.from(d.sent);
          for (const h of holes) masked.fill(0, h.offset, h.offset + h.length);
          expect(Buffer.compare(got.bytes, masked)).toBe(0);
        } else {
          // Cut capture: a stretch of the sent bytes from where the capture starts. Offsets of a direction
          // picked up mid-stream are not comparable between tools (each picks its own first byte), so
          // both are placed in the sent bytes: every byte tshark has, we have at the same place.
          const start = d.sent.indexOf(got.bytes.subarray(0, 64));
          expect(start).toBeGreaterThanOrEqual(0);
          expect(start + got.bytes.length).toBe(d.sent.length);
          for (const [a, b] of got.ranges) expect(Buffer.compare(got.bytes.subarray(a, b), d.sent.subarray(start + a, start + b))).toBe(0);
          // Our gaps here are bytes sent before the capture started and acknowledged after it.
          expect(got.gaps.every((g) => g.reason === 'acked-unseen')).toBe(true);
          const covered = (from: number, to: number) => got.ranges.some(([a, b]) => a <= from && to <= b) || got.ranges.filter(([a, b]) => b > from && a < to).reduce((n, [a, b]) => n + Math.min(b, to) - Math.max(a, from), 0) === to - from;
          for (const p of ts!.pieces) {
            const pos = d.sent.indexOf(p.bytes.subarray(0, 64));
            expect(pos, 'tshark piece is sent content').toBeGreaterThanOrEqual(0);
            expect(Buffer.compare(d.sent.subarray(pos, pos + p.bytes.length), p.bytes)).toBe(0);
            expect(covered(pos - start, pos - start + p.bytes.length), `we hold tshark's bytes at sent offset ${pos}`).toBe(true);
          }
        }
      }
    });
  }
});

// Live capture with cap on the loopback interface, while this test sends known bytes over TCP on
// 127.0.0.1. Runs as root (here and in CI); without root it fails with the permission message.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LiveCapture, LiveCaptureError, PacketDecoder, TCP_FIN, type TcpSegment } from '../../src/capture/index.js';
import { converse, listenLoopback, patternBytes } from './support/loopback-traffic.js';
import { cliPath } from '../support/run-cli.js';

const run = promisify(execFile);

interface Direction {
  chunks: Buffer[];
  seqs: number[];
  missing: number;
  cutSegments: number;
  /** Per segment: payload bytes missing, and the captured frame length. */
  missings: number[];
  frameLengths: number[];
  fin: boolean;
}

/** Captures one conversation on lo; payloads are copied inside the callback (cap's buffer is shared). */
async function captureConversation(writes: Buffer[], reply: (i: number) => Buffer, iface = 'lo') {
  const { server, port } = await listenLoopback();
  const decoder = new PacketDecoder();
  const directions = new Map<string, Direction>();
  const timestamps: number[] = [];
  const live = LiveCapture.open({ iface, host: '127.0.0.1', port }, (pkt) => {
    const seg: TcpSegment | null = decoder.decode(pkt);
    if (!seg) return;
    timestamps.push(pkt.ts);
    const key = `${seg.srcPort}->${seg.dstPort}`;
    let d = directions.get(key);
    if (!d) directions.set(key, (d = { chunks: [], seqs: [], missing: 0, cutSegments: 0, missings: [], frameLengths: [], fin: false }));
    if (seg.payload.length > 0 || seg.missingPayload > 0) {
      d.chunks.push(Buffer.from(seg.payload));
      d.seqs.push(seg.seq);
      d.missing += seg.missingPayload;
      d.missings.push(seg.missingPayload);
      d.frameLengths.push(pkt.data.length);
      if (seg.missingPayload > 0) d.cutSegments++;
    }
    if (seg.flags & TCP_FIN) d.fin = true;
  });
  try {
    const before = Date.now() * 1000;
    const sent = await converse(server, port, writes, reply);
    // Packets already in the kernel buffer arrive on later event-loop turns: wait for both FINs and
    // every byte (a FIN can be captured before the last data segment, see placed()).
    const bytesOf = (d: Direction) => d.chunks.reduce((n, c) => n + c.length, 0);
    const complete = () => {
      const ds = [...directions.values()];
      return ds.filter((d) => d.fin).length >= 2 && ds.reduce((n, d) => n + bytesOf(d), 0) >= sent.c2s.length + sent.s2c.length;
    };
    for (let i = 0; i < 200 && !complete(); i++) await new Promise((r) => setTimeout(r, 20));
    return { sent, directions, decoder, live, timestamps, before, port };
  } finally {
    live.close();
    server.close();
  }
}

/**
 * Checks a captured direction against the bytes sent: every segment's payload equals the sent bytes
 * at its sequence offset, and together they cover all of them. Neither order nor uniqueness is
 * required: on this 2-CPU machine the capture now and then sees a segment (or the FIN) before the
 * one sent just before it, and Linux TCP does retransmit on a busy
 * loopback (a tail loss probe when an ACK is late). Putting them in order is the reassembler's job.
 */
function placed(d: Direction, sentBytes: Buffer): { bytes: number; wrong: number } {
  const base = d.seqs[0]!;
  const seen = new Uint8Array(sentBytes.length);
  let wrong = 0;
  d.chunks.forEach((chunk, i) => {
    const at = (d.seqs[i]! - base) >>> 0;
    if (!chunk.equals(sentBytes.subarray(at, at + chunk.length))) wrong++;
    seen.fill(1, at, Math.min(at + chunk.length, seen.length));
  });
  return { bytes: seen.reduce((n, b) => n + b, 0), wrong };
}

describe('LiveCapture on lo', () => {
  it('captures both directions of a known byte stream: every byte at its sequence offset or counted as cut', async () => {
    const writes = Array.from({ length: 200 }, (_v, i) => patternBytes(i, 1 + ((i * 997) % 3000)));
    const { sent, directions, decoder, live, timestamps, before, port } = await captureConversation(writes, (i) => patternBytes(1000 + i, 50 + (i % 7) * 100));
    expect(live.device).toBe('lo');
    expect(live.filter).toBe(`tcp and host 127.0.0.1 and port ${port}`);
    const c2s = directions.get(`${sent.clientPort}->${port}`)!;
    const s2c = directions.get(`${port}->${sent.clientPort}`)!;
    // Every byte is captured at its place, or (rarely: the kernel coalesced writes into a GSO frame
    // longer than 65535 bytes, which cap cuts) counted as missing, exactly; none is wrong.
    for (const [d, bytes] of [[c2s, sent.c2s], [s2c, sent.s2c]] as const) {
      const got = placed(d, bytes);
      expect(got.wrong).toBe(0);
      expect(got.bytes + d.missing).toBe(bytes.length);
    }
    expect(decoder.stats.truncatedSegments).toBe(c2s.cutSegments + s2c.cutSegments);
    expect(live.stats.packets).toBe(decoder.stats.packets);
    // Stamped on arrival: wall-clock microseconds, never decreasing.
    expect(timestamps[0]!).toBeGreaterThanOrEqual(before - 1000);
    timestamps.forEach((ts, i) => i > 0 && expect(ts).toBeGreaterThanOrEqual(timestamps[i - 1]!));
  });

  it('detects GSO frames that cap cuts at 65535 bytes and counts exactly the bytes lost', async () => {
    const big = patternBytes(7, 4 << 20);
    const { sent, directions, decoder, live, port } = await captureConversation([big], () => Buffer.from('ok'));
    const c2s = directions.get(`${sent.clientPort}->${port}`)!;
    // Mark every stream byte as captured (1) or announced missing (2); loopback retransmits now and
    // then, so a range may come twice. Captured bytes must equal the sent ones at their offsets.
    const state = new Uint8Array(big.length);
    const isn = c2s.seqs[0]!;
    c2s.chunks.forEach((chunk, i) => {
      const offset = (c2s.seqs[i]! - isn) >>> 0;
      expect(chunk.equals(big.subarray(offset, offset + chunk.length))).toBe(true);
      state.fill(1, offset, offset + chunk.length);
      for (let j = offset + chunk.length; j < offset + chunk.length + c2s.missings[i]!; j++) if (state[j] === 0) state[j] = 2;
    });
    // Nothing silently lost: every byte sent was either captured or reported missing.
    expect(state.indexOf(0)).toBe(-1);
    // Every cut segment is a frame cap delivered at exactly its 65535-byte snaplen.
    c2s.missings.forEach((m, i) => m > 0 && expect(c2s.frameLengths[i]).toBe(65535));
    // cap reports none of them as truncated; the decoder's IP-length check finds them.
    expect(live.stats.cutBySnaplen).toBe(0);
    expect(decoder.stats.truncatedSegments).toBe(c2s.cutSegments);
    expect(decoder.stats.missingPayloadBytes).toBe(c2s.missing);
    console.log(`GSO on lo: ${c2s.chunks.length} data segments, ${c2s.cutSegments} cut at 65535 bytes by cap, ${c2s.missing} payload bytes lost`);
  });

  it('finds the interface by one of its IP addresses', async () => {
    const live = LiveCapture.open({ iface: '127.0.0.1', port: 9 }, () => {});
    try {
      expect(live.device).toBe('lo');
      expect(live.linkType).toBe(1);
    } finally {
      live.close();
    }
  });

  it('explains unknown interfaces, addresses and bad filters', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        expect(err).toBeInstanceOf(LiveCaptureError);
        return `${(err as LiveCaptureError).code}: ${(err as Error).message}`;
      }
      return 'no error';
    };
    expect(code(() => LiveCapture.open({ iface: 'nosuchif0' }, () => {}))).toMatch(/^no-device: no capture interface named nosuchif0 .*available: .*lo/);
    expect(code(() => LiveCapture.open({ iface: '192.0.2.77' }, () => {}))).toMatch(/^no-device: no capture interface has the address 192\.0\.2\.77/);
    expect(code(() => LiveCapture.open({ iface: 'lo', filter: 'tcp and and port' }, () => {}))).toMatch(/^bad-filter: bad capture filter "tcp and and port"/);
    expect(code(() => LiveCapture.open({ iface: 'lo', port: 70000 }, () => {}))).toMatch(/^bad-filter: .*port 70000/);
    expect(code(() => LiveCapture.open({ iface: 'lo', host: 'x; rm -rf' }, () => {}))).toMatch(/^bad-filter: .*neither an IP address nor a host name/);
  });

  it('tells an unprivileged user how to get capture rights (no stack trace)', async () => {
    expect(existsSync(cliPath), 'build first: npx tsc -p tsconfig.json').toBe(true);
    const lib = new URL('../../dist/src/capture/index.js', import.meta.url).href;
    const script = `import(${JSON.stringify(lib)}).then((m) => { try { m.LiveCapture.open({ iface: 'lo' }, () => {}); console.log('opened'); } catch (e) { console.log(e.code + ': ' + e.message); } })`;
    const { stdout } = await run('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--inh-caps=-all', process.execPath, '-e', script]);
    expect(stdout).toMatch(/^permission: no permission to capture on lo \(.*\)\. Run racewire as root, or allow this node binary to capture: sudo setcap cap_net_raw,cap_net_admin=eip /);
  });
});

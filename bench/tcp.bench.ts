// Reassembly speed: decode + reassemble a >= 1 million packet capture built from the fixtures, side by
// side with `tshark -q -z follow,tcp,raw,0` on the same file. Also decode alone and reassembly alone
// (segments decoded beforehand) to show where the time goes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { PacketDecoder, readCaptureFile, type TcpSegment } from '../src/capture/index.js';
import { TcpReassembler } from '../src/tcp/index.js';
import type { BenchRow, BenchSuite } from './suite.js';
import { buildBenchCapture } from './tcp/build-capture.js';

// Runs from dist/bench: paths from the repo root.
const root = fileURLToPath(new URL('../../', import.meta.url));
const MIN_PACKETS = 1_000_000;

async function decodeAndReassemble(path: string): Promise<{ segments: number; delivered: number }> {
  let delivered = 0;
  const r = new TcpReassembler((ev) => {
    if (ev.type === 'data') delivered += ev.bytes.length;
  });
  const decoder = new PacketDecoder();
  await readCaptureFile(path, (pkt) => {
    const seg = decoder.decode(pkt);
    if (seg) r.push(seg);
  });
  r.flush();
  return { segments: decoder.stats.segments, delivered };
}

/**
 * Median wall time (tinybench p50) and median CPU time (user + system of this process) per run, in
 * seconds. Medians, because the machine is shared and single runs swing by 2x.
 */
async function timeIt(name: string, fn: () => Promise<unknown> | unknown, iterations = 5): Promise<{ wall: number; cpu: number }> {
  // One warm-up run first (JIT, page cache), then the measured runs.
  const bench = new Bench({ iterations, time: 0, warmup: true, warmupIterations: 1, warmupTime: 0 });
  const cpuRuns: number[] = [];
  let calls = 0;
  bench.add(name, async () => {
    const c0 = process.cpuUsage();
    await fn();
    const c = process.cpuUsage(c0);
    if (calls++ === 0) return; // the warm-up run
    cpuRuns.push((c.user + c.system) / 1e6);
  });
  await bench.run();
  const res = bench.tasks[0]!.result;
  if (res.state !== 'completed') throw new Error(`${name}: ${res.state}${'error' in res ? `: ${String(res.error)}` : ''}`);
  cpuRuns.sort((a, b) => a - b);
  return { wall: res.latency.p50 / 1000, cpu: cpuRuns[Math.floor(cpuRuns.length / 2)]! };
}

/** Wall and CPU seconds of one tshark run (CPU from /usr/bin/time when present). */
function timeTshark(path: string): { wall: number; cpu: number | null; error: string } {
  const args = ['-r', path, '-q', '-z', 'follow,tcp,raw,0'];
  const haveTime = existsSync('/usr/bin/time');
  const t0 = performance.now();
  try {
    const r = haveTime
      ? spawnSync('/usr/bin/time', ['-f', 'RWTCP-CPU %U %S', 'tshark', ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
      : spawnSync('tshark', args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const wall = (performance.now() - t0) / 1000;
    const m = /RWTCP-CPU ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
    return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : null, error: r.status === 0 ? '' : `tshark exit ${r.status}` };
  } catch (err) {
    return { wall: (performance.now() - t0) / 1000, cpu: null, error: `tshark failed: ${(err as Error).message.split('\n')[0]}` };
  }
}

const suite: BenchSuite = {
  name: 'tcp',
  async run(progress) {
    progress('building the bench capture (bench/out/tcp-bench.pcap)');
    const cap = buildBenchCapture(`${root}fixtures/pcap`, `${root}bench/out/tcp-bench.pcap`, MIN_PACKETS);
    const mb = cap.bytes / 1e6;
    progress(`${cap.packets} packets, ${mb.toFixed(0)} MB, ${cap.connections} connections`);

    let check = { segments: 0, delivered: 0 };
    const ours = await timeIt('decode+reassemble', async () => {
      check = await decodeAndReassemble(cap.path);
    });
    progress(`decode + reassembly: ${ours.wall.toFixed(2)} s wall, ${ours.cpu.toFixed(2)} s CPU (${check.delivered} bytes delivered)`);

    // Split: decode only, and reassembly only over segments decoded (and their payloads copied) beforehand.
    const decodeOnly = await timeIt('decode', async () => {
      const d = new PacketDecoder();
      await readCaptureFile(cap.path, (pkt) => void d.decode(pkt));
    });
    const segs: TcpSegment[] = [];
    {
      const d = new PacketDecoder();
      const limit = 400_000; // memory: copies of payloads
      await readCaptureFile(cap.path, (pkt) => {
        if (segs.length >= limit) return;
        const s = d.decode(pkt);
        if (s) segs.push({ ...s, payload: s.payload.slice() });
      });
    }
    const segBytes = segs.reduce((n, s) => n + s.payload.length, 0);
    const reasmOnly = await timeIt('reassemble', () => {
      const r = new TcpReassembler(() => {});
      for (const s of segs) r.push(s);
      r.flush();
    });

    progress('tshark -q -z follow,tcp,raw,0 (one run)');
    const ts = timeTshark(cap.path);
    progress(`tshark: ${ts.wall.toFixed(1)} s wall, ${ts.cpu?.toFixed(1) ?? '?'} s CPU`);

    // The machine may be shared: CPU time is the fairer "one core" figure, wall time is shown too.
    const rows: BenchRow[] = [
      { case: `decode + reassemble ${cap.packets.toLocaleString('en-US')} packets (${mb.toFixed(0)} MB, ${cap.connections} conns), CPU time`, value: cap.packets / ours.cpu, unit: 'packets/s', peer: 'tshark follow,tcp,raw (CPU)', ratio: ts.cpu ? ts.cpu / ours.cpu : undefined, note: ts.error || `tshark ${ts.cpu?.toFixed(1)} s CPU, ours ${ours.cpu.toFixed(2)} s CPU (incl. GC threads)` },
      { case: 'decode + reassemble, wall time', value: cap.packets / ours.wall, unit: 'packets/s', peer: 'tshark follow,tcp,raw (wall)', ratio: ts.wall / ours.wall, note: `tshark ${ts.wall.toFixed(1)} s, ours ${ours.wall.toFixed(2)} s` },
      { case: 'decode + reassemble, wall time', value: mb / ours.wall, unit: 'MB/s', peer: 'tshark follow,tcp,raw (wall)', ratio: ts.wall / ours.wall },
      { case: 'decode only (src/capture), wall time', value: cap.packets / decodeOnly.wall, unit: 'packets/s' },
      { case: `reassembly only, ${segs.length.toLocaleString('en-US')} pre-decoded segments, wall time`, value: segs.length / reasmOnly.wall, unit: 'segments/s', note: `${(segBytes / reasmOnly.wall / 1e6).toFixed(0)} MB/s of payload` },
    ];
    return rows;
  },
};

export default suite;

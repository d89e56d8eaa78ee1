// Packet sources: decode speed on a >= 1 million packet capture built from the real fixtures
// (read + link/IP/TCP decode, and read alone), next to tshark decoding the same packets; and live:
// the packets per second cap captures on loopback during a bounded burst, next to tcpdump on the
// same traffic.
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { LiveCapture, PacketDecoder, readCaptureFile } from '../src/capture/index.js';
import type { BenchRow, BenchSuite } from './suite.js';

const root = fileURLToPath(new URL('../../', import.meta.url)); // runs from dist/bench
const PACKETS = 1_000_000;
const TSHARK_PACKETS = 100_000;

/** Records of a little-endian microsecond pcap, as [header+data] byte slices. */
function pcapRecords(path: string): Buffer[] {
  const b = readFileSync(path);
  if (b.readUInt32LE(0) !== 0xa1b2c3d4) throw new Error(`${path}: want a little-endian microsecond pcap`);
  const out: Buffer[] = [];
  for (let o = 24; o + 16 <= b.length; ) {
    const end = o + 16 + b.readUInt32LE(o + 8);
    out.push(b.subarray(o, end));
    o = end;
  }
  return out;
}

/** Writes `count` packets cycling through the fixture records, timestamps 10 µs apart; reuses an existing file. */
function buildCapture(path: string, count: number): { path: string; bytes: number } {
  if (existsSync(path)) return { path, bytes: statSync(path).size };
  mkdirSync(dirname(path), { recursive: true });
  const records = [...pcapRecords(`${root}fixtures/capture/lo-ipv4.pcap`), ...pcapRecords(`${root}fixtures/capture/lo-ipv6-ext.pcap`)];
  const header = readFileSync(`${root}fixtures/capture/lo-ipv4.pcap`).subarray(0, 24);
  const fd = openSync(`${path}.tmp`, 'w');
  let batch: Buffer[] = [header];
  let batchBytes = 24;
  const t0 = 1_800_000_000;
  for (let i = 0; i < count; i++) {
    const r = Buffer.from(records[i % records.length]!);
    r.writeUInt32LE(t0 + Math.floor(i / 100_000), 0);
    r.writeUInt32LE((i % 100_000) * 10, 4);
    batch.push(r);
    batchBytes += r.length;
    if (batchBytes > 8 << 20) {
      writeSync(fd, Buffer.concat(batch));
      batch = [];
      batchBytes = 0;
    }
  }
  writeSync(fd, Buffer.concat(batch));
  closeSync(fd);
  execFileSync('mv', [`${path}.tmp`, path]);
  return { path, bytes: statSync(path).size };
}

async function meanSeconds(name: string, fn: () => Promise<unknown>, iterations = 3): Promise<number> {
  const bench = new Bench({ iterations, time: 0, warmup: false });
  bench.add(name, fn);
  await bench.run();
  const res = bench.tasks[0]!.result;
  if (res.state !== 'completed') throw new Error(`${name}: ${res.state}`);
  return res.latency.mean / 1000;
}

// The traffic generator runs in a child process so that the capturing event loop does nothing else.
// UDP datagrams on 127.0.0.1: one packet per send (TCP on loopback coalesces small writes into large
// segments), so the burst really is `writes` packets. Nobody reads them; capture sees them on lo anyway.
const trafficScript = `
import socket, sys, time
writes, size, rate = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); sink.bind(('127.0.0.1', 0))
print(sink.getsockname()[1], flush=True)
sys.stdin.readline()
out = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
buf = bytes(size); dst = sink.getsockname()
t0 = time.perf_counter()
for i in range(writes):
    out.sendto(buf, dst)
    if rate > 0 and i % 500 == 0:
        ahead = t0 + i / rate - time.perf_counter()
        if ahead > 0: time.sleep(ahead)
print('seconds', time.perf_counter() - t0, flush=True)
`;

async function liveBurst(writes: number, size: number, rate: number): Promise<{ seconds: number; cap: number; capBytes: number; tcpdump: number; tcpdumpDrops: number }> {
  const child = spawn('python3', ['-c', trafficScript, String(writes), String(size), String(rate)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let waiter: (() => void) | null = null;
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    const parts = (partial + d).split('\n');
    partial = parts.pop()!; // a line may arrive in pieces
    lines.push(...parts.filter(Boolean));
    waiter?.();
  });
  const nextLine = async () => {
    while (lines.length === 0) await new Promise<void>((r) => (waiter = r));
    return lines.shift()!;
  };
  const port = Number(await nextLine());
  const tcpdump = spawn('tcpdump', ['-i', 'lo', '-B', String(32 << 10), '--immediate-mode', '-w', '/dev/null', `udp port ${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let tcpdumpErr = '';
  tcpdump.stderr.setEncoding('utf8').on('data', (d: string) => (tcpdumpErr += d));
  while (!tcpdumpErr.includes('listening')) await new Promise((r) => setTimeout(r, 20));
  const decoder = new PacketDecoder();
  let capBytes = 0;
  const live = LiveCapture.open({ iface: 'lo', filter: `udp port ${port}`, bufferSize: 32 << 20 }, (pkt) => {
    decoder.decode(pkt);
    capBytes += pkt.data.length;
  });
  child.stdin.write('go\n');
  const done = await nextLine();
  const seconds = Number(done.split(' ')[1]);
  if (!(seconds > 0)) throw new Error(`traffic generator said ${JSON.stringify(done)}`);
  // Let both capturers drain: stop when cap has seen nothing new for 300 ms.
  let last = -1;
  while (live.stats.packets !== last) {
    last = live.stats.packets;
    await new Promise((r) => setTimeout(r, 300));
  }
  live.close();
  const exited = new Promise((r) => tcpdump.once('exit', r));
  tcpdump.kill('SIGINT');
  await exited;
  child.kill();
  const num = (re: RegExp) => Number(re.exec(tcpdumpErr)?.[1] ?? NaN);
  return {
    seconds,
    cap: live.stats.packets,
    capBytes,
    tcpdump: num(/(\d+) packets captured/),
    tcpdumpDrops: num(/(\d+) packets dropped by kernel/),
  };
}

const suite: BenchSuite = {
  name: 'capture',
  async run(progress) {
    const rows: BenchRow[] = [];
    progress(`building bench/out/capture-bench.pcap (${PACKETS} packets from fixtures/capture)`);
    const big = buildCapture(`${root}bench/out/capture-bench.pcap`, PACKETS);
    const small = buildCapture(`${root}bench/out/capture-bench-100k.pcap`, TSHARK_PACKETS);
    const mb = big.bytes / 1e6;

    let segments = 0;
    const decodeS = await meanSeconds('read+decode', async () => {
      const d = new PacketDecoder();
      await readCaptureFile(big.path, (pkt) => void d.decode(pkt));
      segments = d.stats.segments;
    });
    if (segments !== PACKETS) throw new Error(`decoded ${segments} segments, want ${PACKETS}`);
    const readS = await meanSeconds('read', async () => {
      await readCaptureFile(big.path, () => {});
    });
    progress(`read+decode ${decodeS.toFixed(2)} s, read alone ${readS.toFixed(2)} s`);

    progress(`tshark -T fields -e tcp.seq_raw -e tcp.len on ${TSHARK_PACKETS} packets (one run)`);
    const t0 = performance.now();
    execFileSync('tshark', ['-n', '-r', small.path, '-o', 'tcp.analyze_sequence_numbers:FALSE', '-T', 'fields', '-e', 'tcp.seq_raw', '-e', 'tcp.len'], { stdio: ['ignore', 'ignore', 'ignore'] });
    const tsharkPps = TSHARK_PACKETS / ((performance.now() - t0) / 1000);

    const pps = PACKETS / decodeS;
    rows.push(
      { case: `read + decode ${PACKETS} packets (${mb.toFixed(0)} MB pcap, loopback IPv4/IPv6 mix)`, value: pps, unit: 'packets/s', peer: 'tshark -T fields (100k packets)', ratio: pps / tsharkPps },
      { case: 'read + decode, throughput', value: mb / decodeS, unit: 'MB/s' },
      { case: 'read alone (no decode)', value: PACKETS / readS, unit: 'packets/s', note: `${(mb / readS).toFixed(0)} MB/s` },
      { case: 'tshark field decode', value: tsharkPps, unit: 'packets/s' },
    );

    // Paced bursts (0 = as fast as python sends), bounded: 100000 datagrams of 100 bytes each.
    const sent = 100_000;
    for (const rate of [20_000, 50_000, 0]) {
      progress(`live: ${sent} UDP datagrams over 127.0.0.1 at ${rate || 'full'} packets/s, captured by cap and tcpdump at once`);
      const live = await liveBurst(sent, 100, rate);
      rows.push({
        case: `live cap on lo, ${rate ? `paced ${rate}/s` : 'unpaced'}: ${sent} packets sent in ${live.seconds.toFixed(2)} s`,
        value: live.cap / live.seconds,
        unit: 'packets/s',
        peer: 'tcpdump, same traffic',
        ratio: live.cap / live.tcpdump,
        note: `cap saw ${live.cap} (${((live.cap / sent) * 100).toFixed(1)}%; cap cannot count drops), tcpdump saw ${live.tcpdump} (reports ${live.tcpdumpDrops} kernel drops); ratio = cap/tcpdump packets`,
      });
    }
    return rows;
  },
};

export default suite;

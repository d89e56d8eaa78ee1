// One load-generating child process: holds many viewer connections and records, per received
// delta, (seq, arrival time). Arrival time is performance.timeOrigin + performance.now(), taken
// when the socket's data arrives (before decoding), so it compares across processes with the
// producer's clock (both are the wall clock at process start plus a monotonic offset).
// Driven by the parent over IPC (see viewer-pool.ts); exits when the parent goes away.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { Unpackr } from 'msgpackr/unpack';
import { sharedStructures } from '../../src/wire/index.js';
import { maskedFrame, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG, OP_TEXT, readFrames, upgradeRequest } from './ws-frames.js';

export type ViewerCommand =
  | { cmd: 'connect'; host: string; port: number; path: string; count: number; concurrency: number; timeoutMs: number }
  | { cmd: 'reset' }
  | { cmd: 'count' }
  | { cmd: 'collect' }
  | { cmd: 'close' };

export type ViewerReply =
  | { cmd: 'connect'; open: number; failed: number; firstError: string | null }
  | { cmd: 'reset' }
  | { cmd: 'count'; received: number; open: number }
  | { cmd: 'collect'; pairs: Float64Array; closed: number; open: number }
  | { cmd: 'close' };

const unpackr = new Unpackr({ structures: sharedStructures(), mapsAsObjects: true });
const now = (): number => performance.timeOrigin + performance.now();

const sockets = new Set<net.Socket>();
let closedUnexpectedly = 0;
let pairs = new Float64Array(1 << 16);
let pairCount = 0;

function record(seq: number, t: number): void {
  if (pairCount * 2 + 2 > pairs.length) {
    const bigger = new Float64Array(pairs.length * 2);
    bigger.set(pairs);
    pairs = bigger;
  }
  pairs[pairCount * 2] = seq;
  pairs[pairCount * 2 + 1] = t;
  pairCount++;
}

/**
 * Every viewer of a process gets the same bytes for a delta, so each distinct message is decoded
 * once: a message byte-identical to the last one decoded (compared in full) has the same seq. The
 * viewers are load, not the subject, and should spend as little of the server's two cores as they
 * can (decoding every copy cost them about a tenth of their CPU at 10,000 viewers).
 */
const memo = { bytes: Buffer.alloc(64 * 1024), length: -1, opcode: -1, seq: -1 };

/** The seq of a delta message in buf[start, end), or -1 (not a delta, undecodable). */
function deltaSeq(opcode: number, buf: Buffer, start: number, end: number): number {
  const len = end - start;
  if (len === memo.length && opcode === memo.opcode && buf.compare(memo.bytes, 0, len, start, end) === 0) return memo.seq;
  let m: { type?: unknown; seq?: unknown };
  try {
    const payload = buf.subarray(start, end);
    m = opcode === OP_BINARY ? unpackr.unpack(payload) : JSON.parse(payload.toString('utf8'));
  } catch {
    return -1;
  }
  const seq = m && m.type === 'delta' && typeof m.seq === 'number' ? m.seq : -1;
  if (len <= memo.bytes.length) {
    buf.copy(memo.bytes, 0, start, end);
    memo.length = len;
    memo.opcode = opcode;
    memo.seq = seq;
  }
  return seq;
}

function onMessage(opcode: number, buf: Buffer, start: number, end: number, t: number): void {
  const seq = deltaSeq(opcode, buf, start, end);
  if (seq >= 0) record(seq, t);
}

/**
 * One receive buffer for every socket of the process: with `onread` Node hands the bytes to our
 * callback straight from libuv, without a Buffer per read and without the stream machinery
 * (several times cheaper per message, which matters when the clients share the server's cores).
 * The callback consumes them synchronously; only an incomplete frame is copied aside.
 */
const shared = Buffer.alloc(256 * 1024);

/** Opens one viewer; resolves null once the 101 arrived, else why not (error, timeout). */
function openViewer(host: string, port: number, path: string, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    let upgraded = false;
    let rest: Buffer | null = null;
    const onBytes = (n: number): boolean => {
      const t = now();
      // The common case: nothing left over, exactly one whole frame of under 64 KiB, read in place
      // from the shared buffer without allocating.
      if (upgraded && rest === null && n >= 2) {
        const len7 = shared[1]! & 0x7f;
        const head = len7 === 126 ? 4 : 2;
        const len = len7 === 126 ? (n >= 4 ? (shared[2]! << 8) | shared[3]! : -1) : len7;
        const opcode = shared[0]! & 0x0f;
        if (len7 < 127 && head + len === n && (opcode === OP_TEXT || opcode === OP_BINARY)) {
          onMessage(opcode, shared, head, n, t);
          return true;
        }
      }
      let buf = Buffer.from(shared.buffer, shared.byteOffset, n);
      if (rest) {
        buf = Buffer.concat([rest, buf]);
        rest = null;
      }
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) {
          rest = Buffer.from(buf);
          return true;
        }
        if (!buf.subarray(0, 12).toString('latin1').includes(' 101')) {
          fail(`no upgrade: ${buf.subarray(0, end).toString('latin1').split('\r\n')[0]}`);
          return false;
        }
        upgraded = true;
        clearTimeout(timer);
        sockets.add(socket);
        buf = buf.subarray(end + 4);
        resolve(null);
      }
      const { frames, rest: left } = readFrames(buf);
      for (const f of frames) {
        if (f.opcode === OP_TEXT || f.opcode === OP_BINARY) onMessage(f.opcode, f.payload, 0, f.payload.length, t);
        else if (f.opcode === OP_PING) socket.write(maskedFrame(OP_PONG, Buffer.from(f.payload)));
        else if (f.opcode === OP_CLOSE) socket.destroy();
      }
      if (left.length > 0) rest = Buffer.from(left);
      return true;
    };
    const socket = net.connect({ host, port, onread: { buffer: shared, callback: onBytes } });
    socket.setNoDelay(true);
    const timer = setTimeout(() => fail('handshake timeout'), timeoutMs);
    function fail(why: string): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(why);
    }
    socket.on('connect', () => socket.write(upgradeRequest(host, port, path)));
    socket.on('error', (e) => {
      if (!upgraded) fail(e.message);
    });
    socket.on('close', () => {
      if (upgraded && sockets.delete(socket)) closedUnexpectedly++;
      if (!upgraded) fail('closed before upgrade');
    });
  });
}

async function connectMany(c: Extract<ViewerCommand, { cmd: 'connect' }>): Promise<ViewerReply> {
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  const lane = async (): Promise<void> => {
    while (next < c.count) {
      next++;
      const err = await openViewer(c.host, c.port, c.path, c.timeoutMs);
      if (err !== null) {
        failed++;
        firstError ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(c.concurrency, c.count) }, lane));
  return { cmd: 'connect', open: sockets.size, failed, firstError };
}

process.on('message', (c: ViewerCommand) => {
  const reply = (r: ViewerReply): void => void process.send!(r);
  switch (c.cmd) {
    case 'connect':
      void connectMany(c).then(reply);
      break;
    case 'reset':
      pairCount = 0;
      reply({ cmd: 'reset' });
      break;
    case 'count':
      reply({ cmd: 'count', received: pairCount, open: sockets.size });
      break;
    case 'collect':
      reply({ cmd: 'collect', pairs: pairs.slice(0, pairCount * 2), closed: closedUnexpectedly, open: sockets.size });
      break;
    case 'close':
      for (const s of sockets) s.destroy();
      sockets.clear();
      closedUnexpectedly = 0;
      pairCount = 0;
      reply({ cmd: 'close' });
      break;
  }
});
// The parent died or closed the channel: nothing left to measure for.
process.on('disconnect', () => process.exit(0));

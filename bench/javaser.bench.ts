// Parser speed and memory on a >= 20 MB Winlaufen-like stream written by the JDK, side by side with
// the JDK's own ObjectInputStream (fixtures/java/JdkReadBench.java) and the npm packages
// java-deserialization and java.io on the same bytes. Wanted: >= 2x the JDK, >= 10x the npm peers,
// 1460-byte chunks within 10% of whole-buffer parsing, memory bounded by the handle table.
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { JavaStreamParser, type ParseSink } from '../src/javaser/index.js';
import { compileJavaFixtures, runJava } from '../test/support/java.js';
import { gc } from './javaser/gc.js';
import { hold } from './javaser/held.js';
import { liveHeapWhileParsing } from './javaser/memory.js';
import { peers } from './javaser/peers.js';
import { winlaufenStream } from './javaser/streams.js';
import type { BenchRow, BenchSuite } from './suite.js';

const MB = 1e6;
const BIG = 20 * 1024 * 1024; // >= 20 MB however one counts
const SMALL = 5 * 1024 * 1024;
const RESET_EVERY = 100;
/** Timed passes per figure, ours and the JDK's (median). */
const PASSES = 9;
/**
 * The JDK and our parser are timed in alternating rounds (JDK, ours, JDK, ours ...), each figure the
 * median of its rounds: this machine's speed drifts by a third over a minute, and one JDK run
 * before all of ours compared two different machines.
 */
const ROUNDS = 3;

/** Counts values as they come and drops them, as a streaming consumer does. */
class CountingSink implements ParseSink {
  values = 0;
  value(): void {
    this.values++;
  }
  header(): void {}
  reset(): void {}
  error(): void {}
}

/**
 * `bytes` as `size`-byte pieces, cut once before timing: a receiver gets each segment as a buffer of
 * its own from the socket or the capture, so cutting them is not the parser's work.
 */
function pieces(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** A new parser that has read the chunks in order into a counting sink (and kept, see held.ts). */
function ourReader(chunks: Buffer[]): { parser: JavaStreamParser; sink: CountingSink } {
  const parser = new JavaStreamParser();
  const sink = new CountingSink();
  for (const c of chunks) parser.feedTo(c, sink);
  return { parser, sink };
}

/** Parses the chunks in order into a counting sink; returns the number of top-level values. */
function parse(chunks: Buffer[]): number {
  const { parser, sink } = ourReader(chunks);
  parser.endTo(sink);
  return sink.values;
}

/** The same through feed(), which returns every event of the call in one array. */
function parseToArray(bytes: Buffer): number {
  const p = new JavaStreamParser();
  let n = 0;
  for (const e of p.feed(bytes)) if (e.type === 'value') n++;
  for (const e of p.end()) if (e.type === 'value') n++;
  return n;
}

/** Splits a stream at its TC_RESETs into streams the npm peers can read: each part gets a header. */
function resetFreeParts(bytes: Buffer): Buffer[] {
  const resets: number[] = [];
  new JavaStreamParser().feedTo(bytes, { value() {}, header() {}, reset: (offset) => void resets.push(offset), error() {} });
  const header = bytes.subarray(0, 4);
  const parts: Buffer[] = [];
  let from = 4;
  for (const at of [...resets, bytes.length]) {
    parts.push(Buffer.concat([header, bytes.subarray(from, at)]));
    from = at + 1;
  }
  return parts;
}

/**
 * Median seconds per run of `fn`, measured by tinybench after warm-up runs. The median, like the
 * JDK's figure (JdkReadBench): on a shared machine one slow run moves a mean, not a median.
 */
async function seconds(name: string, fn: () => unknown, iterations: number, warmupIterations: number): Promise<number> {
  const bench = new Bench({ iterations, time: 0, warmup: warmupIterations > 0, warmupIterations, warmupTime: 0 });
  bench.add(name, fn);
  await bench.run();
  const res = bench.tasks[0]!.result;
  if (res.state !== 'completed') throw new Error(`${name}: ${res.state}${'error' in res ? `: ${String(res.error)}` : ''}`);
  return res.latency.p50 / 1000;
}

/**
 * Median seconds of each of `fns`, run in turns (a, b, a, b ...) after `warmup` turns. Each turn
 * starts from a collected heap, so that none pays for garbage the one before it left.
 */
async function inTurns(fns: Array<() => unknown>, passes: number, warmup: number): Promise<number[]> {
  const times: number[][] = fns.map(() => []);
  for (let round = 0; round < warmup + passes; round++) {
    for (let i = 0; i < fns.length; i++) {
      gc();
      const t0 = performance.now();
      fns[i]!();
      const t = (performance.now() - t0) / 1000;
      if (round >= warmup) times[i]!.push(t);
    }
    await new Promise((r) => setImmediate(r)); // progress output, timers
  }
  return times.map(median);
}

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The element whose key is the median of the keys. */
function medianBy<T>(list: T[], key: (t: T) => number): T {
  const sorted = [...list].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface JdkFigure {
  bytes: number;
  seconds: number;
  mbPerSec: number;
  objects: number;
}

async function jdkFigure(path: string): Promise<JdkFigure> {
  compileJavaFixtures(); // a no-op when fixtures/java/build is newer than the sources
  return JSON.parse(await runJava('JdkReadBench', [path, String(PASSES), '3'], { jvmArgs: ['-Xmx2g'] })) as JdkFigure;
}

const suite: BenchSuite = {
  name: 'javaser',
  async run(progress) {
    progress('Winlaufen-like streams from the JDK (cached in bench/out/)');
    const resetPath = await winlaufenStream({ bytes: BIG, seed: 1, resetEvery: RESET_EVERY });
    const plainPath = await winlaufenStream({ bytes: BIG, seed: 1, resetEvery: 0 });
    const smallPath = await winlaufenStream({ bytes: SMALL, seed: 1, resetEvery: RESET_EVERY });
    const withReset = readFileSync(resetPath);
    const noReset = readFileSync(plainPath);
    const small = readFileSync(smallPath);
    const size = (b: Buffer) => `${(b.length / MB).toFixed(1)} MB`;
    const resetNote = `${size(withReset)}, reset() every ${RESET_EVERY} updates`;
    const plainNote = `${size(noReset)}, no reset (the npm peers cannot read TC_RESET)`;
    const rows: BenchRow[] = [];

    const resetChunks = pieces(withReset, 1460);
    const plainChunks = pieces(noReset, 1460);
    // One parser stays alive through every turn, as in a racewire worker (see held.ts).
    hold(ourReader(pieces(small, 1460)));
    const jdkResets: JdkFigure[] = [];
    const jdkPlains: JdkFigure[] = [];
    const chunkedTimes: number[] = [];
    const wholeTimes: number[] = [];
    const plainTimes: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      progress(`round ${round}/${ROUNDS}: JDK ObjectInputStream (JdkReadBench: from a byte array, 3 warm-up + ${PASSES} timed passes, median)`);
      jdkResets.push(await jdkFigure(resetPath));
      jdkPlains.push(await jdkFigure(plainPath));
      progress(`round ${round}/${ROUNDS}: our parser, whole buffer and 1460-byte chunks in turns (3 warm-up + ${PASSES} timed passes, median)`);
      // In turns after warming both: whichever came first ran slower (one whole-buffer call runs
      // the parser's loop 21 MB long, so a cold parser is compiled in the middle of it).
      const [c, w] = await inTurns([() => parse(resetChunks), () => parse([withReset])], PASSES, 3);
      chunkedTimes.push(c!);
      wholeTimes.push(w!);
      plainTimes.push(await seconds('1460 no reset', () => parse(plainChunks), PASSES, 2));
    }
    const jdkReset = medianBy(jdkResets, (f) => f.mbPerSec);
    const jdkPlain = medianBy(jdkPlains, (f) => f.mbPerSec);
    const expectValues = parse([withReset]);
    if (expectValues !== jdkReset.objects) progress(`WARNING: parser gave ${expectValues} values, JDK read ${jdkReset.objects} objects`);
    const chunked = withReset.length / MB / median(chunkedTimes);
    const whole = withReset.length / MB / median(wholeTimes);
    // Paired: each round's chunked and whole passes ran in turns, so their ratio cancels the drift.
    const chunkedVsWhole = median(chunkedTimes.map((c, i) => wholeTimes[i]! / c));
    const chunkedPlain = noReset.length / MB / median(plainTimes);
    const wholeArray = withReset.length / MB / (await seconds('whole, array', () => parseToArray(withReset), 5, 1));
    const rounds = (list: number[]) => list.map((v) => v.toFixed(0)).join(', ');
    const roundsNote = `rounds: ours ${rounds(chunkedTimes.map((t) => withReset.length / MB / t))} MB/s, JDK ${rounds(jdkResets.map((f) => f.mbPerSec))} MB/s`;
    const sinkNote = 'values handed to a counting sink (feedTo)';
    rows.push(
      { case: 'JDK ObjectInputStream, reset stream', value: jdkReset.mbPerSec, unit: 'MB/s', note: `${resetNote}; ByteArrayInputStream, after JIT warm-up, median of ${PASSES} passes, median of ${ROUNDS} rounds` },
      { case: 'parse, 1460-byte chunks', value: chunked, unit: 'MB/s', peer: 'JDK ObjectInputStream', ratio: chunked / jdkReset.mbPerSec, note: `${resetNote}; ${sinkNote}; >= 2x wanted; ${roundsNote}` },
      { case: 'parse, whole buffer', value: whole, unit: 'MB/s', peer: 'JDK ObjectInputStream', ratio: whole / jdkReset.mbPerSec, note: `${resetNote}; ${sinkNote}` },
      { case: '1460-byte chunks vs whole buffer', value: chunkedVsWhole * 100, unit: '%', note: `within 10% (>= 90%) wanted; median of the rounds' ratios: ${chunkedTimes.map((c, i) => ((wholeTimes[i]! / c) * 100).toFixed(1)).join(', ')}%` },
      { case: 'parse, whole buffer, events returned as one array', value: wholeArray, unit: 'MB/s', note: 'feed(): holds all 556k values until it returns (for contrast)' },
      { case: 'JDK ObjectInputStream, no-reset stream', value: jdkPlain.mbPerSec, unit: 'MB/s', note: plainNote },
      { case: 'parse, 1460-byte chunks, no-reset stream', value: chunkedPlain, unit: 'MB/s', peer: 'JDK ObjectInputStream', ratio: chunkedPlain / jdkPlain.mbPerSec, note: `${plainNote}; ${sinkNote}` },
    );

    // The npm peers fail on TC_RESET, so they read the same bytes split at every TC_RESET into
    // streams of their own (a header each): the same values and handle tables as our parser reads.
    // The no-reset stream is the other way to feed them; there every handle table grows to the end.
    // Each peer takes turns with our parser (ours, theirs, ours ...): the machine's speed drifts by
    // up to a half between minutes, and a ratio of figures taken minutes apart measures that too.
    const parts = resetFreeParts(withReset);
    const partBytes = parts.reduce((sum, p) => sum + p.length, 0);
    for (const peer of peers) {
      progress(`${peer.name} on the same bytes, in turns with our parser (1 warm-up + 3 timed passes, median)`);
      try {
        peer.readAll(withReset);
        rows.push({ case: `${peer.name}, reset stream`, value: NaN, unit: 'MB/s', note: 'unexpectedly read the reset stream' });
      } catch (err) {
        rows.push({ case: `${peer.name}, reset stream`, value: NaN, unit: 'MB/s', note: `fails: ${String((err as Error).message).slice(0, 80)}` });
      }
      hold(peer.reader(parts[0]!));
      const [oursSplit, theirsSplit] = await inTurns([() => parse(resetChunks), () => parts.reduce((n, p) => n + peer.readAll(p), 0)], 3, 1);
      const ours = withReset.length / MB / oursSplit!;
      const split = partBytes / MB / theirsSplit!;
      rows.push({
        case: `${peer.name}, reset stream split at its ${parts.length - 1} resets`,
        value: split,
        unit: 'MB/s',
        peer: `parse 1460-byte chunks, in turns (${ours.toFixed(1)} MB/s)`,
        ratio: ours / split,
        note: `the same bytes as ${parts.length} streams with a header each, whole buffers for them; ratio = ours/theirs, >= 10x wanted`,
      });
      const [oursPlainTime, theirsPlainTime] = await inTurns([() => parse(plainChunks), () => peer.readAll(noReset)], 3, 1);
      const oursPlain = noReset.length / MB / oursPlainTime!;
      const theirs = noReset.length / MB / theirsPlainTime!;
      rows.push({
        case: `${peer.name}, no-reset stream`,
        value: theirs,
        unit: 'MB/s',
        peer: `parse 1460-byte chunks, in turns (${oursPlain.toFixed(1)} MB/s)`,
        ratio: oursPlain / theirs,
        note: `${plainNote}; whole buffer for them; ratio = ours/theirs, >= 10x wanted`,
      });
    }

    progress('live heap while parsing (1460-byte chunks, values dropped, sampled after GC)');
    for (const [name, bytes] of [
      [`reset stream ${size(small)}`, small],
      [`reset stream ${size(withReset)}`, withReset],
      [`no-reset stream ${size(noReset)}`, noReset],
    ] as const) {
      const heap = liveHeapWhileParsing(bytes);
      rows.push({
        case: `peak live heap, ${name}`,
        value: heap.peakLive / MB,
        unit: 'MB',
        note: name.startsWith('reset')
          ? 'bounded by the handle table between resets'
          : 'handle table grows with the stream (no reset): for contrast',
      });
    }
    return rows;
  },
};

export default suite;

// End to end, `replay --speed max` style: capture file -> decode -> reassembly -> analyzers (worker
// pool vs this thread) -> results state. Rows/s and MB/s on one big stream and on eight streams at
// once, and the latency from a segment entering the pipeline to its list update leaving it, at max
// speed (with queueing) and paced at a live-like 2,000 packets/s; both ways warmed up first by other
// streams. Rows/s counts every row parsed;
// only those that changed since their stream last sent them reach the results state.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { readCaptureFile } from '../src/capture/index.js';
import { PacedPackets } from '../src/cli/paced-packets.js';
import { FILE_BACKLOG_BYTES, Pipeline, defaultPipelineOptions } from '../src/pipeline/pipeline.js';
import { ResultsState } from '../src/results/index.js';
import { repoRoot } from '../test/support/java.js';
import { winlaufenStream } from './javaser/streams.js';
import { writeStreamsCapture } from './pipeline/synth-capture.js';
import type { BenchRow, BenchSuite } from './suite.js';

const MB = 1e6;

interface Run {
  seconds: number;
  rows: number;
  bytes: number;
  p50: number | null;
  p99: number | null;
}

async function capture(name: string, sizes: number[], gapUs: number): Promise<{ path: string; bytes: number }> {
  const path = join(repoRoot, 'bench/out', `pipeline-${name}.pcap`);
  const streams = await Promise.all(sizes.map((bytes, i) => winlaufenStream({ bytes, seed: 11 + i, resetEvery: 100 })));
  const data = streams.map((p) => readFileSync(p));
  if (!existsSync(path)) writeStreamsCapture(path, data, gapUs);
  return { path, bytes: data.reduce((n, d) => n + d.length, 0) };
}

function newPipeline(workers: number): { pipeline: Pipeline; state: ResultsState } {
  const state = new ResultsState();
  const pipeline = new Pipeline(
    { ...defaultPipelineOptions, workers },
    { update: (_s, u) => void state.applyListUpdate(u), log: () => {} },
  );
  return { pipeline, state };
}

async function replay(path: string, pipeline: Pipeline, speed = Infinity, end = true): Promise<void> {
  const paced = new PacedPackets(speed, (pkt) => pipeline.packet(pkt));
  await readCaptureFile(path, (pkt) => paced.push(pkt), {
    beforeRead: async () => {
      await paced.drain(256);
      await pipeline.whenBacklogBelow(FILE_BACKLOG_BYTES);
    },
  });
  await paced.drain(0);
  if (end) await pipeline.end();
}

/**
 * Mean of `iterations` tinybench runs, each on a fresh pipeline that has first replayed `warmup`
 * (other streams, untimed): a capture service runs for hours, so its workers' code is compiled
 * and warm, as the main thread's is after the first run. Without this the pool paid the JIT's
 * warm-up in every run and the main thread only in the first.
 */
async function measure(path: string, workers: number, warmup: string, iterations = 3): Promise<Run> {
  let current: ReturnType<typeof newPipeline> | null = null;
  let last: Run | null = null;
  let before = { rows: 0, bytes: 0 };
  const bench = new Bench({ iterations, time: 0, warmup: false });
  bench.add(
    `${workers} workers`,
    async () => {
      await replay(path, current!.pipeline);
      const p = current!.pipeline;
      // The latency sample keeps the newest 10,000 updates: all of them from the timed replay.
      last = { seconds: 0, rows: p.counters.rowsParsed - before.rows, bytes: p.counters.bytes - before.bytes, p50: p.latency.quantile(0.5), p99: p.latency.quantile(0.99) };
    },
    {
      beforeEach: async () => {
        current = newPipeline(workers);
        await replay(warmup, current.pipeline, Infinity, false);
        await current.pipeline.whenBacklogBelow(0);
        await new Promise((r) => setTimeout(r, 300));
        before = { rows: current.pipeline.counters.rowsParsed, bytes: current.pipeline.counters.bytes };
      },
    },
  );
  await bench.run();
  const res = bench.tasks[0]!.result;
  if (res.state !== 'completed') throw new Error(`${path}: ${res.state}${'error' in res ? `: ${String(res.error)}` : ''}`);
  return { ...last!, seconds: res.latency.mean / 1000 };
}

/**
 * The main thread and the pool in turns, `rounds` runs each, each way's median run: this machine's
 * speed drifts by a third within minutes, so runs of one way after all of the other compared two
 * different machines.
 */
async function inTurns(path: string, warmup: string, rounds = 5): Promise<{ inline: Run; pooled: Run }> {
  const inline: Run[] = [];
  const pooled: Run[] = [];
  for (let r = 0; r < rounds; r++) {
    inline.push(await measure(path, 0, warmup, 1));
    pooled.push(await measure(path, 2, warmup, 1));
  }
  const median = (runs: Run[]): Run => [...runs].sort((x, y) => x.seconds - y.seconds)[Math.floor(runs.length / 2)]!;
  return { inline: median(inline), pooled: median(pooled) };
}

const suite: BenchSuite = {
  name: 'pipeline',
  async run(progress) {
    progress('JDK-written streams and synthesized captures (cached in bench/out/)');
    const one = await capture('1x32MB', [32 * 1024 * 1024], 10);
    const eight = await capture('8x4MB', Array.from({ length: 8 }, () => 4 * 1024 * 1024), 10);
    const live = await capture('8x256KB-live', Array.from({ length: 8 }, () => 256 * 1024), 500);
    const rows: BenchRow[] = [];
    for (const [label, cap] of [
      ['1 stream', one],
      ['8 streams', eight],
    ] as const) {
      progress(`${label}: ${workersLabel(0)} and ${workersLabel(2)}, 5 runs each in turns (medians)`);
      const { inline, pooled } = await inTurns(cap.path, live.path);
      const note = `${(cap.bytes / MB).toFixed(1)} MB, ${label}`;
      rows.push(
        { case: `replay ${label}, main thread: MB/s`, value: cap.bytes / MB / inline.seconds, unit: 'MB/s', note },
        { case: `replay ${label}, main thread: rows/s`, value: inline.rows / inline.seconds, unit: 'rows/s', note },
        {
          case: `replay ${label}, 2 workers: MB/s`,
          value: cap.bytes / MB / pooled.seconds,
          unit: 'MB/s',
          peer: 'same on the main thread',
          ratio: inline.seconds / pooled.seconds,
          note,
        },
        { case: `replay ${label}, 2 workers: rows/s`, value: pooled.rows / pooled.seconds, unit: 'rows/s', note },
        { case: `replay ${label}, 2 workers: latency p50 (max speed, queued)`, value: pooled.p50 ?? NaN, unit: 'ms', note },
        { case: `replay ${label}, 2 workers: latency p99 (max speed, queued)`, value: pooled.p99 ?? NaN, unit: 'ms', note },
      );
    }
    progress('latency paced at 2,000 packets/s, 8 streams, 2 workers');
    const { pipeline } = newPipeline(2);
    await new Promise((r) => setTimeout(r, 500));
    await replay(live.path, pipeline, 1);
    const note = `${(live.bytes / MB).toFixed(1)} MB, 8 streams, segment entering -> list update out`;
    rows.push(
      { case: 'latency p50, paced 2,000 pkt/s', value: pipeline.latency.quantile(0.5) ?? NaN, unit: 'ms', note },
      { case: 'latency p99, paced 2,000 pkt/s', value: pipeline.latency.quantile(0.99) ?? NaN, unit: 'ms', note },
    );
    return rows;
  },
};

function workersLabel(n: number): string {
  return n === 0 ? 'main thread' : `${n} workers`;
}

export default suite;

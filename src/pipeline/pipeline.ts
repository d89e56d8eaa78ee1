// The capture side of racewire: packets -> decoder -> reassembler -> per-stream batches -> stream
// analyzers (on a worker pool, or inline) -> list updates. The capture side never waits for parsing:
// a file reader may wait on the backlog (whenBacklogBelow); live capture cannot wait, so beyond the
// backlog cap its bytes become reported gaps instead of unbounded memory.
import { PacketDecoder, type PacketDecoderOptions, type RawPacket, type TcpSegment } from '../capture/index.js';
import { TcpReassembler, type ReassemblerOptions, type StreamEvent, type StreamId, type StreamLoss } from '../tcp/index.js';
import type { ListUpdate } from '../winlaufen/index.js';
import type { AnalysisEvent, AnalyzerOptions } from './analysis.js';
import { StreamBatcher } from './batcher.js';
import { InlineStreamPool } from './inline-pool.js';
import { LatencySample } from './latency.js';
import type { StreamPool } from './stream-pool.js';
import { WorkerStreamPool } from './worker-pool.js';

export interface PipelineOptions {
  /** Worker threads for the analyzers; 0 analyses on this thread. */
  workers: number;
  streamsPerThread: number;
  watchdogMs: number;
  batchBytes: number;
  /** Batches of a stream that fills them faster than the event loop turns grow up to this. */
  maxBatchBytes: number;
  /** Live capture: bytes not yet analysed beyond this are dropped and reported as gaps. */
  maxBacklogBytes: number;
  analyzer: AnalyzerOptions;
  reassembler: Partial<ReassemblerOptions>;
  decoder: PacketDecoderOptions;
}

export const defaultPipelineOptions: PipelineOptions = {
  workers: 2,
  streamsPerThread: 256,
  watchdogMs: 10_000,
  batchBytes: 64 * 1024,
  maxBatchBytes: 1024 * 1024,
  maxBacklogBytes: 256 * 1024 * 1024,
  analyzer: {},
  reassembler: {},
  decoder: {},
};

/**
 * How far a file reader may run ahead of the analyzers. Small on purpose: transferred batches that
 * wait in a worker's queue count as external memory there and bring on extra garbage collections,
 * which made a single stream slower on the pool than on one thread.
 */
export const FILE_BACKLOG_BYTES = 4 * 1024 * 1024;

export interface PipelineSink {
  update(stream: StreamId, update: ListUpdate): void;
  log(message: string): void;
}

export interface PipelineCounters {
  packets: number;
  segments: number;
  bytes: number;
  gaps: number;
  gapBytes: number;
  /** Bytes dropped because the analyzers fell behind live capture (part of gapBytes). */
  backpressureBytes: number;
  parseErrors: number;
  updates: number;
  /** Rows that reached the results state: those that changed since their stream last sent them. */
  rows: number;
  /** Rows the analyzers read from closed streams (every row of every update, resent or not). */
  rowsParsed: number;
  streams: number;
}

export class Pipeline {
  readonly #decoder: PacketDecoder;
  readonly #reassembler: TcpReassembler;
  readonly #batcher: StreamBatcher;
  readonly #pool: StreamPool;
  readonly #losses: StreamLoss[] = [];
  readonly latency = new LatencySample();
  readonly counters: PipelineCounters = {
    packets: 0,
    segments: 0,
    bytes: 0,
    gaps: 0,
    gapBytes: 0,
    backpressureBytes: 0,
    parseErrors: 0,
    updates: 0,
    rows: 0,
    rowsParsed: 0,
    streams: 0,
  };

  constructor(
    private readonly options: PipelineOptions,
    private readonly sink: PipelineSink,
  ) {
    this.#decoder = new PacketDecoder(options.decoder);
    this.#reassembler = new TcpReassembler((e) => this.#onStreamEvent(e), options.reassembler);
    const poolEvents = {
      onEvents: (stream: StreamId, events: AnalysisEvent[], latencyMs: number) => this.#onAnalysis(stream, events, latencyMs),
      onLog: (message: string) => sink.log(message),
    };
    this.#pool =
      options.workers > 0
        ? new WorkerStreamPool(
            { threads: options.workers, streamsPerThread: options.streamsPerThread, watchdogMs: options.watchdogMs, analyzer: options.analyzer },
            poolEvents,
          )
        : new InlineStreamPool(options.analyzer, poolEvents);
    this.#batcher = new StreamBatcher({ batchBytes: options.batchBytes, maxBatchBytes: options.maxBatchBytes }, (stream, batch) => this.#pool.send(stream, batch));
  }

  /** One captured frame (its bytes are read during this call only). */
  packet(pkt: RawPacket): void {
    this.counters.packets++;
    const seg = this.#decoder.decode(pkt);
    if (seg) this.segment(seg);
  }

  segment(seg: TcpSegment): void {
    this.counters.segments++;
    this.#reassembler.push(seg);
  }

  /** Live capture: lets idle timeouts fire when no packets arrive (capture clock, µs). */
  tick(nowUs: number): void {
    this.#reassembler.tick(nowUs);
  }

  /** For file input: resolves when the analyzers have caught up enough to read on. */
  whenBacklogBelow(bytes: number): Promise<void> {
    this.#batcher.flushAll();
    return this.#pool.whenBacklogBelow(bytes);
  }

  get decodeStats() {
    return this.#decoder.stats;
  }

  get workerRestarts(): number {
    return this.#pool.restarts;
  }

  /** Per-direction loss reports of the streams closed so far. */
  get losses(): readonly StreamLoss[] {
    return this.#losses;
  }

  /**
   * The results state was reset (a new epoch): analyzers send only rows that changed since they last
   * sent them, so they must forget, or rows that do not change again would never come back.
   */
  resultsReset(): void {
    this.#batcher.forgetAll();
  }

  /** End of input: every open stream ends (its missing bytes become gaps), and the analyzers finish. */
  async end(): Promise<void> {
    this.#reassembler.flush();
    this.#batcher.flushAll();
    await this.#pool.close();
  }

  #onStreamEvent(event: StreamEvent): void {
    switch (event.type) {
      case 'open':
        this.counters.streams++;
        return;
      case 'data':
        if (this.#pool.backlogBytes > this.options.maxBacklogBytes) {
          this.counters.backpressureBytes += event.bytes.length;
          this.#countGap(event.bytes.length);
          this.#batcher.gap(event.stream, event.offset, event.bytes.length, 'backpressure');
          return;
        }
        this.counters.bytes += event.bytes.length;
        this.#batcher.data(event.stream, event.offset, event.bytes);
        return;
      case 'gap':
        this.#countGap(event.length);
        this.#batcher.gap(event.stream, event.offset, event.length, event.reason);
        return;
      case 'close':
        if (event.loss) this.#losses.push(event.loss);
        this.#batcher.close(event.stream, event.offset, event.reason);
        return;
    }
  }

  #countGap(length: number): void {
    this.counters.gaps++;
    this.counters.gapBytes += length;
  }

  #onAnalysis(stream: StreamId, events: AnalysisEvent[], latencyMs: number): void {
    for (const event of events) {
      switch (event.type) {
        case 'update':
          this.counters.updates++;
          this.counters.rows += event.update.rows.length;
          this.latency.add(latencyMs);
          this.sink.update(stream, event.update);
          break;
        case 'parse-error':
          this.counters.parseErrors++;
          this.sink.log(`stream ${stream}: ${event.message}`);
          break;
        case 'gap':
          this.#countGap(event.length);
          this.sink.log(`stream ${stream}: ${event.length} bytes at offset ${event.offset} not analysed (${event.reason})`);
          break;
        case 'closed':
          this.counters.rowsParsed += event.stats.rows;
          break;
      }
    }
  }
}

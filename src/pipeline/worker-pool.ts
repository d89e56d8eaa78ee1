// Runs stream analyzers on a piscina pool. Each TCP direction gets one long-running task that owns
// the stream's parser state, fed through its own MessagePort: affinity and order come for free, and
// many streams share a worker (concurrentTasksPerWorker). A crashed task, or one that has not
// answered a batch within the watchdog time, is replaced; the bytes it had not analysed are
// reported as a gap so nothing is lost silently. The watchdog terminates the stuck thread itself:
// piscina's AbortSignal route would do that too, but piscina never shares a worker between
// abortable tasks, which would cost a thread per stream.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { StreamId } from '../tcp/types.js';
import type { AnalysisEvent, AnalyzerOptions } from './analysis.js';
import type { Batch, BatchResult, StreamTask, TaskStarted } from './messages.js';
import type { StreamPool, StreamPoolEvents } from './stream-pool.js';

export interface WorkerPoolOptions {
  threads: number;
  /** Streams one worker thread serves at once. */
  streamsPerThread: number;
  /** A batch not analysed within this time marks its worker as stuck. */
  watchdogMs: number;
  analyzer: AnalyzerOptions;
}

interface InFlight {
  seq: number;
  bytes: number;
  firstOffset: number;
  endOffset: number;
  sentAt: number;
  closes: boolean;
}

interface StreamRun {
  port: MessagePort;
  /** The worker thread running the task, once it said so. */
  threadId: number | null;
  terminating: boolean;
  inFlight: InFlight[];
  closed: boolean;
  generation: number;
  /** The task resolved; the run ends once the answers still on their way have arrived. */
  taskDone: boolean;
  ended: Promise<void>;
  end: () => void;
}

/** The compiled worker module; under vitest (running .ts sources) the build in dist/ is used. */
function workerFile(): string {
  const url = new URL('./stream-worker.js', import.meta.url);
  const path = fileURLToPath(url);
  return path.includes('/dist/') ? path : path.replace(/\/src\/pipeline\//, '/dist/src/pipeline/');
}

export class WorkerStreamPool implements StreamPool {
  readonly #pool: Piscina;
  readonly #runs = new Map<StreamId, StreamRun>();
  readonly #tasks = new Set<Promise<unknown>>();
  readonly #waiters: Array<{ bytes: number; resolve: () => void }> = [];
  /** Batches of reconnected streams, waiting for the closed run before them to end. */
  readonly #next = new Map<StreamId, Batch[]>();
  readonly #watchdog: NodeJS.Timeout;
  #backlog = 0;
  #restarts = 0;
  #closing = false;

  constructor(
    private readonly options: WorkerPoolOptions,
    private readonly events: StreamPoolEvents,
  ) {
    this.#pool = new Piscina({
      filename: workerFile(),
      minThreads: options.threads,
      maxThreads: options.threads,
      concurrentTasksPerWorker: options.streamsPerThread,
      idleTimeout: 60_000,
      // 'sync' (the default) parks an idle worker in Atomics.wait, which blocks its event loop and
      // with it the MessagePorts our long-running stream tasks listen on.
      atomics: 'disabled',
      // Piscina loads the task file with require() when it can, which for an ES module is Node 20's
      // require(esm). A worker terminated in the middle of that (close() right after start, as when
      // a demo is stopped at once) aborts the whole process: "v8::Module::IsGraphAsync must be used
      // on an instantiated module". Without require(esm) piscina falls back to import(), which a
      // terminated worker simply abandons.
      execArgv: [...process.execArgv, '--no-experimental-require-module'],
    });
    this.#watchdog = setInterval(() => this.#checkStuck(), Math.max(100, options.watchdogMs / 4));
    this.#watchdog.unref();
  }

  get backlogBytes(): number {
    return this.#backlog;
  }

  get restarts(): number {
    return this.#restarts;
  }

  send(stream: StreamId, batch: Batch): void {
    const current = this.#runs.get(stream);
    if (current?.closed) {
      this.#queueForNext(stream, current, batch);
      return;
    }
    const run = current ?? this.#start(stream, null);
    const positioned = batch.items.filter((i) => i.kind !== 'forget');
    const first = positioned[0];
    const last = positioned[positioned.length - 1];
    const flight: InFlight = {
      seq: batch.seq,
      bytes: batch.buffer.byteLength,
      firstOffset: first ? first.offset : 0,
      endOffset: last ? (last.kind === 'close' ? last.offset : last.offset + last.length) : 0,
      sentAt: Date.now(),
      closes: last?.kind === 'close',
    };
    run.inFlight.push(flight);
    this.#backlog += flight.bytes;
    run.port.postMessage(batch, [batch.buffer]);
    if (flight.closes) run.closed = true;
  }

  /**
   * A batch of a new connection on the endpoints of one whose close was sent (a reconnect from the
   * same port, a capture replayed twice). The closed run's task ignores anything after its close,
   * so the new connection gets a run of its own, started once the old one has ended: its updates
   * then cannot overtake the old connection's last ones.
   */
  #queueForNext(stream: StreamId, closed: StreamRun, batch: Batch): void {
    let queue = this.#next.get(stream);
    if (queue === undefined) {
      const q: Batch[] = [];
      queue = q;
      this.#next.set(stream, q);
      void closed.ended.then(() => {
        this.#next.delete(stream);
        for (const b of q) {
          this.#backlog -= b.buffer.byteLength;
          this.send(stream, b);
        }
      });
    }
    queue.push(batch);
    this.#backlog += batch.buffer.byteLength;
  }

  whenBacklogBelow(bytes: number): Promise<void> {
    if (this.#backlog <= bytes) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ bytes, resolve }));
  }

  async close(): Promise<void> {
    this.#closing = true;
    // A queued reconnect starts its run (and task) once the closed run before it has ended.
    while (this.#tasks.size > 0 || this.#next.size > 0) {
      await Promise.allSettled([...this.#tasks, ...[...this.#runs.values()].map((run) => run.ended)]);
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all([...this.#runs.values()].map((run) => run.ended));
    clearInterval(this.#watchdog);
    await this.#pool.destroy();
  }

  #start(stream: StreamId, resumeAt: number | null, generation = 0): StreamRun {
    const channel = new MessageChannel();
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const run: StreamRun = { port: channel.port1, threadId: null, terminating: false, inFlight: [], closed: false, generation, taskDone: false, ended, end };
    this.#runs.set(stream, run);
    channel.port1.on('message', (message: BatchResult | TaskStarted) => {
      if (message.kind === 'started') run.threadId = message.threadId;
      else this.#onResult(stream, run, message);
    });
    const task: StreamTask = { stream, port: channel.port2, options: this.options.analyzer, resumeAt };
    const done = this.#pool
      .run(task, { transferList: [channel.port2] })
      .then(
        () => this.#finished(stream, run),
        (err: unknown) => this.#failed(stream, run, err),
      );
    this.#tasks.add(done);
    void done.finally(() => this.#tasks.delete(done));
    return run;
  }

  #onResult(stream: StreamId, run: StreamRun, result: BatchResult): void {
    const i = run.inFlight.findIndex((f) => f.seq === result.seq);
    if (i >= 0) {
      this.#backlog -= run.inFlight[i]!.bytes;
      run.inFlight.splice(i, 1);
      this.#wake();
    }
    const latency = performance.timeOrigin + performance.now() - result.enteredAt;
    if (result.events.length > 0) this.events.onEvents(stream, result.events, latency);
    if (run.taskDone && run.inFlight.length === 0) this.#end(stream, run);
  }

  /** The task resolved, but its port may still hold answers: piscina's own channel can be faster. */
  #finished(stream: StreamId, run: StreamRun): void {
    run.taskDone = true;
    if (run.inFlight.length === 0) this.#end(stream, run);
  }

  #end(stream: StreamId, run: StreamRun): void {
    run.port.close();
    if (this.#runs.get(stream) === run) this.#runs.delete(stream);
    run.end();
  }

  /** The task died (crash, watchdog, pool shutdown): report what it had not analysed and start over. */
  #failed(stream: StreamId, run: StreamRun, err: unknown): void {
    const lost = run.inFlight.splice(0);
    for (const f of lost) this.#backlog -= f.bytes;
    this.#wake();
    this.#end(stream, run);
    if (this.#closing && lost.length === 0) return;
    const reason = err instanceof Error ? err.message : String(err);
    this.#restarts++;
    this.events.onLog(`stream ${stream}: worker task failed (${reason}); restarting, ${lost.length} batch(es) not analysed`);
    const events: AnalysisEvent[] = [];
    if (lost.length > 0) {
      const from = lost[0]!.firstOffset;
      const to = lost[lost.length - 1]!.endOffset;
      if (to > from) events.push({ type: 'gap', offset: from, length: to - from, reason: 'worker-restart' });
    }
    if (events.length) this.events.onEvents(stream, events, 0);
    if (!run.closed && !lost.some((f) => f.closes)) {
      const resumeAt = lost.length > 0 ? lost[lost.length - 1]!.endOffset : null;
      this.#start(stream, resumeAt, run.generation + 1);
    }
  }

  #checkStuck(): void {
    const limit = Date.now() - this.options.watchdogMs;
    for (const [stream, run] of this.#runs) {
      const oldest = run.inFlight[0];
      if (oldest && oldest.sentAt < limit && !run.terminating) {
        const thread = this.#pool.threads.find((t) => t.threadId === run.threadId);
        if (!thread) continue; // not started yet: a busy pool, not a stuck worker
        run.terminating = true;
        this.events.onLog(`stream ${stream}: batch ${oldest.seq} unanswered for ${this.options.watchdogMs} ms; terminating its worker`);
        void thread.terminate();
      }
    }
  }

  #wake(): void {
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      const w = this.#waiters[i]!;
      if (this.#backlog <= w.bytes) {
        this.#waiters.splice(i, 1);
        w.resolve();
      }
    }
  }
}

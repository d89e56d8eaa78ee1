// The main thread's side of the fan-out: starts the extra threads, feeds each one every delta and
// reset of the hub (in order, over its port), runs their /ingest messages against the hub and sends
// the replies back, adds their counters to the registry, and restarts a thread that crashed (its
// viewers reconnect, as the overlay does after any disconnect, and resume by sequence number).
import { Worker } from 'node:worker_threads';
import type { Counter, StandardMetrics } from '../metrics.js';
import type { IngestMessageHandler } from '../ingest.js';
import type { ResultsHub } from '../results-hub.js';
import type { FromThread, ThreadConfig, ToThread } from './messages.js';
import { applyIncrements } from './relayed-metrics.js';
import { fanoutThreadFile } from './thread-file.js';

export type ThreadSettings = Omit<ThreadConfig, 'index' | 'snapshot' | 'recent' | 'port'>;

export interface FanoutThreadsOptions {
  /** Extra threads (the main thread serves too). */
  count: number;
  settings: ThreadSettings;
  hub: ResultsHub;
  metrics: StandardMetrics;
  restarts: Counter;
  ingest: IngestMessageHandler;
  metricsText: () => string;
  log: (message: string) => void;
}

/** Restart delays after crashes in a row: a thread that dies at once is not restarted in a tight loop. */
const RESTART_DELAYS_MS = [50, 200, 1000, 5000];
/** A thread that ran this long before crashing starts the delays from the beginning again. */
const STABLE_MS = 30_000;
const CLOSE_TIMEOUT_MS = 5000;

interface Slot {
  index: number;
  worker: Worker | null;
  listening: boolean;
  viewers: number;
  /** This thread's net share of the ingest-connections gauge, taken back when it dies. */
  ingestConnections: number;
  startedAt: number;
  crashesInARow: number;
  restartTimer: NodeJS.Timeout | null;
  exited: Promise<void>;
}

export class FanoutThreads {
  private readonly slots: Slot[] = [];
  private closing = false;
  private port = 0;

  /**
   * Create this before the main thread's LiveFeed: hub listeners run in the order they were added,
   * and the threads must get a delta before the main thread spends its time publishing it to its
   * own viewers, or the threads would only start sending when the main thread is done.
   */
  constructor(private readonly options: FanoutThreadsOptions) {
    // Registered once; every live thread gets every change, in the hub's order.
    options.hub.onDelta((delta) => this.broadcast({ type: 'delta', delta }));
    options.hub.onReset((snapshot) => this.broadcast({ type: 'reset', snapshot }));
  }

  /**
   * Starts the threads on `port` (claimed already, see shared-port.ts); resolves when all listen,
   * rejects (after stopping them) when one cannot.
   */
  async start(port: number): Promise<void> {
    this.port = port;
    const started: Array<Promise<void>> = [];
    for (let i = 0; i < this.options.count; i++) {
      const slot: Slot = { index: i + 1, worker: null, listening: false, viewers: 0, ingestConnections: 0, startedAt: 0, crashesInARow: 0, restartTimer: null, exited: Promise.resolve() };
      this.slots.push(slot);
      started.push(this.spawn(slot));
    }
    const results = await Promise.allSettled(started);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await this.close();
      throw failed.reason;
    }
  }

  /** Viewers per extra thread (thread 1 first). */
  viewerCounts(): number[] {
    return this.slots.map((s) => s.viewers);
  }

  viewerCount(): number {
    let n = 0;
    for (const s of this.slots) n += s.viewers;
    return n;
  }

  /** Tests: makes thread `index` (1-based) throw an uncaught error, as a bug would. */
  crash(index: number): void {
    this.post(this.slots[index - 1], { type: 'crash' });
  }

  async close(): Promise<void> {
    this.closing = true;
    const exits: Array<Promise<void>> = [];
    for (const slot of this.slots) {
      if (slot.restartTimer) clearTimeout(slot.restartTimer);
      slot.restartTimer = null;
      this.post(slot, { type: 'close' });
      exits.push(slot.exited);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), CLOSE_TIMEOUT_MS)));
    const outcome = await Promise.race([Promise.all(exits).then(() => 'closed' as const), timeout]);
    clearTimeout(timer);
    // worker.terminate() with uWS sockets open aborts Node, so a thread that does not answer is
    // left to end with the process; say so instead of hanging.
    if (outcome === 'timeout') this.options.log(`fan-out threads did not close within ${CLOSE_TIMEOUT_MS} ms`);
  }

  private spawn(slot: Slot): Promise<void> {
    const hub = this.options.hub;
    const config: ThreadConfig = { ...this.options.settings, port: this.port, index: slot.index, snapshot: hub.snapshot(), recent: hub.recentDeltas() };
    // The snapshot and every later delta are posted in this same (synchronous) turn's order: the
    // thread's replica continues exactly where the snapshot ends.
    const worker = new Worker(fanoutThreadFile(), { workerData: config, name: `racewire-fanout-${slot.index}` });
    slot.worker = worker;
    slot.listening = false;
    slot.viewers = 0;
    slot.startedAt = Date.now();
    slot.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      worker.on('message', (m: FromThread) => {
        if (m.type === 'listening') {
          slot.listening = true;
          settled = true;
          resolve();
        } else if (m.type === 'listen-failed') {
          settled = true;
          reject(new Error(m.message));
        } else {
          this.onMessage(slot, worker, m);
        }
      });
      worker.on('error', (err) => this.options.log(`fan-out thread ${slot.index} failed: ${err.stack ?? err.message}`));
      worker.once('exit', (code) => {
        if (!settled) {
          settled = true;
          reject(new Error(`fan-out thread ${slot.index} exited with code ${code} before listening`));
        }
        this.onExit(slot, worker, code);
      });
    });
  }

  private onMessage(slot: Slot, worker: Worker, m: FromThread): void {
    switch (m.type) {
      case 'ingest':
        this.options.ingest(m.bytes, m.binaryFrame, m.snifferCompetition, (reply) => {
          if (slot.worker === worker) worker.postMessage({ type: 'ingest-reply', conn: m.conn, data: reply.data, isBinary: reply.isBinary } satisfies ToThread);
        });
        break;
      case 'metrics':
        // A thread that already exited (and may be replaced) no longer counts.
        if (slot.worker !== worker) break;
        applyIncrements(this.options.metrics, m.increments);
        for (const [key, by] of m.increments) if (key === 'ingestConnections') slot.ingestConnections += by;
        slot.viewers = m.viewers;
        break;
      case 'metrics-request':
        worker.postMessage({ type: 'metrics-text', id: m.id, text: this.options.metricsText() } satisfies ToThread);
        break;
      case 'crashed':
        this.options.log(`fan-out thread ${slot.index} crashed: ${m.message}`);
        break;
      case 'log':
        this.options.log(`fan-out thread ${slot.index}: ${m.message}`);
        break;
      default:
        break;
    }
  }

  private onExit(slot: Slot, worker: Worker, code: number): void {
    if (slot.worker !== worker) return;
    slot.worker = null;
    slot.listening = false;
    slot.viewers = 0;
    // Its /ingest connections are gone with it.
    if (slot.ingestConnections !== 0) this.options.metrics.ingestConnections.inc(-slot.ingestConnections);
    slot.ingestConnections = 0;
    if (this.closing) return;
    const ranFor = Date.now() - slot.startedAt;
    slot.crashesInARow = ranFor >= STABLE_MS ? 1 : slot.crashesInARow + 1;
    const delay = RESTART_DELAYS_MS[Math.min(slot.crashesInARow - 1, RESTART_DELAYS_MS.length - 1)]!;
    this.options.restarts.inc();
    this.options.log(`fan-out thread ${slot.index} exited (code ${code}) after ${Math.round(ranFor / 1000)} s; restarting in ${delay} ms`);
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = null;
      if (this.closing) return;
      this.spawn(slot).catch((err: unknown) => {
        // The exit handler of that attempt schedules the next one.
        if (!this.closing) this.options.log(`fan-out thread ${slot.index} could not restart: ${err instanceof Error ? err.message : String(err)}`);
      });
    }, delay);
  }

  private broadcast(m: ToThread): void {
    for (const slot of this.slots) this.post(slot, m);
  }

  private post(slot: Slot | undefined, m: ToThread): void {
    slot?.worker?.postMessage(m);
  }
}

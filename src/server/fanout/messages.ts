// What the main thread and a fan-out thread say to each other over the thread's MessagePort. One
// port per thread: messages arrive once and in order, which the replica and the per-connection
// order of ingest replies rely on.
import type { Delta, Snapshot } from '../../results/index.js';
import type { IngestOptions } from '../ingest.js';
import type { LiveOptions } from '../live.js';
import type { Labels, StandardMetrics } from '../metrics.js';

/** Everything a thread needs to start (its workerData). */
export interface ThreadConfig {
  index: number;
  host: string;
  /** The real port, already claimed exclusively by the main thread (shared-port.ts). */
  port: number;
  token: string | null;
  webDir: string | null;
  /** The hub's SQLite log, read (read-only) for resuming viewers the ring cannot serve; null: none. */
  dbPath: string | null;
  live: LiveOptions;
  ingest: IngestOptions;
  ringSize: number;
  startedAt: number;
  /** The hub's state when the thread was started; every later change follows as a message. */
  snapshot: Snapshot;
  recent: Delta[];
}

export type MetricKey = keyof StandardMetrics;
export type MetricIncrement = [key: MetricKey, by: number, labels: Labels | null];

export type ToThread =
  | { type: 'delta'; delta: Delta }
  | { type: 'reset'; snapshot: Snapshot }
  | { type: 'ingest-reply'; conn: number; data: string | Uint8Array; isBinary: boolean }
  | { type: 'metrics-text'; id: number; text: string }
  | { type: 'close' }
  /** Tests: throw an uncaught error in the thread, as a bug would. */
  | { type: 'crash' };

export type FromThread =
  | { type: 'listening' }
  | { type: 'listen-failed'; message: string }
  | { type: 'ingest'; conn: number; bytes: Uint8Array; binaryFrame: boolean; snifferCompetition: string }
  /** Counter increments since the last report and the thread's current viewer count. */
  | { type: 'metrics'; increments: MetricIncrement[]; viewers: number }
  | { type: 'metrics-request'; id: number }
  | { type: 'crashed'; message: string }
  /** Something the operator should know that is not a crash. */
  | { type: 'log'; message: string };

// What the read side of the server (WS /live, the HTTP routes) needs from the results: the
// authoritative ResultsHub on the main thread has it, and so has a fan-out thread's replica of it
// (src/server/fanout/results-replica.ts), so the same LiveFeed and routes run on both.
import type { Delta, Snapshot } from '../results/index.js';

export type DeltaListener = (delta: Delta) => void;
export type ResetListener = (snapshot: Snapshot) => void;

export interface ResultsSource {
  readonly epoch: string;
  readonly seq: number;
  /** The whole state (shared: callers must not change it). */
  snapshot(): Snapshot;
}

export interface LiveSource extends ResultsSource {
  /** The deltas after `seq` of `epoch` (at most `limit`), or null: send a snapshot instead. */
  deltasAfter(epoch: string, seq: number, limit: number): Delta[] | null;
  onDelta(listener: DeltaListener): void;
  onReset(listener: ResetListener): void;
}

// The interface both ways of running the analyzers share: a piscina worker pool, or this thread.
import type { StreamId } from '../tcp/types.js';
import type { AnalysisEvent } from './analysis.js';
import type { Batch } from './messages.js';

export interface StreamPoolEvents {
  /** The analysis of a batch; `latencyMs` is from the batch's first byte entering the pipeline to now. */
  onEvents(stream: StreamId, events: AnalysisEvent[], latencyMs: number): void;
  /** Something operators should know (a worker restarted, a stream was resynchronised). */
  onLog(message: string): void;
}

export interface StreamPool {
  /** Hands a batch to the stream's analyzer; the pool owns `batch.buffer` from now on. */
  send(stream: StreamId, batch: Batch): void;
  /** Bytes sent but not yet analysed: the backlog a file reader waits on and live capture must cap. */
  readonly backlogBytes: number;
  /** Resolves when the backlog is at most `bytes`. */
  whenBacklogBelow(bytes: number): Promise<void>;
  /** Waits for every stream to finish what it was sent, then stops the threads. */
  close(): Promise<void>;
  readonly restarts: number;
}

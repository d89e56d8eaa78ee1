// What crosses the thread boundary between the capture side and a stream's worker task.
// Batches carry the bytes of one TCP direction in a transferred ArrayBuffer (no copy), with the
// data, gap and close items in stream order.
import type { MessagePort } from 'node:worker_threads';
import type { StreamId } from '../tcp/types.js';
import type { AnalysisEvent, AnalyzerOptions } from './analysis.js';

export type BatchItem =
  /** `length` bytes at `start` of the batch buffer are the stream bytes at `offset`. */
  | { kind: 'data'; offset: number; start: number; length: number }
  | { kind: 'gap'; offset: number; length: number; reason: string }
  | { kind: 'close'; offset: number; reason: string }
  /** The results state was reset: rows this stream sent before must be sent again. */
  | { kind: 'forget' };

export interface Batch {
  /** Per stream, 1, 2, 3, ... so acknowledgements and losses can be matched to batches. */
  seq: number;
  buffer: ArrayBuffer;
  items: BatchItem[];
  /** performance.timeOrigin + performance.now() when the first item entered the batch (ms). */
  enteredAt: number;
}

/** The piscina task that owns one stream for as long as it lives. */
export interface StreamTask {
  stream: StreamId;
  port: MessagePort;
  options: AnalyzerOptions;
  /** Set when this task replaces a crashed or stuck one: the stream is joined mid-way. */
  resumeAt: number | null;
}

/** The task's first message: which thread runs it (the watchdog terminates that thread if it hangs). */
export interface TaskStarted {
  kind: 'started';
  threadId: number;
}

export interface BatchResult {
  kind: 'result';
  seq: number;
  events: AnalysisEvent[];
  enteredAt: number;
}

export interface StreamTaskSummary {
  stream: StreamId;
  bytes: number;
  batches: number;
}

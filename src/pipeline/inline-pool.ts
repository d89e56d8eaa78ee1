// Runs the stream analyzers on this thread: the baseline the worker pool is measured against, and
// the mode for machines where threads don't pay (`--workers 0`).
import type { StreamId } from '../tcp/types.js';
import type { AnalyzerOptions } from './analysis.js';
import { StreamAnalyzer } from './analysis.js';
import type { Batch } from './messages.js';
import type { StreamPool, StreamPoolEvents } from './stream-pool.js';

export class InlineStreamPool implements StreamPool {
  readonly #analyzers = new Map<StreamId, StreamAnalyzer>();
  readonly backlogBytes = 0;
  readonly restarts = 0;

  constructor(
    private readonly options: AnalyzerOptions,
    private readonly events: StreamPoolEvents,
  ) {}

  send(stream: StreamId, batch: Batch): void {
    let analyzer = this.#analyzers.get(stream);
    if (!analyzer) {
      analyzer = new StreamAnalyzer(this.options, null);
      this.#analyzers.set(stream, analyzer);
    }
    const events = analyzer.analyze(new Uint8Array(batch.buffer), batch.items);
    if (analyzer.closed) this.#analyzers.delete(stream);
    if (events.length > 0) this.events.onEvents(stream, events, performance.timeOrigin + performance.now() - batch.enteredAt);
  }

  whenBacklogBelow(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.#analyzers.clear();
  }
}

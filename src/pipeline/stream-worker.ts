// The piscina task for one stream: receives batches on its port, runs them through the stream's
// analyzer and answers each with its events. Resolves when the stream closes.
import { threadId } from 'node:worker_threads';
import type { Batch, BatchResult, StreamTask, StreamTaskSummary, TaskStarted } from './messages.js';
import { StreamAnalyzer } from './analysis.js';

export default function runStream(task: StreamTask): Promise<StreamTaskSummary> {
  const analyzer = new StreamAnalyzer(task.options, task.resumeAt);
  let bytes = 0;
  let batches = 0;
  const started: TaskStarted = { kind: 'started', threadId };
  task.port.postMessage(started);
  return new Promise((resolve) => {
    task.port.on('message', (batch: Batch) => {
      batches++;
      bytes += batch.buffer.byteLength;
      injectFault(task, batch);
      const events = analyzer.analyze(new Uint8Array(batch.buffer), batch.items);
      const result: BatchResult = { kind: 'result', seq: batch.seq, events, enteredAt: batch.enteredAt };
      task.port.postMessage(result);
      if (analyzer.closed) {
        task.port.close();
        resolve({ stream: task.stream, bytes, batches });
      }
    });
  });
}

function injectFault(task: StreamTask, batch: Batch): void {
  const faults = task.options.faults;
  if (!faults) return;
  if (faults.throwAtBatch === batch.seq) throw new Error(`injected fault at batch ${batch.seq}`);
  if (faults.hangAtBatch === batch.seq) for (;;); // only terminating the thread ends this
}

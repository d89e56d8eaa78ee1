// One measuring step: with the viewers connected, `messages` deltas are pushed in at a fixed pace,
// then we wait (bounded) until every viewer has every delta, and turn the arrival times into
// delivery latencies: push -> the delta at the viewer's socket (kernel timestamp), and push -> read
// by the viewer process. A delivery that never came counts as infinitely late, so it fails the step.
import type { Producer } from './producers.js';
import type { ViewerPool } from './viewer-pool.js';

export interface StepResult {
  viewers: number;
  messages: number;
  /** Deliveries measured (viewers x messages when nothing was lost). */
  deliveries: number;
  missing: number;
  /** Deliveries that seem to arrive before they were sent: a seq mismatch or clock trouble (should be 0). */
  negative: number;
  /** Push -> the delta at the viewer's socket. */
  p50: number;
  p99: number;
  max: number;
  /** Push -> read by the viewer process (after the other viewers of its process). */
  readP50: number;
  readP99: number;
  /** Reads without a kernel timestamp (the read time stood in; should be 0). */
  unstamped: number;
  /** Per delta, the first viewer's latency (ingest, storing, first write): median and max over the deltas. */
  firstP50: number;
  firstMax: number;
  /** Per delta, last arrival minus first (the fan-out itself): median and max over the deltas. */
  spreadP50: number;
  spreadMax: number;
  /** Viewer connections that closed during the step. */
  closed: number;
  producerErrors: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Pushes `count` deltas nobody measures, at the steps' pace, then waits until the viewers have read
 * everything. New TCP connections acknowledge their first 16 segments one by one (quick-ack mode)
 * and grow their receive buffers, which at 10,000 fresh viewers doubled the viewers' kernel time: a
 * step measures viewers past that, as viewers who watch a race are.
 */
export async function warmUp(pool: ViewerPool, push: () => void, count = 16, intervalMs = 200): Promise<void> {
  for (let i = 0; i < count; i++) {
    push();
    await sleep(intervalMs);
  }
  await pool.quiet();
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export async function measureStep(opts: {
  pool: ViewerPool;
  viewers: number;
  producer: Producer;
  /** Pushes message i (0-based within the step). */
  push: (i: number) => void;
  messages: number;
  intervalMs: number;
  /** Longest wait for the last deliveries after the last push. */
  settleMs: number;
}): Promise<StepResult> {
  const { pool, producer, messages } = opts;
  await pool.reset();
  producer.sent.clear();
  const settledBefore = producer.settled;
  const errorsBefore = producer.errors.length;
  const start = Date.now();
  for (let i = 0; i < messages; i++) {
    // Paced against the step's start, so a slow push does not stretch the whole step.
    const due = start + i * opts.intervalMs;
    if (due > Date.now()) await sleep(due - Date.now());
    opts.push(i);
  }
  const deadline = Date.now() + opts.settleMs;
  const expected = opts.viewers * messages;
  for (;;) {
    await sleep(250);
    const { received } = await pool.count();
    if ((received >= expected && producer.settled - settledBefore >= messages) || Date.now() > deadline) break;
  }
  const receipts = await pool.collect();
  const latencies: number[] = [];
  const firsts: number[] = [];
  const spreads: number[] = [];
  for (const [seq, sentAt] of producer.sent) {
    const arrivals = receipts.bySeq.get(seq) ?? [];
    let first = Infinity;
    let last = -Infinity;
    for (const t of arrivals) {
      latencies.push(t - sentAt);
      if (t < first) first = t;
      if (t > last) last = t;
    }
    if (arrivals.length) {
      firsts.push(first - sentAt);
      spreads.push(last - first);
    }
  }
  const reads: number[] = [];
  for (const [seq, sentAt] of producer.sent) for (const t of receipts.readBySeq.get(seq) ?? []) reads.push(t - sentAt);
  reads.sort((a, b) => a - b);
  firsts.sort((a, b) => a - b);
  spreads.sort((a, b) => a - b);
  const deliveries = latencies.length;
  const missing = Math.max(0, expected - deliveries);
  for (let i = 0; i < missing; i++) latencies.push(Infinity);
  latencies.sort((a, b) => a - b);
  return {
    viewers: opts.viewers,
    messages,
    deliveries,
    missing,
    negative: latencies.filter((l) => l < 0).length,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies[latencies.length - 1] ?? NaN,
    readP50: quantile(reads, 0.5),
    readP99: quantile(reads, 0.99),
    unstamped: receipts.unstamped,
    firstP50: quantile(firsts, 0.5),
    firstMax: firsts[firsts.length - 1] ?? NaN,
    spreadP50: quantile(spreads, 0.5),
    spreadMax: spreads[spreads.length - 1] ?? NaN,
    closed: receipts.closed,
    producerErrors: producer.errors.slice(errorsBefore),
  };
}

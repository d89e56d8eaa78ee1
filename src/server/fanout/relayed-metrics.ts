// Metrics are counted in one place, the main thread's registry, so /metrics shows totals whichever
// thread serves it. A fan-out thread's LiveFeed and /ingest count into this stand-in, which keeps
// a local copy (for the thread's own reads) and hands every increment to `relay`, to be batched and
// posted to the main thread; applyIncrements adds them there.
import { MetricsRegistry, registerStandardMetrics, type Counter, type Gauge, type Labels, type StandardMetrics } from '../metrics.js';
import type { MetricIncrement, MetricKey } from './messages.js';

export function relayedMetrics(relay: (increment: MetricIncrement) => void): StandardMetrics {
  const local = registerStandardMetrics(new MetricsRegistry());
  const out: Record<string, Counter | Gauge> = {};
  for (const [key, metric] of Object.entries(local) as Array<[MetricKey, Counter | Gauge]>) {
    const wrapped: Counter & Partial<Gauge> = {
      inc: (by = 1, labels) => {
        metric.inc(by, labels);
        relay([key, by, labels ?? null]);
      },
      get: (labels) => metric.get(labels),
    };
    // A set() cannot be relayed as a sum; the thread's LiveFeed and /ingest only increment.
    if ('set' in metric) wrapped.set = () => {
      throw new Error(`metric ${key}: set() is not relayed from fan-out threads`);
    };
    out[key] = wrapped as Counter | Gauge;
  }
  return out as StandardMetrics;
}

export function applyIncrements(metrics: StandardMetrics, increments: readonly MetricIncrement[]): void {
  for (const [key, by, labels] of increments) {
    const metric = metrics[key] as Counter | Gauge | undefined;
    metric?.inc(by, (labels ?? undefined) as Labels | undefined);
  }
}

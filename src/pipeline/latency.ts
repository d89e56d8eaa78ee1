// A bounded sample of latencies (ms) for p50/p99: the newest `capacity` samples, overwritten in a ring.
export class LatencySample {
  readonly #values: Float64Array;
  #count = 0;

  constructor(capacity = 10_000) {
    this.#values = new Float64Array(capacity);
  }

  add(ms: number): void {
    this.#values[this.#count % this.#values.length] = ms;
    this.#count++;
  }

  get count(): number {
    return this.#count;
  }

  /** The q-quantile (0..1) of the samples held, or null when there are none. */
  quantile(q: number): number | null {
    const n = Math.min(this.#count, this.#values.length);
    if (n === 0) return null;
    const sorted = this.#values.slice(0, n).sort();
    return sorted[Math.min(n - 1, Math.floor(q * n))]!;
  }
}

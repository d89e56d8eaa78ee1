// The contract of a benchmark suite: bench/<name>.bench.ts default-exports a BenchSuite.
// Suites measure with tinybench and compare to the peers named in the issues; bench/run.ts
// runs them all in one process and prints a single table.

export interface BenchRow {
  /** What was measured, e.g. "parse 20 MB Winlaufen stream, 1460-byte chunks". */
  case: string;
  /** The figure, in `unit`. */
  value: number;
  unit: string;
  /** The peer this row is compared with, e.g. "JDK ObjectInputStream", and our ratio to it (>1 = we are better). */
  peer?: string;
  ratio?: number;
  /** Anything a reader must know: failures of a peer, sizes, conditions. */
  note?: string;
}

export interface BenchSuite {
  name: string;
  /** Runs the suite; `progress` prints a line while it runs. */
  run(progress: (message: string) => void): Promise<BenchRow[]>;
}

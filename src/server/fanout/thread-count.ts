// How many threads send to viewers by default: one per core the process may use (publishing is
// one send syscall per viewer, and on loopback the kernel does the receiver's work in the sender's
// context, so a burst is CPU-bound), capped because beyond a few threads the per-thread copies of
// the results and the relay traffic cost more than they give.
import { availableParallelism } from 'node:os';

export const MAX_FANOUT_THREADS = 16;
const DEFAULT_CAP = 8;

export function defaultFanoutThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), DEFAULT_CAP));
}

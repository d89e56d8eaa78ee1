// Which parse errors make `racewire dump` fail, and how they read on stderr.
import type { ParseEvent } from '../../javaser/index.js';

type ErrorEvent = Extract<ParseEvent, { type: 'error' }>;

/** Skipping to the first value of a headerless file is how mid-stream reading starts, not a fault. */
export function isProblem(e: ErrorEvent): boolean {
  return !(e.error.code === 'SKIPPED' && e.error.offset === 0);
}

export function describeProblem(e: ErrorEvent): string {
  return `${e.error.code}: ${e.error.message} (resumed at offset ${e.resumeOffset})`;
}

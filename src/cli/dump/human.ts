// `racewire dump FILE`: the stream structure for a person, from the parser's trace.
import { JavaStreamParser, type TraceEvent } from '../../javaser/index.js';
import type { ParserOptions } from '../../javaser/index.js';

export function formatTraceLine(e: TraceEvent): string {
  return `${e.offset.toString(16).padStart(8, '0')}  ${'  '.repeat(Math.max(0, e.depth))}${e.text}`;
}

/** Parses `bytes` with tracing on; calls `write` with each line. Returns the parse events. */
export function dumpHuman(bytes: Uint8Array, options: Partial<ParserOptions>, write: (line: string) => void) {
  const p = new JavaStreamParser({ ...options, trace: (e) => write(formatTraceLine(e)) });
  // Feeding in pieces keeps the trace flowing out for big files.
  const events = [];
  for (let i = 0; i < bytes.length; i += 65536) events.push(...p.feed(bytes.subarray(i, i + 65536)));
  events.push(...p.end());
  for (const e of events) {
    if (e.type === 'error' && (e.error.code === 'TRUNCATED' || e.error.code === 'SKIPPED')) {
      write(formatTraceLine({ offset: e.error.offset, depth: 0, text: `! ${e.error.code}: ${e.error.message}` }));
    }
  }
  write(`-- ${events.filter((e) => e.type === 'value').length} top-level values, ${bytes.length} bytes`);
  return events;
}

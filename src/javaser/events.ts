// What the streaming parser emits, in stream order. Offsets are stream offsets: bytes fed so far,
// counting the lengths of reported gaps, so they line up with the reassembler's offsets.
import type { JavaValue } from './values.js';
import type { JavaSerError } from './errors.js';

export type ParseEvent =
  /** A complete top-level value; `offset` is the stream offset of its first byte (its type code). */
  | { type: 'value'; value: JavaValue; offset: number }
  /** A stream header (AC ED 00 05) at `offset`: the handle table starts afresh. */
  | { type: 'header'; offset: number }
  /** TC_RESET at `offset`: the handle table was cleared. */
  | { type: 'reset'; offset: number }
  /** A problem the parser recovered from (corrupt bytes, a gap); it resynchronised at `resumeOffset`. */
  | { type: 'error'; error: JavaSerError; resumeOffset: number };

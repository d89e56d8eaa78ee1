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

/**
 * Receives the parser's events as they complete, without an event object per value: the way to
 * parse a long stream, or one big buffer, without holding every value until the call returns.
 */
export interface ParseSink {
  value(value: JavaValue, offset: number): void;
  header(offset: number): void;
  reset(offset: number): void;
  error(error: JavaSerError, resumeOffset: number): void;
}

/** A sink that collects events into an array: what feed(), gap() and end() return. */
export class EventCollector implements ParseSink {
  events: ParseEvent[] = [];
  value(value: JavaValue, offset: number): void {
    this.events.push({ type: 'value', value, offset });
  }
  header(offset: number): void {
    this.events.push({ type: 'header', offset });
  }
  reset(offset: number): void {
    this.events.push({ type: 'reset', offset });
  }
  error(error: JavaSerError, resumeOffset: number): void {
    this.events.push({ type: 'error', error, resumeOffset });
  }
  /** The events collected since the last take(). */
  take(): ParseEvent[] {
    const e = this.events;
    this.events = [];
    return e;
  }
}

// Limits and switches of the parser, in the spirit of the JDK's ObjectInputFilter: every length
// field an attacker controls is checked before it is trusted, and nothing is allocated from it.

/** One step of the structure, for `racewire dump`'s human view (only produced when `trace` is set). */
export interface TraceEvent {
  /** Stream offset of the thing described. */
  offset: number;
  /** Nesting depth (0 = top level). */
  depth: number;
  text: string;
}

export interface ParserOptions {
  /** Deepest nesting of frames (objects, arrays, descriptors, annotations) before an error. */
  maxDepth: number;
  /** Largest array length accepted (elements). */
  maxArrayLength: number;
  /** Longest string accepted (bytes of modified UTF-8). */
  maxStringLength: number;
  /** Most handles kept; beyond it the table is dropped and references become unresolved. */
  maxHandles: number;
  /** Most bytes held for one block-data run or one string while it arrives. */
  maxBufferedBytes: number;
  /**
   * 'auto': a stream not starting with AC ED 00 05 is read mid-stream; 'always': start by scanning
   * for a plausible value; 'never': a missing header is an error (then scanning as well).
   */
  midStream: 'auto' | 'always' | 'never';
  /** Structural trace for humans; leave null for speed. */
  trace: ((event: TraceEvent) => void) | null;
}

export const defaultParserOptions: Readonly<ParserOptions> = Object.freeze({
  maxDepth: 1000,
  maxArrayLength: 10_000_000,
  maxStringLength: 16 * 1024 * 1024,
  maxHandles: 5_000_000,
  maxBufferedBytes: 64 * 1024 * 1024,
  midStream: 'auto',
  trace: null,
});

export function resolveOptions(options: Partial<ParserOptions> | undefined): ParserOptions {
  return { ...defaultParserOptions, ...options };
}

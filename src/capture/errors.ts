// Typed errors of the packet sources. Their messages are written for a person (what, where, how to fix);
// the CLI wraps them in CliError, library users can switch on `code`.

export type CaptureFileErrorCode = 'open' | 'not-a-capture' | 'read';

/** A capture file that cannot be read at all (a damaged record later in a file is reported, not thrown). */
export class CaptureFileError extends Error {
  constructor(
    message: string,
    readonly code: CaptureFileErrorCode,
    readonly path: string,
    /** Byte offset in the file the problem was found at, when there is one. */
    readonly offset?: number,
  ) {
    super(message);
    this.name = 'CaptureFileError';
  }
}

export type LiveCaptureErrorCode = 'no-libpcap' | 'permission' | 'no-device' | 'bad-filter' | 'open-failed';

/** Live capture could not start; the message says how to fix it. */
export class LiveCaptureError extends Error {
  constructor(
    message: string,
    readonly code: LiveCaptureErrorCode,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'LiveCaptureError';
  }
}

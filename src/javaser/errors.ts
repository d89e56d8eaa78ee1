/** A problem in a Java serialization stream, with the stream offset where it was found. */
export class JavaSerError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte offset ${offset}`);
    this.name = 'JavaSerError';
  }
}

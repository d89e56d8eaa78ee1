// Why a message was refused: a stable code, where in the message (a path), and what was wrong.
export type WireErrorCode = 'too-large' | 'not-json' | 'not-msgpack' | 'invalid';

export class WireError extends Error {
  constructor(
    readonly code: WireErrorCode,
    /** e.g. `competitions[2].rows[7].rank`; '$' for the whole message. */
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'WireError';
  }
}

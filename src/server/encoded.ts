// A server message in one of the two encodings, ready for uWS: JSON goes out as a text frame,
// msgpack as a binary frame.
import { encodeMsgpack, encodeServerMessageJson, type Encoding, type ServerMessage } from '../wire/index.js';

export const ENCODINGS: readonly Encoding[] = ['json', 'msgpack'];

export interface Encoded {
  data: string | Uint8Array;
  isBinary: boolean;
  bytes: number;
}

export function encodeFor(message: ServerMessage, encoding: Encoding): Encoded {
  if (encoding === 'json') {
    const data = encodeServerMessageJson(message);
    // JSON of our messages is mostly ASCII; the exact byte count only steers resume-vs-snapshot.
    return { data, isBinary: false, bytes: data.length };
  }
  const data = encodeMsgpack(message);
  return { data, isBinary: true, bytes: data.byteLength };
}

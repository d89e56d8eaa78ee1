// Every message of the live protocol (docs/protocol.md). Server -> viewer: hello, snapshot, delta,
// error. Viewer -> server: subscribe. Forwarder -> server (/ingest): snapshot, delta.
import type { Delta, Snapshot } from '../results/types.js';

export const PROTOCOL_VERSION = 1;

export interface HelloMessage {
  type: 'hello';
  protocol: number;
  /** The server's current epoch and seq, so a resuming client knows at once what to expect. */
  epoch: string;
  seq: number;
}

export interface ErrorMessage {
  type: 'error';
  /** Stable, machine-readable: 'invalid', 'too-large', 'not-json', 'not-msgpack', 'unauthorized', 'stale' ... */
  code: string;
  message: string;
}

export interface SubscribeMessage {
  type: 'subscribe';
  /** One competition id, or null for all. */
  competition: string | null;
  encoding: 'json' | 'msgpack';
  /** The last epoch and seq the client applied: the server sends only the deltas after it, or a snapshot. */
  resume?: { epoch: string; seq: number };
}

export type ServerMessage = HelloMessage | Snapshot | Delta | ErrorMessage;
export type IngestMessage = Snapshot | Delta;
export type ClientMessage = SubscribeMessage;
export type WireMessage = ServerMessage | ClientMessage;

export type { Delta, Snapshot };

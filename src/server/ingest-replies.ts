// What /ingest answers. Errors use the protocol's ErrorMessage; `ack` and `resync` are this
// server's additions (documented in docs/protocol.md's ingest section by the wire stage).
import { encodeMsgpack, encodeServerMessageJson, type ErrorMessage } from '../wire/index.js';

export interface IngestAck {
  type: 'ack';
  /** What was accepted: a list update (JSON sender / sniffer list) or a forwarder's message. */
  kind: 'list-update' | 'snapshot' | 'delta';
  /** The forwarder's (epoch, seq) now acknowledged; for list updates absent. */
  epoch?: string;
  seq?: number;
  /** True when the message had already been applied (a resend): dropped, acknowledged again. */
  duplicate: boolean;
  /** Deltas the message produced here (0 when nothing changed). */
  deltas: number;
  /** This server's state after the message. */
  server: { epoch: string; seq: number };
}

/**
 * Deltas of the forwarder's epoch were lost on the way: send the deltas after `seq` of `epoch`
 * again, or a snapshot (always accepted). seq null: this server has nothing of that epoch.
 */
export interface IngestResync {
  type: 'resync';
  epoch: string;
  seq: number | null;
  message: string;
}

export type IngestReply = IngestAck | IngestResync | ErrorMessage;

/** Replies go back in the encoding the message came in (text -> JSON, binary -> msgpack). */
export function encodeIngestReply(reply: IngestReply, binary: boolean): string | Uint8Array {
  if (reply.type === 'error') return binary ? encodeMsgpack(reply) : encodeServerMessageJson(reply);
  return binary ? encodeMsgpack(reply as unknown as ErrorMessage) : JSON.stringify(reply);
}

// WS /ingest: forwarders and JSON senders push results here, only with the server's token.
// Accepted: our own snapshot/delta (JSON text or msgpack binary), the JSON sender document as it is
// (German keys), the old sniffer's bare row list. Anything else gets an error naming what was wrong,
// is counted, and changes nothing; the connection stays usable.
import { decodeIngestJson, decodeIngestMessage, DEFAULT_WIRE_LIMITS, WireError, type IngestInput, type WireLimits } from '../wire/index.js';
import { encodeIngestReply, type IngestReply } from './ingest-replies.js';
import type { StandardMetrics } from './metrics.js';
import type { ResultsHub } from './results-hub.js';
import { presentedToken, type TokenCheck } from './token.js';
import type { HttpRequest, HttpResponse, WebSocket, WebSocketBehavior, us_socket_context_t } from './uws.js';

export interface IngestOptions {
  /** Messages above this get a 'too-large' error and the connection stays open. */
  maxMessageBytes: number;
  /** Competition id for the sniffer's bare row list when the URL gives none (`?competition=`). */
  defaultSnifferCompetition: string;
  idleTimeoutSeconds: number;
}

export const DEFAULT_INGEST_OPTIONS: IngestOptions = {
  maxMessageBytes: 4 * 1024 * 1024,
  defaultSnifferCompetition: 'sniffer',
  idleTimeoutSeconds: 120,
};

/** Called with errors that leave the state unsafe to continue (the log could not be written). */
export type FatalHandler = (err: Error) => void;

/** An encoded reply to one /ingest message, in the encoding the message came in. */
export interface EncodedIngestReply {
  data: string | Uint8Array;
  isBinary: boolean;
}

/**
 * One /ingest message against the hub -> the reply to send back. Separate from the socket so a
 * fan-out thread can take the message and the main thread (which owns the hub) can run it.
 */
export type IngestMessageHandler = (bytes: Uint8Array, binaryFrame: boolean, snifferCompetition: string, send: (reply: EncodedIngestReply) => void) => void;

export function ingestMessageHandler(hub: ResultsHub, metrics: StandardMetrics, options: IngestOptions, onFatal: FatalHandler): IngestMessageHandler {
  const limits: WireLimits = { ...DEFAULT_WIRE_LIMITS, maxBytes: options.maxMessageBytes };

  const handle = (bytes: Uint8Array, isBinary: boolean, snifferCompetition: string): IngestReply => {
    let input: IngestInput;
    try {
      if (bytes.byteLength > options.maxMessageBytes) {
        throw new WireError('too-large', '$', `message of ${bytes.byteLength} bytes, more than the limit ${options.maxMessageBytes}`);
      }
      input = isBinary
        ? { kind: 'message', message: decodeIngestMessage(bytes, 'msgpack', limits) }
        : decodeIngestJson(bytes, { snifferCompetition, limits });
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
      metrics.ingestRejections.inc(1, { reason: e.code });
      return { type: 'error', code: e.code, message: e.message };
    }
    if (input.kind === 'list-update') {
      const delta = hub.applyListUpdate(input.update);
      metrics.ingestMessages.inc(1, { kind: input.update.source });
      return { type: 'ack', kind: 'list-update', duplicate: false, deltas: delta ? 1 : 0, server: { epoch: hub.epoch, seq: hub.seq } };
    }
    const m = input.message;
    const outcome = hub.applyForwarded(m);
    metrics.ingestMessages.inc(1, { kind: m.type });
    switch (outcome.kind) {
      case 'applied':
      case 'duplicate':
        return {
          type: 'ack',
          kind: m.type,
          epoch: m.epoch,
          seq: m.seq,
          duplicate: outcome.kind === 'duplicate',
          deltas: outcome.kind === 'applied' ? outcome.deltas.length : 0,
          server: { epoch: hub.epoch, seq: hub.seq },
        };
      case 'gap':
        metrics.ingestRejections.inc(1, { reason: 'gap' });
        return {
          type: 'resync',
          epoch: outcome.epoch,
          seq: outcome.have,
          message:
            outcome.have === null
              ? `no state of epoch ${outcome.epoch} here: send a snapshot`
              : `delta ${m.seq} of epoch ${outcome.epoch} does not follow ${outcome.have}: resend from ${outcome.have + 1} or send a snapshot`,
        };
    }
  };

  return (bytes, binaryFrame, snifferCompetition, send) => {
    // JSON sent in a binary frame (some simple clients do) starts with { or [, which no msgpack
    // message of ours does (those are maps/records): read it as JSON and answer in text.
    const isBinary = binaryFrame && !(bytes[0] === 0x7b || bytes[0] === 0x5b);
    let reply: IngestReply;
    try {
      reply = handle(bytes, isBinary, snifferCompetition);
    } catch (e) {
      // Not the sender's fault (e.g. the database could not be written): say so, then stop.
      const err = e instanceof Error ? e : new Error(String(e));
      metrics.ingestRejections.inc(1, { reason: 'internal' });
      send({ data: encodeIngestReply({ type: 'error', code: 'internal', message: `server error: ${err.message}` }, isBinary), isBinary });
      onFatal(err);
      return;
    }
    send({ data: encodeIngestReply(reply, isBinary), isBinary });
  };
}

/** The part of the ingest metrics the socket side counts (a fan-out thread relays them). */
export type IngestSocketMetrics = Pick<StandardMetrics, 'ingestRejections' | 'ingestConnections'>;

export interface IngestData {
  snifferCompetition: string;
}

/** The token check at the upgrade: refused connections never become sockets. */
export function ingestUpgrade(token: TokenCheck, metrics: IngestSocketMetrics, options: IngestOptions) {
  const refuse = (res: HttpResponse, status: string, reason: string, text: string): void => {
    metrics.ingestRejections.inc(1, { reason });
    res.cork(() => res.writeStatus(status).writeHeader('Content-Type', 'text/plain; charset=utf-8').end(`${text}\n`));
  };
  return (res: HttpResponse, req: HttpRequest, context: us_socket_context_t): void => {
    const key = req.getHeader('sec-websocket-key');
    const protocol = req.getHeader('sec-websocket-protocol');
    const extensions = req.getHeader('sec-websocket-extensions');
    const presented = presentedToken(req.getHeader('authorization'), req.getQuery('token') ?? '');
    const competition = req.getQuery('competition') ?? '';
    if (!token.configured) return refuse(res, '403 Forbidden', 'ingest-disabled', 'ingest is disabled: the server has no token (--token or RACEWIRE_TOKEN)');
    if (presented === null) return refuse(res, '401 Unauthorized', 'no-token', 'a token is required (Authorization: Bearer T or ?token=T)');
    if (!token.matches(presented)) return refuse(res, '401 Unauthorized', 'wrong-token', 'wrong token');
    const data: IngestData = { snifferCompetition: competition !== '' ? competition : options.defaultSnifferCompetition };
    res.upgrade(data, key, protocol, extensions, context);
  };
}

/** Socket limits shared by the main thread's /ingest and a fan-out thread's. */
export function ingestSocketLimits(options: IngestOptions) {
  return {
    // uWS closes the connection above this; between maxMessageBytes and it we answer 'too-large'.
    maxPayloadLength: Math.max(2 * options.maxMessageBytes, options.maxMessageBytes + 1024 * 1024),
    idleTimeout: options.idleTimeoutSeconds,
    sendPingsAutomatically: true,
    maxBackpressure: 1024 * 1024,
  };
}

export function ingestBehavior(
  hub: ResultsHub,
  token: TokenCheck,
  metrics: StandardMetrics,
  options: IngestOptions,
  onFatal: FatalHandler,
): WebSocketBehavior<IngestData> {
  const handle = ingestMessageHandler(hub, metrics, options, onFatal);
  return {
    ...ingestSocketLimits(options),
    upgrade: ingestUpgrade(token, metrics, options),
    open: () => metrics.ingestConnections.inc(1),
    close: () => metrics.ingestConnections.inc(-1),
    message: (ws: WebSocket<IngestData>, message: ArrayBuffer, binaryFrame: boolean) => {
      handle(new Uint8Array(message), binaryFrame, ws.getUserData().snifferCompetition, (reply) => ws.send(reply.data, reply.isBinary));
    },
  };
}

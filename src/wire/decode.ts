// Bytes/text from the wire -> a validated message. Browser-safe (no Node APIs): the overlay bundles
// this with msgpackr's decoder; the server's ingest uses the same functions.
import { Unpackr } from 'msgpackr/unpack';
import type { IngestMessage, ServerMessage, SubscribeMessage } from './messages.js';
import { DEFAULT_WIRE_LIMITS, type WireLimits } from './limits.js';
import { sharedStructures } from './msgpack-structures.js';
import { validateIngestMessage, validateServerMessage, validateSubscribe } from './validate.js';
import { WireError } from './wire-error.js';

function checkSize(length: number, L: WireLimits): void {
  if (length > L.maxBytes) throw new WireError('too-large', '$', `message of ${length} bytes, more than the limit ${L.maxBytes}`);
}

/** JSON text (or its UTF-8 bytes) -> a plain value. */
export function parseJsonMessage(input: string | Uint8Array, L: WireLimits = DEFAULT_WIRE_LIMITS): unknown {
  checkSize(typeof input === 'string' ? input.length : input.byteLength, L);
  let text: string;
  try {
    text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw new WireError('not-json', '$', 'not valid UTF-8 text');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new WireError('not-json', '$', `not valid JSON: ${(e as Error).message}`);
  }
}

/** msgpack bytes -> a plain value; the decoder knows exactly the shared structures. */
export function parseMsgpackMessage(input: Uint8Array, L: WireLimits = DEFAULT_WIRE_LIMITS): unknown {
  if (!(input instanceof Uint8Array)) throw new WireError('not-msgpack', '$', 'expected binary data');
  checkSize(input.byteLength, L);
  if (input.byteLength === 0) throw new WireError('not-msgpack', '$', 'empty message');
  // A fresh decoder per message: inline record definitions of one (possibly hostile) message can
  // never leak into the next.
  const unpackr = new Unpackr({ structures: sharedStructures(), mapsAsObjects: true, int64AsType: 'number' });
  try {
    return unpackr.unpack(input);
  } catch (e) {
    throw new WireError('not-msgpack', '$', `not valid msgpack: ${(e as Error).message}`);
  }
}

export type Encoding = 'json' | 'msgpack';

/** What a WebSocket hands over: text, or binary (a browser's ArrayBuffer, Node's Buffer). */
export type WireInput = string | Uint8Array | ArrayBuffer;

function parse(raw: WireInput, encoding: Encoding, L: WireLimits): unknown {
  const input = raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw;
  if (encoding === 'json') return parseJsonMessage(input, L);
  if (typeof input === 'string') throw new WireError('not-msgpack', '$', 'expected binary data, got text');
  return parseMsgpackMessage(input, L);
}

/** What a viewer (browser) receives. Throws WireError. */
export function decodeServerMessage(input: WireInput, encoding: Encoding, L: WireLimits = DEFAULT_WIRE_LIMITS): ServerMessage {
  return validateServerMessage(parse(input, encoding, L), L);
}

/** A forwarder's snapshot or delta on /ingest. Throws WireError. */
export function decodeIngestMessage(input: WireInput, encoding: Encoding, L: WireLimits = DEFAULT_WIRE_LIMITS): IngestMessage {
  return validateIngestMessage(parse(input, encoding, L), L);
}

/** A viewer's subscription (JSON text). Throws WireError. */
export function decodeSubscribe(input: string | Uint8Array, L: WireLimits = DEFAULT_WIRE_LIMITS): SubscribeMessage {
  return validateSubscribe(parseJsonMessage(input, L), L);
}

import { describe, expect, it } from 'vitest';
import { Unpackr } from 'msgpackr';
// msgpackr's browser build, as the overlay bundles it.
import { Unpackr as BrowserUnpackr } from '../../node_modules/msgpackr/unpack.js';
import { decodeIngestMessage, decodeServerMessage, decodeSubscribe } from '../../src/wire/decode.js';
import { encodeServerMessageJson, encodeSubscribeJson } from '../../src/wire/encode-json.js';
import { encodeMsgpack } from '../../src/wire/encode-msgpack.js';
import { SHARED_STRUCTURES, sharedStructures } from '../../src/wire/msgpack-structures.js';
import type { ServerMessage } from '../../src/wire/messages.js';
import { bigSnapshot, randomMessages } from './sample-messages.js';

const fixed: ServerMessage[] = [
  { type: 'hello', protocol: 1, epoch: 'e1', seq: 7 },
  { type: 'error', code: 'invalid', message: 'competitions[0].rows[3].rank: expected a whole number' },
  { type: 'snapshot', epoch: 'e1', seq: 0, finisherLimit: 0, competitions: [], finishers: [] },
  { type: 'delta', epoch: 'e1', seq: 1, competitions: [{ id: 'w/k', name: 'Lauf – Ä', rows: [] }], finishers: [] },
];

describe('round trips', () => {
  const runs = [3, 7, 11, 19].map((seed) => randomMessages(seed));
  const snapshots = runs.flatMap((r) => r.snapshots);
  const deltas = runs.flatMap((r) => r.deltas);
  const all: ServerMessage[] = [...fixed, ...snapshots, ...deltas];

  it('has a good mix to test', () => {
    expect(deltas.length).toBeGreaterThan(20);
    expect(snapshots.at(-1)!.competitions.length).toBeGreaterThan(1);
  });

  it('JSON (fast-json-stringify) -> decode gives the same message, and the same text as JSON.stringify', () => {
    for (const m of all) {
      const text = encodeServerMessageJson(m);
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(m)));
      expect(decodeServerMessage(text, 'json')).toEqual(m);
      expect(decodeServerMessage(new TextEncoder().encode(text), 'json')).toEqual(m);
    }
  });

  it('msgpack -> decode gives the same message', () => {
    for (const m of all) expect(decodeServerMessage(encodeMsgpack(m), 'msgpack')).toEqual(m);
    // A browser WebSocket with binaryType "arraybuffer" hands over an ArrayBuffer.
    const bytes = encodeMsgpack(all[0]!);
    expect(decodeServerMessage(new Uint8Array(bytes).buffer, 'msgpack')).toEqual(all[0]);
  });

  it('ingest takes snapshots and deltas in both encodings', () => {
    for (const m of [...snapshots, ...deltas]) {
      expect(decodeIngestMessage(encodeServerMessageJson(m), 'json')).toEqual(m);
      expect(decodeIngestMessage(encodeMsgpack(m), 'msgpack')).toEqual(m);
    }
  });

  it('each msgpack message stands alone: a fresh decoder (also msgpackr\'s browser build) with only the fixed structures reads any of them, in any order', () => {
    const encoded = all.map((m) => encodeMsgpack(m));
    const order = encoded.map((_, i) => i).reverse();
    for (const i of order) {
      const fresh = new Unpackr({ structures: sharedStructures(), mapsAsObjects: true });
      expect(fresh.unpack(encoded[i]!)).toEqual(all[i]);
      const browser = new BrowserUnpackr({ structures: sharedStructures(), mapsAsObjects: true });
      expect(browser.unpack(encoded[i]!)).toEqual(all[i]);
    }
  });

  it('the encoder never grows the shared structures', () => {
    for (const m of all) encodeMsgpack(m);
    expect(SHARED_STRUCTURES.length).toBe(8);
    expect(sharedStructures()).toEqual(SHARED_STRUCTURES.map((s) => [...s]));
  });

  it('awkward strings survive both encodings', () => {
    const names = ['"quoted" \\ back', 'line\nbreak\ttab\u0000nul', 'RÄTZ ß 🏃', '\u2028\u2029', '</script>'];
    for (const name of names) {
      const m: ServerMessage = { type: 'delta', epoch: name, seq: 1, competitions: [{ id: name, name, rows: [{ bib: 1, name, club: name }] }], finishers: [] };
      expect(decodeServerMessage(encodeServerMessageJson(m), 'json')).toEqual(m);
      expect(decodeServerMessage(encodeMsgpack(m), 'msgpack')).toEqual(m);
    }
  });

  it('the subscribe message round-trips as JSON', () => {
    const m = { type: 'subscribe' as const, competition: '18', encoding: 'msgpack' as const, resume: { epoch: 'e1', seq: 41 } };
    expect(decodeSubscribe(encodeSubscribeJson(m))).toEqual(m);
    expect(decodeSubscribe('{"type":"subscribe"}')).toEqual({ type: 'subscribe', competition: null, encoding: 'json' });
  });

  it('records pay off: msgpack of a 500-row snapshot is much smaller than its JSON', () => {
    const snap = bigSnapshot(500);
    const json = encodeServerMessageJson(snap).length;
    const msgpack = encodeMsgpack(snap).byteLength;
    console.log(`500-row snapshot: JSON ${json} bytes, msgpack ${msgpack} bytes (${((100 * msgpack) / json).toFixed(0)}%)`);
    expect(msgpack).toBeLessThan(json * 0.7);
    expect(decodeServerMessage(encodeMsgpack(snap), 'msgpack')).toEqual(snap);
  });
});

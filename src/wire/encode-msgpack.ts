// Messages -> msgpack with msgpackr records. The shared structures are fixed (msgpack-structures.ts):
// shouldShareStructure refuses every new shape, so the encoder never grows the set and other shapes
// are defined inline in the message that uses them. Packr from 'msgpackr/pack' runs in the browser
// too, but only the server encodes.
import { Packr } from 'msgpackr/pack';
import type { ServerMessage, WireMessage } from './messages.js';
import { SHARED_STRUCTURES, sharedStructures } from './msgpack-structures.js';

function newPackr(): Packr {
  return new Packr({
    structures: sharedStructures(),
    maxSharedStructures: SHARED_STRUCTURES.length,
    shouldShareStructure: () => false,
    useRecords: true,
  });
}

const packr = newPackr();

/**
 * One self-contained msgpack message (readable by any decoder holding SHARED_STRUCTURES).
 * It is a view into msgpackr's larger output buffer: send the view itself (its byteOffset and
 * length), never `.buffer`; copy with `new Uint8Array(view)` where an own ArrayBuffer is needed.
 */
export function encodeMsgpack(message: ServerMessage | WireMessage): Uint8Array {
  return packr.pack(message);
}

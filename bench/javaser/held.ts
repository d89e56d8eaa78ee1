// Readers kept alive for the whole javaser suite: one of our parser, one of each npm peer.
//
// V8 may collect a hidden class (map) that no object has any more, and then throws away the
// optimized code that depends on it. The forced full GC before each timed turn (gc.ts) found no
// parser alive between two turns, collected the parser's maps, and so every turn began with V8
// deoptimizing the parser and learning it again. On the 21 MB stream, parsed whole in turns with
// a GC before each: 200-231 MB/s, and 329-369 MB/s with one parser held (55-78 deoptimizations
// in 24 turns against 17). A racewire worker holds its connection's parser for as long as the
// connection lasts; holding one reader of each kind gives every parser compared here that steady
// state. The peers' figures did not move with it (java-deserialization 10.6-12.3 MB/s either
// way, java.io 35-49).
const held: unknown[] = [];

/** Keeps `reader` (and the objects it made) alive until the process ends. */
export function hold(reader: unknown): void {
  held.push(reader);
}

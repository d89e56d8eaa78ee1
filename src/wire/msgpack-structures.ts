// The shared msgpackr record structures, fixed and known to both sides: the encoder never adds to
// them (other shapes, like partial row patches, travel as inline record definitions inside each
// message), so any msgpackr decoder given this list can read every message, in any order.
// NEVER reorder or change an entry: ids are positions. Append only, and bump PROTOCOL_VERSION.
import { ROW_KEYS } from '../results/types.js';

export const SHARED_STRUCTURES: readonly (readonly string[])[] = Object.freeze([
  ROW_KEYS,
  ['type', 'epoch', 'seq', 'finisherLimit', 'competitions', 'finishers'],
  ['type', 'epoch', 'seq', 'competitions', 'finishers'],
  ['id', 'name', 'rows'],
  ['id', 'rows'],
  ['competition', 'bib'],
  ['type', 'protocol', 'epoch', 'seq'],
  ['type', 'code', 'message'],
].map((s) => Object.freeze([...s])));

/** A fresh mutable copy: msgpackr annotates the array it is given, so each codec gets its own. */
export function sharedStructures(): string[][] {
  return SHARED_STRUCTURES.map((s) => [...s]);
}

// Modified UTF-8 (DataInput.readUTF) decoded to exact UTF-16 code units, without loss:
// NUL is C0 80, supplementary characters arrive as two 3-byte surrogates (CESU style), lone
// surrogates are kept. Forms the JDK tolerates but never writes (overlong, raw 00) are decoded
// as the JDK decodes them and flagged; malformed bytes (the JDK rejects them) become U+FFFD and
// are flagged. The flag is read from `lastMutf8Issue` right after a call (no allocation per call).

import { arrayBufferOf, byteOffsetOf } from './typed-array-fields.js';

export interface Mutf8Issue {
  kind: 'overlong' | 'malformed';
  /** Index of the first offending byte, relative to the start of the decoded range. */
  at: number;
}

/** The issue found by the latest decodeMutf8 call, or null. */
export let lastMutf8Issue: Mutf8Issue | null = null;

const units = new Uint16Array(4096);

// Buffer's own latin1Slice/utf8Slice skip the argument checks of toString(...).
type Native = { latin1Slice(start: number, end: number): string; utf8Slice(start: number, end: number): string };


/**
 * Decodes bytes [start, end) of `buf`. Short strings come from caches of earlier decodings; ASCII
 * takes the fastest path; text without NUL, surrogates, 4-byte forms or bad bytes is also plain UTF-8
 * and goes through Buffer's UTF-8 decoder (a U+FFFD in its result sends the bytes to the exact
 * decoder, which tells real U+FFFD from bad bytes).
 */
export function decodeMutf8(buf: Buffer, start: number, end: number): string {
  lastMutf8Issue = null;
  const len = end - start;
  // Short strings repeat a lot (ranks, bibs, clubs, times re-sent with every list): a cache keyed by
  // the bytes saves the decoding, the allocation and, more so, the garbage collection. Only strings
  // that decoded without any issue are cached, so a hit needs no checks. The hit path is kept small
  // and a miss is a call, so V8 inlines this function into the parser's row loop.
  if (len === 0) return '';
  if (buf !== viewOf) setView(buf);
  const from = start + viewOffset;
  const to = end + viewOffset;
  if (len > WORDS_MAX_LEN || to < 4) return decodeMiss(buf, start, end);
  // Keyed by the length and 32-bit words read through a DataView (unaligned reads are fine): a
  // 9-byte time is three loads, not nine. The last word is read at end - 4, overlapping the word
  // before it, or for strings under 4 bytes the bytes before the string (in a stream: its length;
  // they may lie before `buf` in its ArrayBuffer); with the length it still pins down every byte
  // of the string.
  const dv = view;
  const lastWord = dv.getUint32(to - 4, true);
  const inner = (len - 1) >> 2; // words before the last one
  let h = Math.imul(lastWord ^ len, 0x9e3779b1);
  for (let k = 0; k < inner; k++) h = Math.imul(h ^ dv.getUint32(from + 4 * k, true), 0x85ebca6b);
  h ^= h >>> 16;
  const slot = (Math.imul(h, 0x9e3779b1) >>> WORDS_SHIFT) & ~1; // way 0 of a two-way set
  const at = slot << 3;
  if (wordKeys[at] === len && wordKeys[at + 1] === lastWord) {
    let k = 0;
    while (k < inner && wordKeys[at + 2 + k] === dv.getUint32(from + 4 * k, true)) k++;
    if (k === inner) return wordStrings[slot]!;
  }
  return wordsMiss(buf, start, end, slot);
}

// Strings of 1..28 bytes: 32768 two-way sets, 65536 slots of 8 words [length, last word, up to 6
// more words] (2 MiB, one per thread). Measured on the 21 MB race (5,430 distinct strings), 1460-byte
// chunks: 512 KiB ran at 300 MB/s, 1 MiB at 333, 2 MiB at 350: fewer strings share a set, fewer
// misses, and the lookups that miss way 0 (a call) drop under 10%.
const WORDS_SHIFT = 16; // 32 - log2(slots)
const WORDS_MAX_LEN = 28;
const wordKeys = new Uint32Array((1 << (32 - WORDS_SHIFT)) * 8); // length 0 = empty slot
const wordStrings: string[] = new Array<string>(1 << (32 - WORDS_SHIFT)).fill('');
/**
 * `view` reads the whole ArrayBuffer under `viewOf` (the parser's current chunk, as a rule), which
 * starts at `viewOffset` in it. Making a DataView costs about as much as parsing a row, and chunks
 * cut from one file or one pipeline batch share their ArrayBuffer: a new chunk then only moves the
 * offset. The view of the ArrayBuffer before is kept too (unstash alternates between a chunk and
 * the parser's stash).
 */
let viewOf: Buffer | null = null;
let viewOffset = 0;
let viewBuffer: ArrayBufferLike | null = null;
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
let lastViewBuffer: ArrayBufferLike | null = null;
let lastView: DataView<ArrayBufferLike> = view;

function setView(buf: Buffer): void {
  const ab = arrayBufferOf(buf);
  viewOf = buf;
  viewOffset = byteOffsetOf(buf);
  if (ab === viewBuffer) return; // the next chunk of the same file or batch: only the offset moves
  const before = viewBuffer;
  const v = view;
  view = ab === lastViewBuffer ? lastView : new DataView(ab);
  viewBuffer = ab;
  lastViewBuffer = before;
  lastView = v;
}

/**
 * Not in way 0 of its set: look in way 1 (the other half of the same 64-byte cache line), which
 * holds the set's previous string. With two ways, two strings that share a set no longer evict
 * each other on every use (a direct-mapped cache missed 10% of the lookups of a 5,000-string race).
A hit in way 1 swaps the two, so the string in use is found next time without this call.
 */
function wordsMiss(buf: Buffer, start: number, end: number, slot: number): string {
  const dv = view;
  const o = viewOffset;
  const len = end - start;
  const inner = (len - 1) >> 2;
  const lastWord = dv.getUint32(end + o - 4, true);
  const at = slot << 3;
  const other = slot + 1;
  const ot = other << 3;
  if (wordKeys[ot] === len && wordKeys[ot + 1] === lastWord) {
    let k = 0;
    while (k < inner && wordKeys[ot + 2 + k] === dv.getUint32(start + o + 4 * k, true)) k++;
    if (k === inner) {
      // Way 1 hit: the two swap, so the string used now is found without a call next time.
      const s = wordStrings[other]!;
      for (let w = 0; w < 8; w++) {
        const t = wordKeys[at + w]!;
        wordKeys[at + w] = wordKeys[ot + w]!;
        wordKeys[ot + w] = t;
      }
      wordStrings[other] = wordStrings[slot]!;
      wordStrings[slot] = s;
      return s;
    }
  }
  const s = decodeMiss(buf, start, end);
  if (lastMutf8Issue === null) {
    // Way 0's string moves to way 1; the new one takes way 0.
    wordKeys.copyWithin(ot, at, at + 8);
    wordStrings[other] = wordStrings[slot]!;
    wordKeys[at] = len;
    wordKeys[at + 1] = lastWord;
    for (let k = 0; k < inner; k++) wordKeys[at + 2 + k] = dv.getUint32(start + o + 4 * k, true);
    wordStrings[slot] = s;
  }
  return s;
}

/**
 * decodeMutf8 for a buffer that brings its own DataView `dv` over its bytes (the parser's stash,
 * where a row cut by a segment end is finished): a lookup in the same cache while the cache's view
 * stays on the chunk, where the next lookups are (moving it to the stash and back cost two view
 * switches). The uncached decoding this replaced made a new string every segment.
 */
export function decodeMutf8Through(buf: Buffer, dv: DataView<ArrayBufferLike>, start: number, end: number): string {
  const of = viewOf;
  const offset = viewOffset;
  const v = view;
  viewOf = buf;
  viewOffset = 0;
  view = dv;
  const s = decodeMutf8(buf, start, end);
  viewOf = of;
  viewOffset = offset;
  view = v;
  return s;
}

/** The exact decoding, uncached. */
function decodeMiss(buf: Buffer, start: number, end: number): string {
  const len = end - start;
  let high = 0;
  let zeroOrF0 = false;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    high |= c;
    if (c === 0 || c >= 0xf0) zeroOrF0 = true;
  }
  if (high < 0x80 && !zeroOrF0) return len < 3 ? shortAscii(buf, start, end) : (buf as unknown as Native).latin1Slice(start, end);
  const s = zeroOrF0 ? '\ufffd' : (buf as unknown as Native).utf8Slice(start, end);
  return s.indexOf('\ufffd') >= 0 ? decodeSlow(buf, start, end) : s;
}

function shortAscii(buf: Buffer, start: number, end: number): string {
  switch (end - start) {
    case 0: return '';
    case 1: return String.fromCharCode(buf[start]!);
    case 2: return String.fromCharCode(buf[start]!, buf[start + 1]!);
    default: return (buf as unknown as Native).latin1Slice(start, end);
  }
}

function flag(kind: Mutf8Issue['kind'], at: number): void {
  if (lastMutf8Issue === null || (kind === 'malformed' && lastMutf8Issue.kind !== 'malformed')) {
    lastMutf8Issue = { kind, at };
  }
}

function decodeSlow(buf: Buffer, start: number, end: number): string {
  let out = '';
  let n = 0;
  let i = start;
  while (i < end) {
    if (n > units.length - 2) {
      out += String.fromCharCode.apply(null, units.subarray(0, n) as unknown as number[]);
      n = 0;
    }
    const c = buf[i]!;
    if (c < 0x80) {
      if (c === 0) flag('overlong', i - start);
      units[n++] = c;
      i++;
    } else if ((c & 0xe0) === 0xc0) {
      const c2 = i + 1 < end ? buf[i + 1]! : -1;
      if ((c2 & 0xc0) !== 0x80) {
        flag('malformed', i - start);
        units[n++] = 0xfffd;
        i++;
        continue;
      }
      const u = ((c & 0x1f) << 6) | (c2 & 0x3f);
      if (u < 0x80 && u !== 0) flag('overlong', i - start);
      units[n++] = u;
      i += 2;
    } else if ((c & 0xf0) === 0xe0) {
      const c2 = i + 1 < end ? buf[i + 1]! : -1;
      const c3 = i + 2 < end ? buf[i + 2]! : -1;
      if ((c2 & 0xc0) !== 0x80 || (c3 & 0xc0) !== 0x80) {
        flag('malformed', i - start);
        units[n++] = 0xfffd;
        i++;
        continue;
      }
      const u = ((c & 0x0f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f);
      if (u < 0x800) flag('overlong', i - start);
      units[n++] = u;
      i += 3;
    } else {
      // 80..BF as a lead byte, or F0..FF (4-byte UTF-8 is not modified UTF-8).
      flag('malformed', i - start);
      units[n++] = 0xfffd;
      i++;
    }
  }
  if (n > 0) out += String.fromCharCode.apply(null, units.subarray(0, n) as unknown as number[]);
  return out;
}

/**
 * Strict check used when guessing where a value starts: true when bytes [start, end) are modified
 * UTF-8 exactly as Java writes it (no raw 00, no overlong forms, no malformed bytes). A sequence
 * cut off by `end` counts as valid (more bytes may follow).
 */
export function isStrictMutf8Prefix(buf: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const c = buf[i]!;
    if (c < 0x80) {
      if (c === 0) return false;
      i++;
    } else if ((c & 0xe0) === 0xc0) {
      if (i + 1 >= end) return true;
      const c2 = buf[i + 1]!;
      if ((c2 & 0xc0) !== 0x80) return false;
      const u = ((c & 0x1f) << 6) | (c2 & 0x3f);
      if (u < 0x80 && !(c === 0xc0 && c2 === 0x80)) return false;
      i += 2;
    } else if ((c & 0xf0) === 0xe0) {
      if (i + 1 < end && (buf[i + 1]! & 0xc0) !== 0x80) return false;
      if (i + 2 >= end) return true;
      if ((buf[i + 2]! & 0xc0) !== 0x80) return false;
      const u = ((c & 0x0f) << 12) | ((buf[i + 1]! & 0x3f) << 6) | (buf[i + 2]! & 0x3f);
      if (u < 0x800) return false;
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

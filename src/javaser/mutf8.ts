// Modified UTF-8 (DataInput.readUTF) decoded to exact UTF-16 code units, without loss:
// NUL is C0 80, supplementary characters arrive as two 3-byte surrogates (CESU style), lone
// surrogates are kept. Forms the JDK tolerates but never writes (overlong, raw 00) are decoded
// as the JDK decodes them and flagged; malformed bytes (the JDK rejects them) become U+FFFD and
// are flagged. The flag is read from `lastMutf8Issue` right after a call (no allocation per call).

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
 * Decodes bytes [start, end) of `buf`. ASCII takes the fastest path; text without NUL, surrogates,
 * 4-byte forms or bad bytes is also plain UTF-8 and goes through Buffer's UTF-8 decoder (a U+FFFD
 * in its result sends the bytes to the exact decoder, which tells real U+FFFD from bad bytes).
 */
export function decodeMutf8(buf: Buffer, start: number, end: number): string {
  lastMutf8Issue = null;
  const len = end - start;
  if (len > CACHE_MAX_LEN || len === 0) return decodeMiss(buf, start, end, -1);
  // Short strings repeat a lot (ranks, bibs, clubs, times re-sent with every list): a cache keyed
  // by the bytes saves the decoding, the allocation and, more so, the garbage collection. Only
  // strings that decoded without any issue are cached, so a hit needs no checks. (Kept small so
  // the hit path is inlined into the parser's loops.)
  const mid = start + (len >> 1);
  let h = Math.imul(len ^ (buf[start]! << 8) ^ (buf[end - 1]! << 16) ^ (buf[mid]! << 24), 0x9e3779b1);
  if (len > 3) h = Math.imul(h ^ buf[end - 2]! ^ (buf[end - 3]! << 8) ^ (buf[start + 1]! << 16) ^ (buf[mid - 1]! << 24), 0x85ebca6b);
  const slot = h >>> CACHE_SHIFT;
  // One 32-byte line per slot: the length, then the bytes (one memory fetch for most checks).
  const at = slot << 5;
  if (cacheBytes[at] === len) {
    const d = at + 1 - start;
    let i = start;
    while (i < end && cacheBytes[d + i] === buf[i]) i++;
    if (i === end) return cacheStrings[slot]!;
  }
  return decodeMiss(buf, start, end, slot);
}

function decodeMiss(buf: Buffer, start: number, end: number, slot: number): string {
  const len = end - start;
  let high = 0;
  let zeroOrF0 = false;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    high |= c;
    if (c === 0 || c >= 0xf0) zeroOrF0 = true;
  }
  let s: string;
  if (high < 0x80 && !zeroOrF0) {
    s = len < 3 ? shortAscii(buf, start, end) : (buf as unknown as Native).latin1Slice(start, end);
  } else {
    s = zeroOrF0 ? '\ufffd' : (buf as unknown as Native).utf8Slice(start, end);
    if (s.indexOf('\ufffd') >= 0) return decodeSlow(buf, start, end);
  }
  if (slot >= 0) {
    const at = slot << 5;
    cacheBytes[at] = len;
    for (let i = 0; i < len; i++) cacheBytes[at + 1 + i] = buf[start + i]!;
    cacheStrings[slot] = s;
  }
  return s;
}

const CACHE_SHIFT = 18; // 32 - log2(slots): 16384 slots of 32 bytes, 512 KiB
const CACHE_SLOTS = 1 << (32 - CACHE_SHIFT);
const CACHE_MAX_LEN = 31;
// Slot i: byte 32*i is the length (0 = empty: the empty string is not cached), then the bytes.
const cacheBytes = new Uint8Array(CACHE_SLOTS * 32);
const cacheStrings: string[] = new Array<string>(CACHE_SLOTS).fill('');

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

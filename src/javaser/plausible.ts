// Where might a value start? Used to resynchronise (mid-stream start, after a gap or an error)
// and to find where the primitive data of an object of an unknown class ends. The check reads at
// most LOOKAHEAD bytes and answers "need more" rather than guess while those are not all there,
// so the answer never depends on how the stream was chunked.
import { isStrictMutf8Prefix } from './mutf8.js';

export const LOOKAHEAD = 72;

export const NO = 0;
export const YES = 1;
export const NEED_MORE = -1;

/** Bytes that can begin an element of an object array or an object field. */
export function isContentCode(b: number): boolean {
  return (b >= 0x70 && b <= 0x76) || b === 0x7b || b === 0x7c || b === 0x7e;
}

/**
 * YES if a value plausibly starts at `buf[i]`, NO if not, NEED_MORE if bytes up to `len` do not
 * decide it. With `final` (no more bytes will come) a check cut short by the end counts as YES.
 */
export function plausibleAt(buf: Uint8Array, i: number, len: number, final: boolean, maxArrayLength: number): number {
  return check(buf, i, len, final, maxArrayLength, 0);
}

function check(buf: Uint8Array, i: number, len: number, final: boolean, maxArr: number, depth: number): number {
  if (i >= len) return final ? YES : NEED_MORE;
  const short = final ? YES : NEED_MORE;
  const b = buf[i]!;
  switch (b) {
    case 0xac:
      if (i + 4 > len) return short;
      return buf[i + 1] === 0xed && buf[i + 2] === 0x00 && buf[i + 3] === 0x05 ? YES : NO;
    case 0x71: {
      if (i + 6 > len) {
        if (i + 1 < len && buf[i + 1] !== 0x00) return NO;
        if (i + 2 < len && buf[i + 2] !== 0x7e) return NO;
        return short;
      }
      if (buf[i + 1] !== 0x00 || buf[i + 2] !== 0x7e) return NO;
      return isFollowCode(buf[i + 5]!) ? YES : NO;
    }
    case 0x74: {
      if (i + 3 > len) return short;
      const n = (buf[i + 1]! << 8) | buf[i + 2]!;
      const checkEnd = Math.min(i + 3 + n, i + LOOKAHEAD);
      const avail = Math.min(checkEnd, len);
      if (!isStrictMutf8Prefix(buf, i + 3, avail)) return NO;
      if (avail < checkEnd) return short;
      if (i + 3 + n < i + LOOKAHEAD) {
        // The whole string was checked: the byte after it must start something too.
        if (i + 3 + n >= len) return short;
        return isFollowCode(buf[i + 3 + n]!) ? YES : NO;
      }
      return YES;
    }
    case 0x7c: {
      if (i + 9 > len) return short;
      if (buf[i + 1] !== 0 || buf[i + 2] !== 0 || buf[i + 3] !== 0 || buf[i + 4] !== 0) return NO;
      return buf[i + 5]! > 0 || buf[i + 6]! > 0 ? YES : NO;
    }
    case 0x73:
    case 0x75:
    case 0x76:
    case 0x7e:
      return checkDesc(buf, i + 1, len, final, b === 0x75, maxArr);
    case 0x79:
    case 0x7b:
      if (depth > 0) return NO;
      return check(buf, i + 1, len, final, maxArr, depth + 1);
    default:
      // 0x70 (TC_NULL) is 'p' in text, block data markers need context, and a bare class descriptor
      // (0x72/0x7D) is almost always the superclass part of one being skipped: never a sync point.
      return NO;
  }
}

/** A byte that may follow a complete value: another value, block data, end of block data, header. */
function isFollowCode(b: number): boolean {
  return (b >= 0x70 && b <= 0x7e) || b === 0xac;
}

function checkDesc(buf: Uint8Array, i: number, len: number, final: boolean, isArray: boolean, maxArr: number): number {
  const short = final ? YES : NEED_MORE;
  if (i >= len) return short;
  const b = buf[i]!;
  if (b === 0x72) {
    if (i + 3 > len) return short;
    const n = (buf[i + 1]! << 8) | buf[i + 2]!;
    if (n === 0 || n > 1024) return NO;
    const end = Math.min(i + 3 + n, i + LOOKAHEAD, len);
    for (let k = i + 3; k < end; k++) {
      const c = buf[k]!;
      // Class names: printable ASCII (or UTF-8 leading/continuation bytes), no spaces.
      if (c <= 0x20 || c === 0x7f) return NO;
    }
    if (isArray && i + 3 < len && buf[i + 3] !== 0x5b) return NO;
    if (!isStrictMutf8Prefix(buf, i + 3, end)) return NO;
    return end < Math.min(i + 3 + n, i + LOOKAHEAD) ? short : YES;
  }
  if (b === 0x71) {
    if (i + 3 > len) return short;
    if (buf[i + 1] !== 0x00 || buf[i + 2] !== 0x7e) return NO;
    if (!isArray) return YES;
    if (i + 9 > len) return short;
    const n = ((buf[i + 5]! << 24) | (buf[i + 6]! << 16) | (buf[i + 7]! << 8) | buf[i + 8]!) >> 0;
    return n >= 0 && n <= maxArr ? YES : NO;
  }
  if (b === 0x7d) {
    if (i + 5 > len) return short;
    return buf[i + 1] === 0 && buf[i + 2] === 0 ? YES : NO;
  }
  return NO;
}

// Java's "modified UTF-8" (DataOutput.writeUTF): every UTF-16 code unit on its own, so NUL becomes
// C0 80 and a supplementary character becomes its two surrogates, 3 bytes each (CESU-8 style).
// Lone surrogates are encoded like any other code unit, exactly as the JDK does.

/** Number of bytes `text` takes in modified UTF-8. */
export function modifiedUtf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c >= 0x0001 && c <= 0x007f ? 1 : c <= 0x07ff ? 2 : 3;
  }
  return n;
}

/** Writes `text` as modified UTF-8 into `out` at `at`; returns the offset after it. */
export function writeModifiedUtf8(text: string, out: Uint8Array, at: number): number {
  let p = at;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x0001 && c <= 0x007f) {
      out[p++] = c;
    } else if (c <= 0x07ff) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 0x3f);
    } else {
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}

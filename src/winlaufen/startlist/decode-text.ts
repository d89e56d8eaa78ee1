// Start list bytes -> text. Exports come as UTF-8 (with or without BOM), UTF-16LE with BOM
// (Excel "Unicode text") or Windows-1252 (older Windows tools): bytes that are not valid UTF-8
// are taken as Windows-1252, since every byte sequence is valid there.
import iconv from 'iconv-lite';
import type { StartListEncoding } from './types.js';

export function decodeStartListText(bytes: Uint8Array): { text: string; encoding: StartListEncoding } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: iconv.decode(buf.subarray(3), 'utf-8'), encoding: 'utf-8-bom' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le-bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buf, 'win1252'), encoding: 'windows-1252' };
  }
}

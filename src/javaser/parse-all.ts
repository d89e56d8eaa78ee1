// One-shot convenience: parse a whole byte buffer (optionally in fixed-size chunks).
import type { ParseEvent } from './events.js';
import type { ParserOptions } from './options.js';
import { JavaStreamParser } from './parser.js';

export function parseAll(bytes: Uint8Array, options?: Partial<ParserOptions>, chunkSize = 0): ParseEvent[] {
  const p = new JavaStreamParser(options);
  const out: ParseEvent[] = [];
  if (chunkSize <= 0 || chunkSize >= bytes.length) {
    for (const e of p.feed(bytes)) out.push(e);
  } else {
    for (let i = 0; i < bytes.length; i += chunkSize) {
      for (const e of p.feed(bytes.subarray(i, Math.min(bytes.length, i + chunkSize)))) out.push(e);
    }
  }
  for (const e of p.end()) out.push(e);
  return out;
}

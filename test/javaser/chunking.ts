// Feeding the same bytes in many chunkings: every one must give the same events.
import { JavaStreamParser, toJson, type ParseEvent, type ParserOptions } from '../../src/javaser/index.js';
import { prng } from '../support/prng.js';

/** A comparable text form of events (values as JSON per docs/javaser-json.md). */
export function describeEvents(events: ParseEvent[]): string[] {
  return events.map((e) => {
    switch (e.type) {
      case 'value':
        return `value@${e.offset} ${JSON.stringify(toJson(e.value))}`;
      case 'error':
        return `error ${e.error.code}@${e.error.offset} resume ${e.resumeOffset}`;
      default:
        return `${e.type}@${e.offset}`;
    }
  });
}

export function parseChunks(chunks: Uint8Array[], options?: Partial<ParserOptions>): ParseEvent[] {
  const p = new JavaStreamParser(options);
  const out: ParseEvent[] = [];
  for (const c of chunks) for (const e of p.feed(c)) out.push(e);
  for (const e of p.end()) out.push(e);
  return out;
}

export { prng };

export function randomSplit(bytes: Uint8Array, rnd: () => number, maxPiece = 64): Uint8Array[] {
  const out: Uint8Array[] = [];
  let i = 0;
  while (i < bytes.length) {
    const n = 1 + Math.floor(rnd() * maxPiece);
    out.push(bytes.subarray(i, Math.min(bytes.length, i + n)));
    i += n;
  }
  return out;
}

/**
 * Parses `bytes` whole, split at every position into two chunks, one byte at a time and at random
 * splits; returns the whole-buffer events and the first chunking that differs (or null).
 */
export function checkChunkings(
  bytes: Uint8Array,
  options?: Partial<ParserOptions>,
  randomRounds = 5,
): { events: ParseEvent[]; mismatch: string | null } {
  const events = parseChunks([bytes], options);
  const want = describeEvents(events).join('\n');
  const differs = (name: string, chunks: Uint8Array[]): string | null => {
    const got = describeEvents(parseChunks(chunks, options)).join('\n');
    return got === want ? null : `${name}:\n--- whole\n${want}\n--- ${name}\n${got}`;
  };
  // Every cut position for small inputs; for big ones the first and last 300 and every 97th.
  const n = bytes.length;
  for (let cut = 1; cut < n; cut = n <= 3000 || cut < 300 || cut >= n - 300 ? cut + 1 : Math.min(cut + 97, n - 300)) {
    const d = differs(`split at ${cut}`, [bytes.subarray(0, cut), bytes.subarray(cut)]);
    if (d) return { events, mismatch: d };
  }
  const ones: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i++) ones.push(bytes.subarray(i, i + 1));
  const d1 = n > 200_000 ? null : differs('one byte at a time', ones);
  if (d1) return { events, mismatch: d1 };
  const rnd = prng(bytes.length);
  for (let r = 0; r < randomRounds; r++) {
    const d = differs(`random split #${r}`, randomSplit(bytes, rnd, 1 + r * 7));
    if (d) return { events, mismatch: d };
  }
  return { events, mismatch: null };
}

export function valuesOf(events: ParseEvent[]): unknown[] {
  return events.filter((e) => e.type === 'value').map((e) => toJson((e as Extract<ParseEvent, { type: 'value' }>).value));
}

export function errorCodes(events: ParseEvent[]): string[] {
  return events.filter((e) => e.type === 'error').map((e) => (e as Extract<ParseEvent, { type: 'error' }>).error.code);
}

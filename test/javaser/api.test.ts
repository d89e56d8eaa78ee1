// The public API as the pipeline and the JDK comparison use it.
import { describe, expect, it } from 'vitest';
import { JavaStreamParser, parseAll, toJson, type TraceEvent } from '../../src/javaser/index.js';
import { describeEvents, parseChunks, prng, randomSplit } from './chunking.js';
import { seedStreams } from './corpus.js';

describe('JavaStreamParser API', () => {
  it('feed(...)/end() as jdk.test.ts uses it; parseAll gives the same', () => {
    for (const bytes of seedStreams()) {
      const p = new JavaStreamParser();
      const events = [...p.feed(bytes.subarray(0, 10)), ...p.feed(bytes.subarray(10)), ...p.end()];
      expect(describeEvents(parseAll(bytes))).toEqual(describeEvents(events));
      expect(describeEvents(parseAll(bytes, undefined, 3))).toEqual(describeEvents(events));
      events.filter((e) => e.type === 'value').forEach((e) => JSON.stringify(toJson(e.value)));
    }
  });

  it('accepts plain Uint8Arrays, and the caller may reuse its chunk buffer after feed()', () => {
    const rnd = prng(5);
    for (const bytes of seedStreams()) {
      const want = describeEvents(parseChunks([bytes]));
      const p = new JavaStreamParser();
      const events = [];
      const scratch = new Uint8Array(64);
      for (const piece of randomSplit(bytes, rnd, 17)) {
        scratch.set(piece);
        events.push(...p.feed(scratch.subarray(0, piece.length)));
        scratch.fill(0xee); // the network buffer gets reused
      }
      events.push(...p.end());
      expect(describeEvents(events)).toEqual(want);
    }
  });

  it('offsets count reported gaps, and streamOffset tells where the parser is', () => {
    const p = new JavaStreamParser();
    p.feed(Uint8Array.of(0xac, 0xed, 0x00, 0x05));
    p.gap(100);
    expect(p.streamOffset).toBe(104);
    const ev = [...p.feed(Uint8Array.of(0x74, 0x00, 0x01, 0x41)), ...p.end()];
    expect(ev.find((e) => e.type === 'value')).toMatchObject({ offset: 104, value: 'A' });
  });

  it('end() reports an incomplete trailing value as an error event; feeding after end() is a usage error', () => {
    const p = new JavaStreamParser();
    p.feed(Uint8Array.of(0xac, 0xed, 0x00, 0x05, 0x74, 0x00, 0x05, 0x41));
    const ev = p.end();
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ type: 'error', resumeOffset: 8 });
    expect(() => p.feed(Uint8Array.of(1))).toThrow(/after end/);
    expect(p.end()).toEqual([]);
  });

  it('the trace callback sees the structure with offsets and depths (and values stay the same)', () => {
    const trace: TraceEvent[] = [];
    const bytes = seedStreams()[1]!;
    const events = parseChunks([bytes], { trace: (e) => trace.push(e) });
    expect(describeEvents(events)).toEqual(describeEvents(parseChunks([bytes])));
    expect(trace[0]).toEqual({ offset: 0, depth: 0, text: 'stream header AC ED 00 05' });
    expect(trace.some((t) => t.depth === 1 && /^TC_CLASSDESC$/.test(t.text))).toBe(true);
    expect(trace.some((t) => /TC_STRING "RÄTZ" handle 0x7e0007/.test(t.text))).toBe(true);
  });
});

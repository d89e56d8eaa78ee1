// Thousands of mutated streams, fed in random chunkings with random gaps: the parser never throws,
// never hangs, and every event is well-formed. Bounded in count and time.
import { describe, expect, it } from 'vitest';
import { JavaSerError, JavaStreamParser, toJson, type ParseEvent } from '../../src/javaser/index.js';
import { describeEvents, parseChunks, prng, randomSplit } from './chunking.js';
import { seedStreams } from './corpus.js';

const interesting = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0xac, 0xed];

function mutate(seed: Buffer, rnd: () => number): Buffer {
  const b = [...seed];
  const n = 1 + Math.floor(rnd() * 4);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(rnd() * Math.max(1, b.length));
    switch (Math.floor(rnd() * 7)) {
      case 0:
        b[at] = Math.floor(rnd() * 256);
        break;
      case 1:
        b[at] = interesting[Math.floor(rnd() * interesting.length)]!;
        break;
      case 2:
        b.splice(at, 0, ...Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => Math.floor(rnd() * 256)));
        break;
      case 3:
        b.splice(at, 1 + Math.floor(rnd() * 16));
        break;
      case 4: {
        // A length or handle field made huge or negative.
        const v = [0x7f, 0xff, 0xff, 0xff, 0x80, 0x00, 0x00, 0x00][Math.floor(rnd() * 2) * 4];
        b.splice(at, 4, v!, 0xff, 0xff, 0xff);
        break;
      }
      case 5:
        b.length = at;
        break;
      default: {
        const len = Math.floor(rnd() * 32);
        b.splice(at, 0, ...b.slice(Math.floor(rnd() * b.length), Math.floor(rnd() * b.length) + len));
      }
    }
  }
  return Buffer.from(b);
}

function feedRandomly(bytes: Buffer, rnd: () => number): ParseEvent[] {
  const p = new JavaStreamParser({ maxArrayLength: 100_000, maxStringLength: 100_000, maxBufferedBytes: 100_000 });
  const out: ParseEvent[] = [];
  let i = 0;
  while (i < bytes.length) {
    const n = 1 + Math.floor(rnd() * 40);
    out.push(...p.feed(bytes.subarray(i, i + n)));
    i += n;
    if (rnd() < 0.02) out.push(...p.gap(1 + Math.floor(rnd() * 50)));
  }
  out.push(...p.end());
  return out;
}

describe('fuzz', () => {
  it('thousands of mutations of the seed streams: no throw, no hang, typed errors only', () => {
    const seeds = seedStreams();
    const rnd = prng(20261123);
    const started = Date.now();
    let cases = 0;
    let errors = 0;
    let values = 0;
    // At least 5000 cases; keep going up to 20000 while under ~12 s (the count, not the clock, is
    // what the test checks).
    while (cases < 5000 || (cases < 20_000 && Date.now() - started < 12_000)) {
      const seed = seeds[cases % seeds.length]!;
      const bytes = mutate(seed, rnd);
      let events: ParseEvent[];
      try {
        events = feedRandomly(bytes, rnd);
      } catch (err) {
        throw new Error(`parser threw on case ${cases} (${bytes.toString('hex')}): ${(err as Error).stack}`);
      }
      for (const e of events) {
        if (e.type === 'error') {
          errors++;
          expect(e.error).toBeInstanceOf(JavaSerError);
          expect(Number.isInteger(e.error.offset)).toBe(true);
          expect(e.resumeOffset).toBeGreaterThanOrEqual(0);
        } else if (e.type === 'value') {
          values++;
          JSON.stringify(toJson(e.value));
        }
      }
      cases++;
    }
    expect(cases).toBeGreaterThanOrEqual(5000);
    expect(errors).toBeGreaterThan(0);
    expect(values).toBeGreaterThan(0);
  });

  it('mutated streams give the same events whole and in random chunks', () => {
    const seeds = seedStreams();
    const rnd = prng(99);
    for (let k = 0; k < 600; k++) {
      const bytes = mutate(seeds[k % seeds.length]!, rnd);
      const whole = describeEvents(parseChunks([bytes]));
      expect(describeEvents(parseChunks(randomSplit(bytes, rnd, 1 + (k % 13))))).toEqual(whole);
    }
  });

  it('random garbage of every length is skipped without values or throws', () => {
    const rnd = prng(7);
    for (let n = 0; n < 2000; n += 7) {
      const bytes = Buffer.from(Array.from({ length: n }, () => Math.floor(rnd() * 256)));
      expect(() => feedRandomly(bytes, rnd)).not.toThrow();
    }
  });
});

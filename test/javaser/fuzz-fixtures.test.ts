// Fuzzing with the JDK-written fixture streams as seeds (every grammar feature, random graphs):
// mutated, chunked at random, with gaps. The parser never throws and stays chunking-invariant.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JavaSerError, JavaStreamParser, toJson } from '../../src/javaser/index.js';
import { compileJavaFixtures, runJava } from '../support/java.js';
import { describeEvents, parseChunks, prng, randomSplit } from './chunking.js';

compileJavaFixtures();
const dir = mkdtempSync(join(tmpdir(), 'racewire-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
await Promise.all([runJava('GrammarFixtures', [join(dir, 'grammar')]), runJava('RandomGraphs', [join(dir, 'random'), '20', '7'])]);
const seeds = ['grammar', 'random'].flatMap((d) =>
  readdirSync(join(dir, d))
    .filter((f) => f.endsWith('.ser'))
    .sort()
    .map((f) => readFileSync(join(dir, d, f))),
);

function mutate(seed: Buffer, rnd: () => number): Buffer {
  const b = Buffer.from(seed);
  const n = 1 + Math.floor(rnd() * 3);
  for (let k = 0; k < n && b.length > 0; k++) {
    const at = Math.floor(rnd() * b.length);
    b[at] = rnd() < 0.5 ? Math.floor(rnd() * 256) : 0x70 + Math.floor(rnd() * 15);
  }
  return rnd() < 0.2 ? b.subarray(0, Math.floor(rnd() * b.length)) : b;
}

describe('fuzz with JDK-written seeds', () => {
  it('has seeds', () => {
    expect(seeds.length).toBeGreaterThan(20);
  });

  it('mutations: no throw, typed errors, whole = random chunks', () => {
    const rnd = prng(31337);
    let cases = 0;
    const started = Date.now();
    while (cases < 2000 || (cases < 8000 && Date.now() - started < 8000)) {
      const bytes = mutate(seeds[cases % seeds.length]!, rnd);
      const whole = parseChunks([bytes]);
      for (const e of whole) {
        if (e.type === 'error') expect(e.error).toBeInstanceOf(JavaSerError);
        if (e.type === 'value') JSON.stringify(toJson(e.value));
      }
      if (cases % 4 === 0) expect(describeEvents(parseChunks(randomSplit(bytes, rnd, 1 + (cases % 29))))).toEqual(describeEvents(whole));
      cases++;
    }
    expect(cases).toBeGreaterThanOrEqual(2000);
  });

  it('random gaps in the seeds: no throw', () => {
    const rnd = prng(4242);
    for (let k = 0; k < 1000; k++) {
      const bytes = seeds[k % seeds.length]!;
      const p = new JavaStreamParser();
      let i = 0;
      expect(() => {
        while (i < bytes.length) {
          const n = 1 + Math.floor(rnd() * 30);
          p.feed(bytes.subarray(i, i + n));
          i += n;
          if (rnd() < 0.1) {
            const lost = 1 + Math.floor(rnd() * 20);
            p.gap(lost);
            i += lost;
          }
        }
        p.end();
      }).not.toThrow();
    }
  });
});

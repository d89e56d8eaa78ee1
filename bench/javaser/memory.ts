// Live heap while the parser reads a stream in 1460-byte chunks (the values are dropped as they come,
// as a streaming consumer would): sampled after a full GC every 0.5 MB, so the figure is what the
// parser keeps (handle table, buffers), not garbage waiting for collection.
import { JavaStreamParser } from '../../src/javaser/index.js';
import { gc } from './gc.js';

export interface HeapFigures {
  /** Largest live heap seen while parsing, above the lowest (baseline or sample), bytes. */
  peakLive: number;
  values: number;
}

export function liveHeapWhileParsing(bytes: Buffer, sampleEvery = 500_000): HeapFigures {
  gc();
  // The lowest live heap seen is the floor: garbage of earlier runs may still be counted in the baseline.
  let floor = process.memoryUsage().heapUsed;
  let peak = floor;
  const sample = () => {
    gc();
    const used = process.memoryUsage().heapUsed;
    floor = Math.min(floor, used);
    peak = Math.max(peak, used);
  };
  const parser = new JavaStreamParser();
  let values = 0;
  let nextSample = sampleEvery;
  for (let i = 0; i < bytes.length; i += 1460) {
    for (const e of parser.feed(bytes.subarray(i, i + 1460))) if (e.type === 'value') values++;
    if (i >= nextSample) {
      nextSample += sampleEvery;
      sample();
    }
  }
  sample();
  for (const e of parser.end()) if (e.type === 'value') values++;
  return { peakLive: peak - floor, values };
}

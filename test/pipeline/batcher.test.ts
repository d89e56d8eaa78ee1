// The batcher: per-stream batches in order, and batches that grow while a stream fills them faster
// than the event loop turns (a file read at full speed) and shrink again when it does not.
import { describe, expect, it } from 'vitest';
import { StreamBatcher } from '../../src/pipeline/batcher.js';
import type { Batch } from '../../src/pipeline/messages.js';

const turn = () => new Promise((r) => setImmediate(r));

function collect(batchBytes: number, maxBatchBytes?: number) {
  const batches: Array<{ stream: string; batch: Batch }> = [];
  const batcher = new StreamBatcher({ batchBytes, ...(maxBatchBytes ? { maxBatchBytes } : {}) }, (stream, batch) => batches.push({ stream, batch }));
  return { batcher, batches };
}

describe('StreamBatcher', () => {
  it('doubles the batches of a stream that fills them within one turn, up to the maximum', () => {
    const { batcher, batches } = collect(16, 64);
    let offset = 0;
    for (let i = 0; i < 12; i++) {
      batcher.data('a', offset, new Uint8Array(16).fill(i));
      offset += 16;
    }
    batcher.flushAll();
    expect(batches.map((b) => b.batch.buffer.byteLength)).toEqual([16, 32, 64, 64, 16]);
    // Every byte once, in order.
    const all = Buffer.concat(batches.map((b) => Buffer.from(b.batch.buffer)));
    expect([...all]).toEqual(Array.from({ length: 12 * 16 }, (_, k) => Math.floor(k / 16)));
    expect(batches.map((b) => b.batch.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('goes back to small batches once a turn passes with a batch less than half full', async () => {
    const { batcher, batches } = collect(16, 64);
    let offset = 0;
    const put = (n: number) => {
      batcher.data('a', offset, new Uint8Array(n));
      offset += n;
    };
    for (let i = 0; i < 4; i++) put(16); // grows to 64
    await turn(); // the open 64-byte batch holds 16: not half full
    put(16);
    put(16);
    await turn();
    expect(batches.map((b) => b.batch.buffer.byteLength)).toEqual([16, 32, 16, 16, 16]);
  });

  it('without maxBatchBytes every batch is batchBytes (a larger chunk gets its own size)', () => {
    const { batcher, batches } = collect(16);
    batcher.data('a', 0, new Uint8Array(16));
    batcher.data('a', 16, new Uint8Array(16));
    batcher.data('a', 32, new Uint8Array(40));
    batcher.flushAll();
    expect(batches.map((b) => b.batch.buffer.byteLength)).toEqual([16, 16, 40]);
  });
});

// The worker pool on its own: order and affinity per stream, and recovery from a crashed or stuck
// worker (a logged reason, the lost bytes reported as a gap, the stream carrying on).
import { describe, expect, it } from 'vitest';
import type { AnalysisEvent, AnalyzerOptions } from '../../src/pipeline/analysis.js';
import { StreamBatcher } from '../../src/pipeline/batcher.js';
import type { Batch } from '../../src/pipeline/messages.js';
import { WorkerStreamPool } from '../../src/pipeline/worker-pool.js';

/** A Java stream header and one String[7] row preceded by its three Integer header values. */
const HEADER = Buffer.from('aced0005', 'hex');
function listUpdate(competition: number, bib: number): Buffer {
  const str = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    return Buffer.concat([Buffer.from([0x74, b.length >> 8, b.length & 0xff]), b]);
  };
  // TC_RESET first: every update is self-contained, so a restarted analyzer can read the next one.
  const integer = (v: number) =>
    Buffer.concat([
      Buffer.from('7372001' + '16a6176612e6c616e672e496e746567657212e2a0a4f781873802000149000576616c7565787200106a6176612e6c616e672e4e756d62657286ac951d0b94e08b020000787000', 'hex'),
      Buffer.from([v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff]),
    ]);
  const row = Buffer.concat([
    Buffer.from('757200135b4c6a6176612e6c616e672e537472696e673badd256e7e91d7b47020000787000000007', 'hex'),
    ...[String(1), String(bib), `RÄTZ ${bib}`, 'Rammingen', 'M40', '0:30:00.0', '0:00:00.0'].map(str),
  ]);
  return Buffer.concat([Buffer.from([0x79]), integer(competition), Buffer.from([0x79]), integer(0), Buffer.from([0x79]), integer(0), Buffer.from([0x79]), row]);
}

function runPool(options: AnalyzerOptions, watchdogMs = 5_000) {
  const events: Array<{ stream: string; event: AnalysisEvent }> = [];
  const logs: string[] = [];
  const pool = new WorkerStreamPool(
    { threads: 2, streamsPerThread: 16, watchdogMs, analyzer: options },
    { onEvents: (stream, evs) => evs.forEach((event) => events.push({ stream, event })), onLog: (m) => logs.push(m) },
  );
  const batcher = new StreamBatcher({ batchBytes: 1 << 16 }, (stream: string, batch: Batch) => pool.send(stream, batch));
  return { pool, batcher, events, logs };
}

/** Feeds one stream a batch per call (batch numbers 1, 2, 3 ... are what the faults refer to). */
function batchByBatch(batcher: StreamBatcher, stream: string) {
  let offset = 0;
  return {
    async put(bytes: Buffer): Promise<void> {
      batcher.data(stream, offset, bytes);
      offset += bytes.length;
      batcher.flush(stream);
      await tick();
    },
    close: () => batcher.close(stream, offset, 'eof'),
  };
}

const bibsOf = (events: Array<{ stream: string; event: AnalysisEvent }>, stream: string) =>
  events.flatMap(({ stream: s, event }) => (s === stream && event.type === 'update' ? event.update.rows.map((r) => r.bib) : []));

const tick = () => new Promise((r) => setImmediate(r));

describe('WorkerStreamPool', () => {
  it('keeps each stream in order on its own analyzer, many streams at once', async () => {
    const streams = ['a', 'b', 'c', 'd', 'e'];
    const offsets = new Map(streams.map((s) => [s, 0]));
    const { pool, batcher, events } = runPool({});
    const put = (s: string, bytes: Buffer) => {
      batcher.data(s, offsets.get(s)!, bytes);
      offsets.set(s, offsets.get(s)! + bytes.length);
    };
    for (const s of streams) put(s, HEADER);
    for (let bib = 1; bib <= 40; bib++) {
      for (const s of streams) put(s, listUpdate(18, bib));
      if (bib % 7 === 0) await tick();
    }
    for (const s of streams) batcher.close(s, offsets.get(s)!, 'eof');
    await pool.close();
    for (const s of streams) expect(bibsOf(events, s)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('a new connection on the endpoints of a closed one gets its own analyzer, after the old one', async () => {
    const { pool, batcher, events } = runPool({});
    for (const connection of [0, 1, 2]) {
      const feed = batchByBatch(batcher, 'a');
      await feed.put(HEADER);
      for (let bib = 1; bib <= 5; bib++) await feed.put(listUpdate(18, connection * 100 + bib));
      feed.close();
    }
    await pool.close();
    expect(bibsOf(events, 'a')).toEqual([1, 2, 3, 4, 5, 101, 102, 103, 104, 105, 201, 202, 203, 204, 205]);
    expect(events.filter((e) => e.event.type === 'closed')).toHaveLength(3);
    expect(pool.backlogBytes).toBe(0);
  });

  it('restarts a crashed worker, reports the bytes it lost as a gap, and the stream carries on', async () => {
    const { pool, batcher, events, logs } = runPool({ faults: { throwAtBatch: 3 } });
    const { put, close } = batchByBatch(batcher, 's');
    await put(HEADER);
    await put(listUpdate(18, 1));
    await put(listUpdate(18, 2)); // batch 3: the worker throws
    for (let i = 0; i < 200 && pool.restarts === 0; i++) await new Promise((r) => setTimeout(r, 10));
    for (let bib = 3; bib <= 6; bib++) await put(listUpdate(18, bib));
    close();
    await pool.close();
    expect(logs.join('\n')).toMatch(/injected fault at batch 3/);
    expect(pool.restarts).toBeGreaterThanOrEqual(1);
    const gaps = events.filter((e) => e.event.type === 'gap');
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    const bibs = bibsOf(events, 's');
    // Batch 3 carried bib 2: lost and reported; everything after it was analysed, nothing doubled.
    expect(bibs).not.toContain(2);
    expect(bibs).toContain(6);
    expect(new Set(bibs).size).toBe(bibs.length);
  });

  it('terminates a stuck worker after the watchdog time and resumes the stream', async () => {
    const { pool, batcher, events, logs } = runPool({ faults: { hangAtBatch: 2 } }, 400);
    const { put, close } = batchByBatch(batcher, 's');
    await put(HEADER);
    await put(listUpdate(18, 1)); // batch 2: hangs
    await new Promise((r) => setTimeout(r, 1_500));
    for (let bib = 2; bib <= 4; bib++) await put(listUpdate(18, bib));
    close();
    await pool.close();
    expect(logs.join('\n')).toMatch(/unanswered for 400 ms/);
    expect(bibsOf(events, 's')).toEqual(expect.arrayContaining([2, 3, 4]));
    expect(bibsOf(events, 's')).not.toContain(1);
  }, 20_000);
});

import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ResultsState, type Delta, type Snapshot } from '../../src/results/index.js';
import { ResultsStore, StoreOpenError } from '../../src/results/persistence/results-store.js';
import { ResultsHub } from '../../src/server/index.js';
import { listUpdate } from './support/list-updates.js';
import { startTestServer, tempDir, wsUrl } from './support/test-server.js';
import { TestClient } from './support/ws-client.js';

const tmp = tempDir('db');
afterAll(() => tmp.cleanup());

let n = 0;
const dbFile = (): string => join(tmp.dir, `results-${++n}.db`);

describe('ResultsStore', () => {
  it('uses WAL and gives back the latest snapshot and the deltas after it', () => {
    const path = dbFile();
    const store = ResultsStore.open<Snapshot, Delta>(path);
    const state = new ResultsState({ epoch: 'e1' });
    store.startEpoch('e1', 0, state.snapshot());
    const d1 = state.applyListUpdate(listUpdate('1', [[1, 1, 'A', '0:10:00.0']]))!;
    const d2 = state.applyListUpdate(listUpdate('1', [[2, 2, 'B', '0:11:00.0']]))!;
    store.appendDeltas('e1', [{ seq: 1, value: d1 }, { seq: 2, value: d2 }]);
    store.compact('e1', 2, state.snapshot());
    const d3 = state.applyListUpdate(listUpdate('1', [[3, 3, 'C', '0:12:00.0']]))!;
    store.appendDeltas('e1', [{ seq: 3, value: d3 }], { upstream: '{"u":7}' });
    store.close();

    const again = ResultsStore.open<Snapshot, Delta>(path);
    const loaded = again.load()!;
    expect(loaded.epoch).toBe('e1');
    expect(loaded.snapshot?.seq).toBe(2);
    expect(loaded.deltas.map((d) => d.seq)).toEqual([3]);
    expect(loaded.deltas[0]!.value).toEqual(d3);
    expect(again.meta('upstream')).toBe('{"u":7}');
    expect(again.deltasAfter('e1', 0, 10).map((d) => d.seq)).toEqual([1, 2, 3]);
    again.close();
  });

  it('refuses a duplicate seq (the log never holds two deltas with one number)', () => {
    const store = ResultsStore.open<Snapshot, Delta>(dbFile());
    const state = new ResultsState({ epoch: 'e1' });
    store.startEpoch('e1', 0, state.snapshot());
    const d1 = state.applyListUpdate(listUpdate('1', [[1, 1, 'A', null]]))!;
    store.appendDeltas('e1', [{ seq: 1, value: d1 }]);
    expect(() => store.appendDeltas('e1', [{ seq: 1, value: d1 }])).toThrow(/UNIQUE/);
    store.close();
  });

  it('gives clear errors for files it cannot use', () => {
    expect(() => ResultsStore.open(join(tmp.dir, 'no-such-dir', 'x.db'))).toThrow(/directory does not exist/);
    const garbage = join(tmp.dir, 'garbage.db');
    writeFileSync(garbage, 'this is not a database'.repeat(100));
    expect(() => ResultsStore.open(garbage)).toThrow(StoreOpenError);
    expect(() => ResultsStore.open(garbage)).toThrow(/not an SQLite database|cannot open/);
    if (process.getuid?.() !== 0) {
      const ro = join(tmp.dir, 'ro.db');
      ResultsStore.open(ro).close();
      chmodSync(ro, 0o444);
      expect(() => ResultsStore.open(ro)).toThrow(/not writable|cannot open/);
    }
  });
});

describe('ResultsHub restart', () => {
  it('continues the epoch and the sequence numbers with the same results, across compaction', () => {
    const path = dbFile();
    const hub = new ResultsHub({ store: ResultsStore.open(path), snapshotEvery: 3 });
    for (let i = 1; i <= 7; i++) hub.applyListUpdate(listUpdate(String(i % 2), [[i, 100 + i, `Runner ${i}`, `0:${10 + i}:00.0`]]));
    const epoch = hub.epoch;
    const snapshot = structuredClone(hub.snapshot());
    expect(snapshot.seq).toBe(7);
    // No close(): as after kill -9, only what was committed counts.
    const again = new ResultsHub({ store: ResultsStore.open(path), snapshotEvery: 3 });
    expect(again.epoch).toBe(epoch);
    expect(again.seq).toBe(7);
    expect(again.snapshot()).toEqual(snapshot);
    expect(again.applyListUpdate(listUpdate('1', [[9, 999, 'Late', '1:00:00.0']]))?.seq).toBe(8);
    // Resume from persistence reaches back past the ring after a restart, too.
    expect(again.deltasAfter(epoch, 2, 100)?.map((d) => d.seq)).toEqual([3, 4, 5, 6, 7, 8]);
    again.close();
    const third = new ResultsHub({ store: ResultsStore.open(path), newEpoch: true });
    expect(third.epoch).not.toBe(epoch);
    expect(third.seq).toBe(0);
    expect(third.snapshot().competitions).toEqual([]);
    third.close();
  });

  it('broadcasts nothing when the delta could not be stored', () => {
    const store = ResultsStore.open<Snapshot, Delta>(dbFile());
    const hub = new ResultsHub({ store });
    const seen: number[] = [];
    hub.onDelta((d) => seen.push(d.seq));
    hub.applyListUpdate(listUpdate('1', [[1, 1, 'A', null]]));
    store.close(); // the disk is gone
    expect(() => hub.applyListUpdate(listUpdate('1', [[2, 2, 'B', null]]))).toThrow(/not open/);
    expect(seen).toEqual([1]);
  });

  it('serves missed deltas from the database when the memory ring no longer has them', async () => {
    const server = await startTestServer({ dbPath: dbFile(), ringSize: 2 });
    try {
      const epoch = server.hub.epoch;
      // A big competition makes the snapshot dearer than the missed deltas (else it is sent instead).
      const big = Array.from({ length: 300 }, (_, i) => [i + 1, 1000 + i, `Big ${i}`, `1:${String(i % 60).padStart(2, '0')}:00.0`] as [number, number, string, string]);
      server.hub.applyListUpdate(listUpdate('BIG', big));
      for (let i = 2; i <= 6; i++) server.hub.applyListUpdate(listUpdate('R', [[i, i, `R${i}`, `0:2${i}:00.0`]]));
      const c = await TestClient.connect(wsUrl(server, `/live?epoch=${epoch}&seq=1`));
      const got = await c.waitFor(6);
      expect(got.map((r) => r.value.type)).toEqual(['hello', 'delta', 'delta', 'delta', 'delta', 'delta']);
      expect(got.slice(1).map((r) => r.value.seq)).toEqual([2, 3, 4, 5, 6]);
      await c.close();
      // From further back than it pays: a snapshot.
      const s = await TestClient.connect(wsUrl(server, `/live?epoch=${epoch}&seq=0`));
      expect((await s.waitFor(2))[1]!.value).toMatchObject({ type: 'snapshot', seq: 6 });
      await s.close();
    } finally {
      await server.close();
    }
  });
});

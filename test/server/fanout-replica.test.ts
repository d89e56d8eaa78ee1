// A fan-out thread's replica of the results (pure: no threads, no sockets): fed the hub's snapshot,
// recent deltas and then every delta and reset, it has the hub's state and answers resumes as the hub.
import { describe, expect, it } from 'vitest';
import type { Delta, Snapshot } from '../../src/results/index.js';
import { ResultsReplica } from '../../src/server/fanout/results-replica.js';
import { ResultsHub } from '../../src/server/index.js';
import { listUpdate } from './support/list-updates.js';

function feed(hub: ResultsHub, replica: ResultsReplica): void {
  hub.onDelta((d) => replica.applyDelta(structuredClone(d)));
  hub.onReset((s) => replica.reset(structuredClone(s)));
}

describe('ResultsReplica', () => {
  it('follows the hub: same snapshot, same missed deltas, same listeners, across a reset', () => {
    const hub = new ResultsHub({ store: null });
    for (let i = 0; i < 5; i++) hub.applyListUpdate(listUpdate('18', [[i + 1, 100 + i, `R${i}`, `1:0${i}:00.0`]]));
    // Started mid-race, as a (re)started thread is: the hub's snapshot and its in-memory deltas.
    const replica = new ResultsReplica(structuredClone(hub.snapshot()), structuredClone(hub.recentDeltas()), 4096);
    feed(hub, replica);
    const seen: Array<Delta | Snapshot> = [];
    replica.onDelta((d) => seen.push(d));
    replica.onReset((s) => seen.push(s));
    expect(replica.snapshot()).toEqual(hub.snapshot());
    expect(replica.deltasAfter(hub.epoch, 2, 100)).toEqual(hub.deltasAfter(hub.epoch, 2, 100));

    const made: Delta[] = [];
    for (let i = 0; i < 6; i++) {
      made.push(hub.applyListUpdate(listUpdate(i % 2 ? '19' : '18', [[1, 200 + i, `S${i}`, `0:5${i}:00.0`], [2, 100, 'R0', '1:00:00.0']]))!);
    }
    expect(seen).toEqual(made);
    expect(replica.snapshot()).toEqual(hub.snapshot());
    expect([replica.epoch, replica.seq]).toEqual([hub.epoch, hub.seq]);
    for (const from of [0, 3, 7, hub.seq]) expect(replica.deltasAfter(hub.epoch, from, 100)).toEqual(hub.deltasAfter(hub.epoch, from, 100));
    expect(replica.deltasAfter(hub.epoch, 0, 3)).toBeNull();
    expect(replica.deltasAfter('other-epoch', 1, 100)).toBeNull();

    const fresh = hub.reset();
    expect(seen.at(-1)).toEqual(fresh);
    expect(replica.snapshot()).toEqual(hub.snapshot());
    const next = hub.applyListUpdate(listUpdate('20', [[1, 1, 'New', '0:10:00.0']]))!;
    expect(replica.deltasAfter(fresh.epoch, fresh.seq, 100)).toEqual([next]);
    expect(replica.snapshot()).toEqual(hub.snapshot());
  });

  it('ignores a delta it already has and refuses a gap (the thread is then restarted)', () => {
    const hub = new ResultsHub({ store: null });
    const replica = new ResultsReplica(structuredClone(hub.snapshot()), [], 16);
    const d1 = hub.applyListUpdate(listUpdate('18', [[1, 1, 'A', '0:10:00.0']]))!;
    hub.applyListUpdate(listUpdate('18', [[2, 2, 'B', '0:11:00.0']]));
    const d3 = hub.applyListUpdate(listUpdate('18', [[3, 3, 'C', '0:12:00.0']]))!;
    replica.applyDelta(d1);
    replica.applyDelta(d1);
    expect(replica.seq).toBe(d1.seq);
    expect(() => replica.applyDelta(d3)).toThrow(/missing/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultsView, type Delta, type Snapshot } from '../../src/results/index.js';
import type { RacewireServer } from '../../src/server/index.js';
import { listUpdate } from './support/list-updates.js';
import { eventually } from './support/eventually.js';
import { startTestServer, wsUrl } from './support/test-server.js';
import { TestClient } from './support/ws-client.js';

let server: RacewireServer;
beforeAll(async () => {
  server = await startTestServer({ live: { backpressureLimit: 64 * 1024, scanIntervalMs: 50 } });
});
afterAll(async () => {
  await server.close();
});

/** A list update that changes every row's time: a big delta (~40 KB of JSON). */
function bigUpdate(round: number) {
  const rows = Array.from({ length: 300 }, (_, i) => [i + 1, i + 1, `Läufer Nummer ${i} mit einem langen Namen`, `1:${String(round % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.${round % 10}`] as [number, number, string, string]);
  return listUpdate('BIG', rows);
}

describe('slow viewers', () => {
  it('are skipped forward to a snapshot instead of buffering without bound; fast ones get every delta', async () => {
    const fast = await TestClient.connect(wsUrl(server, '/live?encoding=json'));
    const slow = await TestClient.connect(wsUrl(server, '/live?encoding=json'));
    await fast.waitFor(2);
    await slow.waitFor(2);
    slow.ws.pause();
    const skips = () => server.standardMetrics.slowClientSkips.get();
    let round = 0;
    // Bounded: loopback buffers take a few MB before uWS has to buffer for the paused viewer.
    while (skips() === 0 && round < 2000) {
      server.hub.applyListUpdate(bigUpdate(++round));
      if (round % 10 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    expect(skips()).toBe(1);
    const atSkip = round;
    // Deltas made while it is skipped are not buffered for it.
    for (let i = 0; i < 20; i++) server.hub.applyListUpdate(bigUpdate(++round));
    const lastSeq = server.hub.seq;
    // The fast viewer saw every delta, in order.
    await fast.waitFor(2 + round, 20_000);
    expect(fast.received.slice(2).map((r) => r.value.seq)).toEqual(Array.from({ length: round }, (_, i) => i + 1));

    slow.ws.resume();
    const snap = await slow.waitUntil((r) => r.value.type === 'snapshot' && r.value.seq === lastSeq, 20_000);
    // Fewer deltas reached it than were made: it was skipped, not buffered.
    const deltas = slow.received.filter((r) => r.value.type === 'delta').length;
    expect(deltas).toBeLessThanOrEqual(atSkip);
    const view = new ResultsView(snap.value as unknown as Snapshot);
    // And it is subscribed again: the next delta applies on top of the snapshot.
    server.hub.applyListUpdate(bigUpdate(round + 1));
    const next = await slow.waitUntil((r) => r.value.type === 'delta' && r.value.seq === lastSeq + 1, 10_000);
    view.apply(next.value as unknown as Delta);
    expect(view.toSnapshot()).toEqual(server.hub.snapshot());
    await eventually(() => expect(server.metrics.render()).toMatch(/^racewire_slow_client_skips_total 1$/m));
    await fast.close();
    await slow.close();
  }, 60_000);
});

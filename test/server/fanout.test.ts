// Fan-out over several threads (server option fanoutThreads, src/server/fanout): real sockets on
// loopback; the kernel spreads connections over the threads' listen sockets (SO_REUSEPORT), so the
// tests open enough connections that every thread gets some, and check it.
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { lookup } from 'node:dns/promises';
import { join } from 'node:path';
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultsView, type Delta, type Snapshot } from '../../src/results/index.js';
import { startServer, type RacewireServer } from '../../src/server/index.js';
import { eventually } from './support/eventually.js';
import { listUpdate } from './support/list-updates.js';
import { startTestServer, tempDir, TOKEN, wsUrl } from './support/test-server.js';
import { TestClient } from './support/ws-client.js';

const THREADS = 3;
let server: RacewireServer;
const logged: string[] = [];
const clients: TestClient[] = [];

async function connect(path: string, decode: 'server' | 'plain' = 'server', on: RacewireServer = server): Promise<TestClient> {
  const c = await TestClient.connect(wsUrl(on, path), { decode });
  clients.push(c);
  return c;
}

/** GET on a fresh TCP connection each time (no keep-alive), so requests land on any thread. */
function httpGet(path: string, port = server.port): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, agent: false, headers: { Connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
  });
}

function metricValue(text: string, line: RegExp): number {
  const m = line.exec(text);
  return m ? Number(m[1]) : NaN;
}

/** Opens viewers until every thread has at least one (bounded); returns them. */
async function viewersOnEveryThread(path: string, atLeast: number, on: RacewireServer = server, max = 200): Promise<TestClient[]> {
  const out: TestClient[] = [];
  const before = on.fanout.viewerCounts().reduce((a, b) => a + b, 0);
  while (out.length < max) {
    out.push(await connect(path, 'server', on));
    if (out.length < atLeast) continue;
    await eventually(() => expect(on.fanout.viewerCounts().reduce((a, b) => a + b, 0)).toBe(before + out.length));
    if (on.fanout.viewerCounts().every((n) => n > 0)) return out;
  }
  throw new Error(`${max} viewers and still a thread without any: ${on.fanout.viewerCounts().join(', ')}`);
}

beforeAll(async () => {
  server = await startTestServer({ fanoutThreads: THREADS, log: (m) => logged.push(m) });
  server.hub.applyListUpdate(listUpdate('18', [[1, 67, 'LOGES Margit', '4:30:15.9'], [2, 68, 'BROCKMEIER Sofie', '4:34:51.7']]));
  server.hub.applyListUpdate(listUpdate('19', [[1, 200, 'A', '1:00:00.0']]));
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await server.close();
});

describe('fan-out threads: WS /live', () => {
  it('viewers spread over the threads all get the snapshot and every delta exactly once, in order', async () => {
    expect(server.fanout.threads).toBe(THREADS);
    const all = await viewersOnEveryThread('/live?encoding=msgpack', 12);
    const json = await Promise.all(Array.from({ length: 6 }, () => connect('/live?encoding=json')));
    const only19 = await Promise.all(Array.from({ length: 6 }, () => connect('/live?competition=19&encoding=json')));
    await eventually(() => expect(server.fanout.viewerCounts().reduce((a, b) => a + b, 0)).toBe(all.length + 12));
    const start = server.hub.snapshot();
    for (const c of [...all, ...json, ...only19]) await c.waitFor(2);

    const made: Delta[] = [];
    for (let i = 0; i < 30; i++) {
      const comp = i % 3 === 0 ? '19' : '18';
      made.push(server.hub.applyListUpdate(listUpdate(comp, [[i + 3, 300 + i, `Runner ${i}`, `4:${String(10 + i).padStart(2, '0')}:00.0`]]))!);
    }
    const end = server.hub.snapshot();
    for (const c of [...all, ...json]) {
      const got = await c.waitFor(2 + made.length);
      expect(got[0]!.value).toMatchObject({ type: 'hello', epoch: start.epoch, seq: start.seq });
      expect(got[1]!.value).toEqual(start);
      // Exactly the hub's deltas: none lost, none doubled, same order, same content.
      expect(got.slice(2).map((r) => r.value)).toEqual(made);
      const view = new ResultsView(got[1]!.value as unknown as Snapshot);
      for (const r of got.slice(2)) view.apply(r.value as unknown as Delta);
      expect(view.toSnapshot()).toEqual(end);
    }
    const expected19 = made.filter((d) => d.competitions.some((c) => c.id === '19')).map((d) => d.seq);
    for (const c of only19) {
      const got = await c.waitFor(2 + expected19.length);
      expect((got[1]!.value as unknown as Snapshot).competitions.map((x) => x.id)).toEqual(['19']);
      expect(got.slice(2).map((r) => r.value.seq)).toEqual(expected19);
    }
    // Nothing more arrives later (no doubled delivery).
    await new Promise((r) => setTimeout(r, 100));
    for (const c of all) expect(c.received).toHaveLength(2 + made.length);
  });

  it('resuming viewers get only the deltas they missed, whichever thread they land on', async () => {
    const epoch = server.hub.epoch;
    const seen = server.hub.seq;
    const missed = [
      server.hub.applyListUpdate(listUpdate('18', [[40, 400, 'Late A', '5:00:00.0']]))!,
      server.hub.applyListUpdate(listUpdate('18', [[41, 401, 'Late B', '5:01:00.0']]))!,
    ];
    const resumed = await viewersOnEveryThread(`/live?encoding=json&epoch=${epoch}&seq=${seen}`, 9);
    for (const c of resumed) {
      const got = await c.waitFor(3);
      expect(got.map((r) => r.value.type)).toEqual(['hello', 'delta', 'delta']);
      expect(got.slice(1).map((r) => r.value)).toEqual(missed);
    }
  });

  it('resumes from further back than the memory ring come from the database on every thread', async () => {
    const tmp = tempDir('fanout-db');
    const withDb = await startTestServer({ fanoutThreads: THREADS, dbPath: join(tmp.dir, 'r.db'), ringSize: 2 });
    const mark = clients.length;
    try {
      const epoch = withDb.hub.epoch;
      // A big competition makes the snapshot dearer than the missed deltas (else it is sent instead).
      const big = Array.from({ length: 300 }, (_, i) => [i + 1, 1000 + i, `Big ${i}`, `1:${String(i % 60).padStart(2, '0')}:00.0`] as [number, number, string, string]);
      withDb.hub.applyListUpdate(listUpdate('BIG', big));
      const missed: Delta[] = [];
      for (let i = 2; i <= 6; i++) missed.push(withDb.hub.applyListUpdate(listUpdate('R', [[i, i, `R${i}`, `0:2${i}:00.0`]]))!);
      const resumed = await viewersOnEveryThread(`/live?encoding=json&epoch=${epoch}&seq=1`, 9, withDb);
      for (const c of resumed) {
        const got = await c.waitFor(6);
        expect(got.slice(1).map((r) => r.value)).toEqual(missed);
      }
      // And the deltas made after they resumed follow, once each.
      const next = withDb.hub.applyListUpdate(listUpdate('R', [[7, 7, 'R7', '0:27:00.0']]))!;
      for (const c of resumed) expect((await c.waitFor(7)).slice(6).map((r) => r.value)).toEqual([next]);
    } finally {
      for (const c of clients.splice(mark)) await c.close();
      await withDb.close();
      tmp.cleanup();
    }
  });

  it('a reset reaches the viewers of every thread as hello and the new, empty snapshot', async () => {
    const viewers = await viewersOnEveryThread('/live?encoding=msgpack', 9);
    for (const c of viewers) await c.waitFor(2);
    const fresh = server.hub.reset();
    const next = server.hub.applyListUpdate(listUpdate('20', [[1, 1, 'New day', '0:30:00.0']]))!;
    for (const c of viewers) {
      const got = await c.waitFor(5);
      expect(got[2]!.value).toMatchObject({ type: 'hello', epoch: fresh.epoch, seq: fresh.seq });
      expect(got[3]!.value).toEqual(fresh);
      expect(got[4]!.value).toEqual(next);
    }
  });
});

describe('fan-out threads: HTTP and /ingest', () => {
  it('serves the results, health and metrics from every thread with the same content', async () => {
    const want = await httpGet('/api/results');
    expect(want.status).toBe(200);
    for (let i = 0; i < 12; i++) {
      expect(await httpGet('/api/results')).toEqual(want);
      const health = JSON.parse((await httpGet('/healthz')).body) as { epoch: string; seq: number };
      expect(health).toMatchObject({ epoch: server.hub.epoch, seq: server.hub.seq });
      expect((await httpGet('/')).status).toBe(200);
    }
  });

  it('accepts /ingest on connections landing on any thread; replies come back in order', async () => {
    const senders = await Promise.all(Array.from({ length: 16 }, () => connect(`/ingest?token=${TOKEN}`, 'plain')));
    const seq0 = server.hub.seq;
    await Promise.all(
      senders.map(async (c, i) => {
        // Sent back to back: garbage, a document, garbage, a document; the replies must match.
        const doc = (n: number) => JSON.stringify({ 'Wettkampf-ID': `ing-${i}`, 'Live-Ergebnisse': [{ Rang: 1, Startnummer: n, Laufzeit: '0:10:00.0', 'Rückstand': '0:00:00.0' }] });
        await c.send('{not json');
        await c.send(doc(1));
        await c.send(Buffer.from([0xc1, 0x00]), true);
        await c.send(doc(2));
        const got = await c.waitFor(4);
        expect(got.map((r) => r.value.type)).toEqual(['error', 'ack', 'error', 'ack']);
        expect(got[0]!.value).toMatchObject({ code: 'not-json' });
        expect(got[1]!.value).toMatchObject({ kind: 'list-update', deltas: 1 });
        expect(got[3]!.value).toMatchObject({ kind: 'list-update', deltas: 1 });
        const s1 = (got[1]!.value.server as { seq: number }).seq;
        const s3 = (got[3]!.value.server as { seq: number }).seq;
        expect(s3).toBeGreaterThan(s1);
      }),
    );
    expect(server.hub.seq).toBe(seq0 + 32);
    const ids = server.hub.snapshot().competitions.map((c) => c.id);
    for (let i = 0; i < 16; i++) expect(ids).toContain(`ing-${i}`);
    // Wrong tokens are refused on every thread, counted once, in the main registry.
    const refused = () => metricValue(server.metrics.render(), /^racewire_ingest_rejections_total\{reason="wrong-token"\} (\d+)$/m);
    const before = Number.isNaN(refused()) ? 0 : refused();
    for (let i = 0; i < 12; i++) await expect(TestClient.connect(wsUrl(server, '/ingest?token=wrong'))).rejects.toMatchObject({ status: 401 });
    await eventually(() => expect(refused()).toBe(before + 12));
    await eventually(() => expect(metricValue(server.metrics.render(), /^racewire_ingest_connections (-?\d+)$/m)).toBe(16));
    for (const c of senders) await c.close();
    await eventually(() => expect(metricValue(server.metrics.render(), /^racewire_ingest_connections (-?\d+)$/m)).toBe(0));
  });

  it('/metrics reports totals over all threads, whichever thread serves it', async () => {
    const viewers = server.fanout.viewerCounts().reduce((a, b) => a + b, 0);
    expect(viewers).toBeGreaterThan(0);
    const ignoredBefore = metricValue(server.metrics.render(), /^racewire_viewer_messages_ignored_total\{reason="binary"\} (\d+)$/m) || 0;
    const live = clients.filter((c) => c.closed === null && c.ws.url.includes('/live'));
    for (const c of live) await c.send(Buffer.from([1, 2, 3]), true);
    for (let i = 0; i < 10; i++) {
      await eventually(async () => {
        const text = (await httpGet('/metrics')).body;
        expect(metricValue(text, /^racewire_clients (\d+)$/m)).toBe(viewers);
        expect(metricValue(text, /^racewire_fanout_threads (\d+)$/m)).toBe(THREADS);
        expect(metricValue(text, /^racewire_viewer_messages_ignored_total\{reason="binary"\} (\d+)$/m)).toBe(ignoredBefore + live.length);
      });
    }
  });
});

describe('fan-out threads: port, crash, close', () => {
  it('a second server on the same port fails with a clear message, threaded or not', async () => {
    for (const fanoutThreads of [1, 2]) {
      await expect(startServer({ host: '127.0.0.1', port: server.port, dbPath: null, webDir: null, fanoutThreads })).rejects.toThrow(
        new RegExp(`cannot listen on 127\\.0\\.0\\.1:${server.port} \\(port in use`),
      );
    }
    const single = await startServer({ host: '127.0.0.1', port: 0, dbPath: null, webDir: null, fanoutThreads: 1 });
    try {
      await expect(startServer({ host: '127.0.0.1', port: single.port, dbPath: null, webDir: null, fanoutThreads: 2 })).rejects.toThrow(/port in use/);
    } finally {
      await single.close();
    }
    await expect(startServer({ host: '127.0.0.1', port: 0, dbPath: null, webDir: null, fanoutThreads: 0 })).rejects.toThrow(/fanout threads must be an integer/);
  });

  it('a crashed thread is reported and restarted; its viewers can reconnect and resume', async () => {
    const viewers = await viewersOnEveryThread('/live?encoding=json', 9);
    for (const c of viewers) await c.waitFor(2);
    const onThread1 = server.fanout.viewerCounts()[1]!;
    expect(onThread1).toBeGreaterThan(0);
    const restarts = () => metricValue(server.metrics.render(), /^racewire_fanout_thread_restarts_total (\d+)$/m);
    const open = clients.filter((c) => c.closed === null && c.ws.url.includes('/live'));
    server.fanout.crashThread(1);
    // Exactly that thread's viewers lose their connection (this test's and earlier ones').
    await eventually(() => expect(open.filter((c) => c.closed !== null)).toHaveLength(onThread1));
    await eventually(() => expect(restarts()).toBe(1));
    expect(logged.join('\n')).toMatch(/fan-out thread 1 crashed: Error: fan-out thread 1: crash requested/);
    expect(logged.join('\n')).toMatch(/fan-out thread 1 exited \(code 1\)/);
    // Meanwhile the others keep getting deltas; the dropped ones reconnect with their last seq.
    const epoch = server.hub.epoch;
    const lastSeen = server.hub.seq;
    const missed = server.hub.applyListUpdate(listUpdate('20', [[2, 2, 'During restart', '0:31:00.0']]))!;
    for (const c of viewers.filter((v) => v.closed === null)) expect((await c.waitFor(3))[2]!.value).toEqual(missed);
    // The restarted thread listens again: new connections reach it, and it serves from the current state.
    await eventually(async () => {
      const again = await viewersOnEveryThread(`/live?encoding=json&epoch=${epoch}&seq=${lastSeen}`, 3);
      expect(again.length).toBeGreaterThan(0);
    }, 10_000, 200);
    const back = clients.filter((c) => c.ws.url.includes(`seq=${lastSeen}`));
    for (const c of back) {
      const got = await c.waitFor(2);
      expect(got[1]!.value).toEqual(missed);
    }
  });

  it('close() stops every thread and leaves no listening socket', async () => {
    // The libuv thread pool starts lazily: start it now so it does not count as a leftover thread.
    await readFile(new URL(import.meta.url));
    await lookup('localhost');
    const tasks = () => readdirSync('/proc/self/task').length;
    const before = tasks();
    const s = await startServer({ host: '127.0.0.1', port: 0, dbPath: null, webDir: null, fanoutThreads: 3 });
    const port = s.port;
    expect(tasks()).toBeGreaterThanOrEqual(before + 2);
    const v = await TestClient.connect(`ws://127.0.0.1:${port}/live`);
    await v.waitFor(1);
    await s.close();
    await eventually(() => expect(v.closed).not.toBeNull());
    await eventually(() => expect(tasks()).toBeLessThanOrEqual(before));
    const hex = port.toString(16).toUpperCase().padStart(4, '0');
    const listening = readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .filter((l) => l.includes(`:${hex} `) && / 0A /.test(l));
    expect(listening).toEqual([]);
    await expect(httpGet('/healthz', port)).rejects.toThrow(/ECONNREFUSED/);
  });
});

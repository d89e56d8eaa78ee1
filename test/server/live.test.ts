import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultsView, type Delta, type Snapshot } from '../../src/results/index.js';
import type { RacewireServer } from '../../src/server/index.js';
import { listUpdate } from './support/list-updates.js';
import { startTestServer, wsUrl } from './support/test-server.js';
import { eventually } from './support/eventually.js';
import { TestClient } from './support/ws-client.js';

let server: RacewireServer;
const clients: TestClient[] = [];

async function connect(path: string): Promise<TestClient> {
  const c = await TestClient.connect(wsUrl(server, path));
  clients.push(c);
  return c;
}

beforeAll(async () => {
  server = await startTestServer();
  server.hub.applyListUpdate(listUpdate('18', [[1, 67, 'LOGES Margit', '4:30:15.9'], [2, 68, 'BROCKMEIER Sofie', '4:34:51.7']]));
  server.hub.applyListUpdate(listUpdate('19', [[1, 200, 'A', '1:00:00.0']]));
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await server.close();
});

describe('WS /live', () => {
  it.each(['json', 'msgpack'] as const)('sends hello, a snapshot, then deltas (%s)', async (encoding) => {
    const c = await connect(`/live?encoding=${encoding}`);
    const [hello, snap] = await c.waitFor(2);
    expect(hello!.isBinary).toBe(encoding === 'msgpack');
    expect(hello!.value).toMatchObject({ type: 'hello', protocol: 1, epoch: server.hub.epoch, seq: server.hub.seq });
    expect(snap!.value.type).toBe('snapshot');
    const view = new ResultsView(snap!.value as unknown as Snapshot);
    expect(view.competitionIds()).toEqual(['18', '19']);

    const bib = encoding === 'json' ? 69 : 73;
    server.hub.applyListUpdate(listUpdate('18', [[1, bib, 'EVANS Denny', '4:20:00.0'], [2, 67, 'LOGES Margit', '4:30:15.9']]));
    const [, , delta] = await c.waitFor(3);
    expect(delta!.value.type).toBe('delta');
    expect(view.apply(delta!.value as unknown as Delta)).toBe('applied');
    expect(view.toSnapshot()).toEqual(server.hub.snapshot());
  });

  it('subscribes by message and filters to one competition', async () => {
    const c = await connect('/live');
    const [hello] = await c.waitFor(1);
    expect(hello!.value.type).toBe('hello');
    await c.send(JSON.stringify({ type: 'subscribe', competition: '19', encoding: 'msgpack' }));
    const [, snap] = await c.waitFor(2);
    expect(snap!.isBinary).toBe(true);
    const s = snap!.value as unknown as Snapshot;
    expect(s.competitions.map((x) => x.id)).toEqual(['19']);
    // A delta of another competition does not reach this viewer; one of 19 does.
    server.hub.applyListUpdate(listUpdate('18', [[4, 70, 'RÄTZ Sigishelm', '4:39:36.4']]));
    const d19 = server.hub.applyListUpdate(listUpdate('19', [[2, 201, 'B', '1:01:00.0']]))!;
    const [, , delta] = await c.waitFor(3);
    expect(delta!.value).toMatchObject({ type: 'delta', seq: d19.seq });
    expect((delta!.value as unknown as Delta).competitions.map((x) => x.id)).toEqual(['19']);
    const view = new ResultsView(s, { contiguous: false });
    view.apply(delta!.value as unknown as Delta);
    expect(view.competition('19')).toEqual(server.hub.snapshot().competitions.find((x) => x.id === '19'));
  });

  it('resumes with only the missed deltas, by query and by message', async () => {
    const epoch = server.hub.epoch;
    const seenSeq = server.hub.seq;
    const before = new ResultsView(server.hub.snapshot());
    const missed = [
      server.hub.applyListUpdate(listUpdate('18', [[5, 71, 'GIESBRECHT Hendrik', '4:47:25.3']]))!,
      server.hub.applyListUpdate(listUpdate('18', [[6, 72, 'FREITAG Hellmut', '4:56:48.5']]))!,
    ];
    const c = await connect(`/live?encoding=json&epoch=${epoch}&seq=${seenSeq}`);
    const got = await c.waitFor(3);
    expect(got.map((r) => r.value.type)).toEqual(['hello', 'delta', 'delta']);
    expect(got.slice(1).map((r) => r.value.seq)).toEqual(missed.map((d) => d.seq));
    for (const r of got.slice(1)) before.apply(r.value as unknown as Delta);
    expect(before.toSnapshot()).toEqual(server.hub.snapshot());

    const m = await connect('/live');
    await m.waitFor(1);
    await m.send(JSON.stringify({ type: 'subscribe', competition: null, encoding: 'msgpack', resume: { epoch, seq: seenSeq + 1 } }));
    const got2 = await m.waitFor(2);
    expect(got2[1]!.value).toMatchObject({ type: 'delta', seq: missed[1]!.seq });
    // Nothing missed: nothing but hello.
    const n = await connect(`/live?epoch=${epoch}&seq=${server.hub.seq}`);
    await n.waitFor(1);
    server.hub.applyListUpdate(listUpdate('19', [[3, 202, 'C', '1:02:00.0']]));
    const got3 = await n.waitFor(2);
    expect(got3[1]!.value).toMatchObject({ type: 'delta', seq: server.hub.seq });
  });

  it('sends a fresh snapshot for another epoch or a seq it cannot serve', async () => {
    for (const q of [`epoch=other-epoch&seq=3`, `epoch=${server.hub.epoch}&seq=${server.hub.seq + 10}`]) {
      const c = await connect(`/live?${q}`);
      const got = await c.waitFor(2);
      expect(got[1]!.value).toMatchObject({ type: 'snapshot', epoch: server.hub.epoch, seq: server.hub.seq });
    }
  });

  it('refuses an invalid subscription in the URL with 400', async () => {
    await expect(TestClient.connect(wsUrl(server, '/live?encoding=xml'))).rejects.toMatchObject({ status: 400 });
    await expect(TestClient.connect(wsUrl(server, '/live?epoch=e1'))).rejects.toMatchObject({ status: 400 });
  });

  it('ignores and counts anything a viewer sends besides a subscription', async () => {
    const ignored = () => server.metrics.render().match(/racewire_viewer_messages_ignored_total\{[^}]*\} \d+/g) ?? [];
    const c = await connect('/live?encoding=json');
    await c.waitFor(2);
    const seqBefore = server.hub.seq;
    await c.send('hello?');
    await c.send(JSON.stringify({ type: 'delta', epoch: server.hub.epoch, seq: seqBefore + 1, competitions: [], finishers: [] }));
    await c.send(Buffer.from([0xc1, 0xff, 0x00]), true);
    await c.send(JSON.stringify({ type: 'subscribe', encoding: 'xml' }));
    // Still subscribed and served: the next delta arrives, nothing else did.
    server.hub.applyListUpdate(listUpdate('19', [[4, 203, 'D', '1:03:00.0']]));
    const got = await c.waitFor(3);
    expect(got[2]!.value).toMatchObject({ type: 'delta', seq: seqBefore + 1 });
    expect(c.received).toHaveLength(3);
    await eventually(() => expect(ignored().reduce((n, line) => n + Number(line.split(' ').pop()), 0)).toBeGreaterThanOrEqual(4));
  });

  it('a reset (new epoch) sends every viewer hello and the new, empty snapshot; old-epoch resumes get it too', async () => {
    const c = await connect('/live?encoding=msgpack&competition=18');
    await c.waitFor(2);
    const oldEpoch = server.hub.epoch;
    const oldSeq = server.hub.seq;
    server.hub.reset();
    const got = await c.waitFor(4);
    expect(got[2]!.value).toMatchObject({ type: 'hello', seq: 0 });
    expect(got[3]!.value).toMatchObject({ type: 'snapshot', seq: 0, competitions: [] });
    expect(got[3]!.value.epoch).not.toBe(oldEpoch);
    const r = await connect(`/live?epoch=${oldEpoch}&seq=${oldSeq}`);
    expect((await r.waitFor(2))[1]!.value).toMatchObject({ type: 'snapshot', epoch: server.hub.epoch, seq: 0 });
  });
});

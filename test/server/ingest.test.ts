import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultsState } from '../../src/results/index.js';
import type { RacewireServer } from '../../src/server/index.js';
import { encodeMsgpack } from '../../src/wire/index.js';
import { listUpdate } from './support/list-updates.js';
import { httpUrl, startTestServer, TOKEN, wsUrl } from './support/test-server.js';
import { TestClient } from './support/ws-client.js';
import { eventually } from './support/eventually.js';

const SAMPLE = fileURLToPath(new URL('../../../shared/samples/json-sender-example.json', import.meta.url));

let server: RacewireServer;
const clients: TestClient[] = [];

async function ingest(path = `/ingest?token=${TOKEN}`, headers: Record<string, string> = {}): Promise<TestClient> {
  const c = await TestClient.connect(wsUrl(server, path), { headers, decode: 'plain' });
  clients.push(c);
  return c;
}

async function results(): Promise<{ competitions: Array<{ id: string; name?: string; rows: Array<Record<string, unknown>> }> }> {
  return (await fetch(httpUrl(server, '/api/results'))).json() as never;
}

beforeAll(async () => {
  server = await startTestServer({ ingest: { maxMessageBytes: 64 * 1024 } });
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await server.close();
});

describe('WS /ingest authentication', () => {
  it('refuses a connection without a token or with a wrong one', async () => {
    await expect(TestClient.connect(wsUrl(server, '/ingest'))).rejects.toMatchObject({ status: 401 });
    await expect(TestClient.connect(wsUrl(server, '/ingest?token=wrong'))).rejects.toMatchObject({ status: 401 });
    await expect(TestClient.connect(wsUrl(server, '/ingest'), { headers: { Authorization: `Bearer ${TOKEN}x` } })).rejects.toMatchObject({ status: 401 });
    await expect(TestClient.connect(wsUrl(server, `/ingest?token=${TOKEN.slice(0, -1)}`))).rejects.toMatchObject({ status: 401 });
  });

  it('accepts the token in the Authorization header and in the query', async () => {
    const a = await ingest('/ingest', { Authorization: `Bearer ${TOKEN}` });
    const b = await ingest(`/ingest?token=${encodeURIComponent(TOKEN)}`);
    expect(a.ws.readyState).toBe(1);
    expect(b.ws.readyState).toBe(1);
  });

  it('refuses all ingest when the server has no token', async () => {
    const open = await startTestServer({ token: null });
    try {
      await expect(TestClient.connect(wsUrl(open, '/ingest'))).rejects.toMatchObject({ status: 403 });
      await expect(TestClient.connect(wsUrl(open, '/ingest?token=anything'))).rejects.toMatchObject({ status: 403 });
      // Refusals on a fan-out thread reach the main thread's counters a moment later.
      await eventually(() => expect(open.metrics.render()).toMatch(/racewire_ingest_rejections_total\{reason="ingest-disabled"\} 2/));
    } finally {
      await open.close();
    }
  });
});

describe('WS /ingest messages', () => {
  it('accepts the sample JSON sender document unchanged; it shows in /api/results', async () => {
    const c = await ingest();
    const text = readFileSync(SAMPLE, 'utf8');
    const reply = await c.request(text);
    expect(reply).toMatchObject({ type: 'ack', kind: 'list-update', deltas: 1 });
    const doc = await results();
    const comp = doc.competitions.find((x) => x.id === '20230929_0001/categoryId');
    expect(comp?.name).toBe('Oberhofer Skihallensprint 2023 – Schülerinnen U12');
    expect(comp?.rows.map((r) => [r.rank, r.bib, r.time, r.gap])).toEqual([
      [1, 17, '3:34:56.8', '0:00:00.0'],
      [2, 16, '3:35:20.6', '0:00:23.8'],
      [3, 15, '3:35:42.9', '0:00:46.1'],
      [4, 14, '3:35:59.5', '0:01:02.7'],
      [5, 18, '4:45:17.4', '1:10:20.6'],
    ]);
    // The same document again changes nothing.
    expect(await c.request(text)).toMatchObject({ type: 'ack', deltas: 0 });
    // One competition and its CSV.
    const one = await fetch(httpUrl(server, `/api/results/${encodeURIComponent('20230929_0001/categoryId')}`));
    expect(one.status).toBe(200);
    expect(((await one.json()) as { rows: unknown[] }).rows).toHaveLength(5);
    const csv = await fetch(httpUrl(server, '/api/results/20230929_0001/categoryId.csv'));
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('rank,bib,name,club,ageGroup,time,gap,status,nation,year,gender');
    expect(lines[1]).toBe('1,17,,,,3:34:56.8,0:00:00.0,,,,');
    expect(lines).toHaveLength(6);
  });

  it("accepts the old sniffer's bare row list (all strings), competition from the URL", async () => {
    const c = await ingest(`/ingest?token=${TOKEN}&competition=sniffed`);
    const rows = [
      { Rang: '1', Startnummer: '200', Name: 'MÜLLER Anna', Laufzeit: '0:34:56.8', 'Rückstand': '0:00:00.0' },
      { Rang: '', Startnummer: '201', Name: 'SCHMIDT Jörg', Laufzeit: 'DNF', 'Rückstand': '' },
    ];
    expect(await c.request(JSON.stringify(rows))).toMatchObject({ type: 'ack', kind: 'list-update', deltas: 1 });
    const comp = (await results()).competitions.find((x) => x.id === 'sniffed');
    expect(comp?.rows.map((r) => [r.rank, r.bib, r.name, r.time, r.status])).toEqual([
      [1, 200, 'MÜLLER Anna', '0:34:56.8', null],
      [null, 201, 'SCHMIDT Jörg', null, 'DNF'],
    ]);
  });

  it('answers garbage of every kind with an error naming the problem, and changes nothing', async () => {
    const c = await ingest();
    const before = await results();
    const seq = server.hub.seq;
    const cases: Array<[data: string | Buffer, binary: boolean, code: string, mentions: RegExp]> = [
      ['{"Wettkampf-ID": "x", ', false, 'not-json', /JSON/],
      ['', false, 'not-json', /JSON/],
      ['42', false, 'invalid', /object/],
      ['"text"', false, 'invalid', /object/],
      ['null', false, 'invalid', /object/],
      ['{"hello": "world"}', false, 'invalid', /Wettkampf-ID/],
      ['{"Wettkampf-ID": "w1", "Live-Ergebnisse": {"Rang": 1}}', false, 'invalid', /Live-Ergebnisse/],
      ['{"Wettkampf-ID": "w1", "Live-Ergebnisse": [{"Rang": 1, "Startnummer": "abc"}]}', false, 'invalid', /Live-Ergebnisse\[0\]\.Startnummer/],
      ['[{"Rang": "1"}]', false, 'invalid', /Startnummer/],
      ['{"type": "delta", "epoch": "e", "seq": 0, "competitions": [], "finishers": []}', false, 'invalid', /seq/],
      ['{"type": "snapshot", "epoch": "e"}', false, 'invalid', /seq|finisherLimit/],
      ['{"type": "reset"}', false, 'invalid', /type/],
      [Buffer.from([0xc1, 0x00, 0xff, 0x13, 0x37]), true, 'not-msgpack', /msgpack/],
      [Buffer.from([0x93, 0x01, 0x02, 0x03]), true, 'invalid', /object/],
      [Buffer.from(encodeMsgpack({ type: 'error', code: 'x', message: 'y' })), true, 'invalid', /type/],
      ['x'.repeat(70 * 1024), false, 'too-large', /limit/],
    ];
    for (const [data, binary, code, mentions] of cases) {
      const reply = await c.request(data, binary);
      expect(reply, `reply to ${String(data).slice(0, 40)}`).toMatchObject({ type: 'error', code });
      expect(String(reply.message)).toMatch(mentions);
    }
    expect(server.hub.seq).toBe(seq);
    expect(await results()).toEqual(before);
    // Still usable: a good document goes through on the same connection.
    const doc = { 'Wettkampf-ID': 'after-garbage', 'Live-Ergebnisse': [{ Rang: 1, Startnummer: 1, Laufzeit: '0:10:00.0', 'Rückstand': '0:00:00.0' }] };
    expect(await c.request(JSON.stringify(doc))).toMatchObject({ type: 'ack', deltas: 1 });
    const m = server.metrics.render();
    for (const reason of ['not-json', 'invalid', 'not-msgpack', 'too-large']) {
      expect(m).toMatch(new RegExp(`racewire_ingest_rejections_total\\{reason="${reason}"\\} [1-9]`));
    }
  });

  it('is closed by uWS (RFC 6455) for invalid UTF-8 in a text frame or a message past the hard cap; nothing changes', async () => {
    const seq = server.hub.seq;
    const before = await results();
    for (const payload of [Buffer.from('{"Wettkampf-ID": "\xff\xfe"}', 'latin1'), Buffer.alloc(2 * 1024 * 1024, 0x20)]) {
      const ws = new WebSocket(wsUrl(server, `/ingest?token=${TOKEN}`), { skipUTF8Validation: true });
      await new Promise((r) => ws.once('open', r));
      const outcome = new Promise<string>((r) => {
        const t = setTimeout(() => r('timeout'), 5000);
        ws.once('message', (d: Buffer) => r(`message ${d.toString().slice(0, 80)}`));
        ws.once('close', (code) => {
          clearTimeout(t);
          r(`close ${code}`);
        });
      });
      ws.send(payload, { binary: false });
      expect(await outcome).toMatch(/^close (?!1000)/);
      ws.terminate();
    }
    expect(server.hub.seq).toBe(seq);
    expect(await results()).toEqual(before);
    const c = await ingest();
    const doc = { 'Wettkampf-ID': 'after-close', 'Live-Ergebnisse': [{ Rang: 1, Startnummer: 5, Laufzeit: '0:10:00.0', 'Rückstand': '0:00:00.0' }] };
    expect(await c.request(JSON.stringify(doc))).toMatchObject({ type: 'ack', deltas: 1, server: { seq: seq + 1 } });
  });

  it('takes forwarded snapshots and deltas (JSON and msgpack), drops duplicates, asks to resync on a gap', async () => {
    const upstream = new ResultsState({ epoch: 'upstream-1' });
    const c = await ingest();
    const d1 = upstream.applyListUpdate(listUpdate('F', [[1, 1, 'Eins', '0:30:00.0']]))!;
    expect(await c.request(JSON.stringify(d1))).toMatchObject({ type: 'ack', kind: 'delta', epoch: 'upstream-1', seq: 1, duplicate: false, deltas: 1 });
    expect(await c.request(JSON.stringify(d1))).toMatchObject({ type: 'ack', seq: 1, duplicate: true, deltas: 0 });
    const d2 = upstream.applyListUpdate(listUpdate('F', [[2, 2, 'Zwei', '0:31:00.0']]))!;
    const d3 = upstream.applyListUpdate(listUpdate('F', [[3, 3, 'Drei', '0:32:00.0']]))!;
    const seqBefore = server.hub.seq;
    expect(await c.request(encodeMsgpack(d3), true)).toMatchObject({ type: 'resync', epoch: 'upstream-1', seq: 1 });
    expect(server.hub.seq).toBe(seqBefore);
    expect(await c.request(encodeMsgpack(d2), true)).toMatchObject({ type: 'ack', seq: 2, duplicate: false });
    expect(await c.request(encodeMsgpack(d3), true)).toMatchObject({ type: 'ack', seq: 3, duplicate: false });
    // A delta of an epoch never seen (not its first): resync with seq null, i.e. send a snapshot.
    const other = new ResultsState({ epoch: 'upstream-2' });
    other.setStartList(new Map([[9, { bib: 9, name: null, club: 'LG Nord', ageGroup: 'W45', nation: 'AUT', year: 1979, gender: 'W', competition: null }]]));
    other.applyListUpdate(listUpdate('G', [[1, 9, 'Neun', '0:40:00.0']]));
    const g2 = other.applyListUpdate(listUpdate('G', [[2, 8, 'Acht', '0:41:00.0']]))!;
    expect(await c.request(JSON.stringify(g2))).toMatchObject({ type: 'resync', epoch: 'upstream-2', seq: null });
    expect(await c.request(JSON.stringify(other.snapshot()))).toMatchObject({ type: 'ack', kind: 'snapshot', seq: 2 });
    expect(await c.request(JSON.stringify(g2))).toMatchObject({ type: 'ack', duplicate: true });
    const doc = await results();
    expect(doc.competitions.find((x) => x.id === 'F')?.rows.map((r) => r.bib)).toEqual([1, 2, 3]);
    expect(doc.competitions.find((x) => x.id === 'G')?.rows.map((r) => r.bib)).toEqual([9, 8]);
    // Start-list fields of the forwarder's rows arrive too.
    expect(doc.competitions.find((x) => x.id === 'G')?.rows[0]).toMatchObject({ club: 'Verein', ageGroup: 'M40', nation: 'AUT', year: 1979, gender: 'W' });
  });
});

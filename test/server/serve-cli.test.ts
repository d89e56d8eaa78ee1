// `racewire serve` as users run it: the built CLI in a child process, killed with SIGKILL and
// started again on the same database. (Needs `npx tsc -p tsconfig.json` first; `npm test` does it.)
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { startServeProcess, type ServeProcess } from './support/serve-process.js';
import { tempDir } from './support/test-server.js';
import { TestClient } from './support/ws-client.js';

const SAMPLE = readFileSync(fileURLToPath(new URL('../../../shared/samples/json-sender-example.json', import.meta.url)), 'utf8');
const TOKEN = 'cli-test-token';
const tmp = tempDir('cli');
const running: ServeProcess[] = [];

afterAll(() => {
  for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  tmp.cleanup();
});

async function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const p = await startServeProcess(['--host', '127.0.0.1', '--port', '0', ...args], env);
  running.push(p);
  return p;
}

async function getJson(port: number, path: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`http://127.0.0.1:${port}${path}`)).json()) as Record<string, unknown>;
}

function senderDoc(rows: Array<[rank: number, bib: number, time: string]>): string {
  const doc = JSON.parse(SAMPLE) as Record<string, unknown>;
  doc['Live-Ergebnisse'] = rows.map(([Rang, Startnummer, Laufzeit]) => ({ Rang, Startnummer, Laufzeit, 'Rückstand': '0:00:00.0' }));
  return JSON.stringify(doc);
}

describe('racewire serve', () => {
  it('keeps results and continues seq after kill -9 and a restart', async () => {
    const db = join(tmp.dir, 'kill.db');
    const first = await serve(['--token', TOKEN, '--db', db]);
    expect(first.stdout()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    const ingest = await TestClient.connect(`ws://127.0.0.1:${first.port}/ingest?token=${TOKEN}`, { decode: 'plain' });
    expect(await ingest.request(SAMPLE)).toMatchObject({ type: 'ack', deltas: 1 });
    expect(await ingest.request(senderDoc([[1, 17, '3:30:00.0'], [2, 99, '3:40:00.0']]))).toMatchObject({ type: 'ack', deltas: 1 });
    const before = await getJson(first.port, '/api/results');
    const health = await getJson(first.port, '/healthz');
    expect(health.seq).toBe(2);
    // A viewer that saw everything up to now.
    const viewer = await TestClient.connect(`ws://127.0.0.1:${first.port}/live?encoding=json`);
    await viewer.waitFor(2);

    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    await viewer.close();
    await ingest.close();

    const second = await serve(['--db', db], { RACEWIRE_TOKEN: TOKEN });
    expect(await getJson(second.port, '/api/results')).toEqual(before);
    expect(await getJson(second.port, '/healthz')).toMatchObject({ epoch: health.epoch, seq: 2 });
    // The viewer resumes with the epoch and seq it had: nothing missed, then the next delta is 3.
    const resumed = await TestClient.connect(`ws://127.0.0.1:${second.port}/live?encoding=msgpack&epoch=${String(health.epoch)}&seq=2`);
    await resumed.waitFor(1);
    const again = await TestClient.connect(`ws://127.0.0.1:${second.port}/ingest`, { headers: { Authorization: `Bearer ${TOKEN}` }, decode: 'plain' });
    expect(await again.request(senderDoc([[3, 55, '3:50:00.0']]))).toMatchObject({ type: 'ack', deltas: 1, server: { seq: 3 } });
    const got = await resumed.waitFor(2);
    expect(got.map((r) => [r.value.type, r.value.seq])).toEqual([['hello', 2], ['delta', 3]]);
    await resumed.close();
    await again.close();

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(second.stdout()).toMatch(/SIGTERM, shutting down/);
  }, 60_000);

  it('says clearly when the port is in use or the database cannot be opened', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const e1 = await startServeProcess(['--host', '127.0.0.1', '--port', String(port), '--db', join(tmp.dir, 'p.db'), '--token', TOKEN]).catch((e: { code: number; stderr: string }) => e);
      expect(e1).toMatchObject({ code: 1 });
      expect((e1 as { stderr: string }).stderr).toMatch(/racewire: cannot listen on 127\.0\.0\.1:\d+/);
      expect((e1 as { stderr: string }).stderr).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
    // Another racewire serve on the port (uSockets would share it with SO_REUSEPORT if we let it).
    const other = await serve(['--db', join(tmp.dir, 'other.db')]);
    const e3 = await startServeProcess(['--host', '127.0.0.1', '--port', String(other.port), '--db', join(tmp.dir, 'p3.db')]).catch((e: { code: number; stderr: string }) => e);
    expect(e3).toMatchObject({ code: 1 });
    expect((e3 as { stderr: string }).stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+ \(port in use/);
    other.child.kill('SIGTERM');
    await other.exited;
    const e2 = await startServeProcess(['--host', '127.0.0.1', '--port', '0', '--db', join(tmp.dir, 'missing', 'x.db')]).catch((e: { code: number; stderr: string }) => e);
    expect(e2).toMatchObject({ code: 1 });
    expect((e2 as { stderr: string }).stderr).toMatch(/racewire: .*x\.db: cannot open database: its directory does not exist/);
  }, 30_000);

  it('without a token it serves viewers but refuses ingest, and says so', async () => {
    const p = await serve(['--db', join(tmp.dir, 'notoken.db')], { RACEWIRE_TOKEN: '' });
    await eventually(() => expect(p.stdout()).toMatch(/no token given/));
    await expect(TestClient.connect(`ws://127.0.0.1:${p.port}/ingest?token=x`)).rejects.toMatchObject({ status: 403 });
    p.child.kill('SIGINT');
    expect((await p.exited).code).toBe(0);
  }, 30_000);

  it('takes --fanout-threads (and $RACEWIRE_FANOUT_THREADS), says how many run, and refuses a bad count clearly', async () => {
    const p = await serve(['--db', join(tmp.dir, 'threads.db'), '--token', TOKEN, '--fanout-threads', '3'], { RACEWIRE_FANOUT_THREADS: '1' });
    expect(p.stdout()).toMatch(/3 fan-out threads\)/);
    const metrics = await (await fetch(`http://127.0.0.1:${p.port}/metrics`)).text();
    expect(metrics).toMatch(/^racewire_fanout_threads 3$/m);
    p.child.kill('SIGTERM');
    expect((await p.exited).code).toBe(0);
    const one = await serve(['--db', join(tmp.dir, 'threads1.db')], { RACEWIRE_FANOUT_THREADS: '1' });
    expect(one.stdout()).toMatch(/1 fan-out thread\)/);
    one.child.kill('SIGTERM');
    const oneExit = await one.exited;
    expect(oneExit, one.stdout() + one.stderr()).toEqual({ code: 0, signal: null });
    const bad = await startServeProcess(['--port', '0', '--db', join(tmp.dir, 'bad.db'), '--fanout-threads', '0']).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toMatch(/--fanout-threads must be an integer 1\.\.16/);
    const badEnv = await startServeProcess(['--port', '0', '--db', join(tmp.dir, 'bad.db')], { RACEWIRE_FANOUT_THREADS: 'many' }).catch((e: { code: number; stderr: string }) => e);
    expect(badEnv).toMatchObject({ code: 1 });
    expect((badEnv as { stderr: string }).stderr).toMatch(/racewire: \$RACEWIRE_FANOUT_THREADS must be an integer 1\.\.16/);
  }, 30_000);
});

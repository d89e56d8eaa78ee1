// `racewire capture` live on loopback, end to end: the simulator writes a race over TCP to a stand-in
// Sprecher-PC, cap captures it, the pipeline parses it, the server shows it to a WebSocket viewer
// and on /api/results, exactly as the simulator's own expected results say. Runs as root (CI is).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDrainListener } from '../../src/sim/drain-listener.js';
import { eventually } from '../server/support/eventually.js';
import { tempDir } from '../server/support/test-server.js';
import { TestClient } from '../server/support/ws-client.js';
import { cliPath, runCli } from '../support/run-cli.js';
import { freePort } from '../support/free-port.js';


const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('racewire capture on lo', () => {
  it('shows a simulated race to a live viewer exactly as the simulator meant it', async () => {
    const { dir, cleanup } = tempDir('racewire-capture-');
    cleanups.push(cleanup);
    const sink = await startDrainListener({ listen: { host: '127.0.0.1', port: 0 }, savePath: null, maxConnections: 1, log: () => {} });
    cleanups.push(() => sink.close());
    const httpPort = await freePort();

    const child = spawn(
      process.execPath,
      [cliPath, 'capture', '--iface', 'lo', '--port', String(sink.address.port), '--listen', String(httpPort), '--bind', '127.0.0.1', '--db', join(dir, 'r.db')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await eventually(() => expect(out + err).toMatch(/capturing on lo/), 15_000);

    const viewer = await TestClient.connect(`ws://127.0.0.1:${httpPort}/live?encoding=msgpack`);
    cleanups.push(() => viewer.ws.close());

    const expectFile = join(dir, 'expected.json');
    const sim = await runCli(['simulate', '--to', `127.0.0.1:${sink.address.port}`, '--speed', 'max', '--seed', '3', '--competitions', '2', '--runners', '30', '--expect-out', expectFile]);
    expect(sim.code).toBe(0);
    await sink.done;

    const expected = JSON.parse(readFileSync(expectFile, 'utf8')) as { competitions: Array<{ id: string; rows: unknown[] }> };
    const rows = expected.competitions.reduce((n, c) => n + c.rows.length, 0);
    const results = await eventually(async () => {
      const doc = (await (await fetch(`http://127.0.0.1:${httpPort}/api/results`)).json()) as { competitions: Array<{ rows: unknown[] }> };
      expect(doc.competitions.reduce((n, c) => n + c.rows.length, 0)).toBe(rows);
      return doc;
    }, 15_000);
    expect(results).toEqual(expected);

    // The viewer got a snapshot and then deltas, in binary msgpack frames.
    await eventually(() => expect(viewer.received.filter((r) => r.value.type === 'delta').length).toBeGreaterThan(10), 5000);
    expect(viewer.received.every((r) => r.isBinary)).toBe(true);
    const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
    expect(metrics).toMatch(/racewire_gaps_total 0/);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

  it('says how to fix it when the interface does not exist', async () => {
    const { dir, cleanup } = tempDir('racewire-capture-');
    cleanups.push(cleanup);
    const r = await runCli(['capture', '--iface', 'no-such-if0', '--listen', '0', '--bind', '127.0.0.1', '--db', join(dir, 'r.db')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no-such-if0/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

// `racewire simulate` end to end over loopback TCP (only 127.0.0.1): the drain listener receives
// exactly the bytes the sender wrote to --out; a refused target is a clear error; a dropped
// connection is followed by a reconnect that starts a new stream the JDK can read.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, runCli } from '../support/run-cli.js';
import { simulateRace } from '../../src/sim/simulated-race.js';
import { jdkRead } from './support/sim-java.js';

const work = mkdtempSync(join(tmpdir(), 'racewire-sim-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Starts `simulate --listen` on an ephemeral loopback port; resolves with the port and its exit. */
function startListener(args: string[]): Promise<{ port: number; exit: Promise<{ code: number | null; stdout: string }> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'simulate', '--listen', '127.0.0.1:0', ...args], { timeout: 60_000 });
    let stdout = '';
    let announced = false;
    const exit = new Promise<{ code: number | null; stdout: string }>((res) => child.on('close', (code) => res({ code, stdout })));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(stdout);
      if (m && !announced) {
        announced = true;
        resolve({ port: Number(m[1]), exit });
      }
    });
    child.on('error', reject);
    void exit.then(({ code }) => {
      if (!announced) reject(new Error(`listener exited ${code} before listening: ${stdout}`));
    });
  });
}

describe('racewire simulate over loopback', () => {
  it('delivers exactly the --out bytes to the --listen stand-in, and writes start list and expected results', async () => {
    const sent = join(work, 'sent.bin');
    const received = join(work, 'received.bin');
    const listener = await startListener(['--connections', '1', '--save', received]);
    const r = await runCli([
      'simulate', '--to', `127.0.0.1:${listener.port}`, '--speed', 'max', '--seed', '5', '--runners', '40',
      '--reset-every', '20', '--out', sent, '--startlist-out', join(work, 'Startlist.csv'), '--expect-out', join(work, 'expected.json'),
    ]);
    expect(r.stderr).toContain('connected to 127.0.0.1');
    expect(r.code).toBe(0);
    const l = await listener.exit;
    expect(l.code).toBe(0);
    const size = statSync(sent).size;
    expect(size).toBeGreaterThan(10_000);
    expect(readFileSync(received).equals(readFileSync(sent))).toBe(true);
    expect(l.stdout).toMatch(new RegExp(`connection 1 from 127\\.0\\.0\\.1:\\d+ closed: ${size} bytes`));
    expect(r.stderr).toMatch(/race over: (\d+)\/\1 updates/);

    const expected = JSON.parse(readFileSync(join(work, 'expected.json'), 'utf8')) as { competitions: Array<{ id: string; rows: unknown[] }> };
    expect(expected.competitions.map((c) => c.id)).toEqual(['5', '18', '21']);
    expect(expected.competitions.every((c) => c.rows.length === 40)).toBe(true);
    expect(readFileSync(join(work, 'Startlist.csv'), 'utf8').split('\r\n')[0]).toBe('Stnr;Name;Vorname;Verein;AK;Jg;G;Nat;Wettbewerb');
    // the CLI plays exactly the race the library API describes
    const api = simulateRace({ seed: 5, runnersPerCompetition: 40, resetEvery: 20 });
    expect(readFileSync(sent).equals(api.streamBytes())).toBe(true);
    expect(expected).toEqual(api.expected);
    // and what went over the wire is a stream the JDK reads to the end
    expect((await jdkRead(received)).length).toBeGreaterThan(100);
  });

  it('says clearly when the target refuses the connection', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const r = await runCli(['simulate', '--to', `127.0.0.1:${port}`, '--speed', 'max', '--runners', '5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot connect to 127.0.0.1:${port}: connection refused`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reconnects after the receiver drops it and starts a new stream with a fresh header', async () => {
    const connections: Buffer[][] = [];
    const server = net.createServer((socket) => {
      const chunks: Buffer[] = [];
      connections.push(chunks);
      const first = connections.length === 1;
      let bytes = 0;
      socket.on('data', (d: Buffer) => {
        chunks.push(d);
        bytes += d.length;
        if (first && bytes >= 3000) socket.destroy(); // the Sprecher-PC goes away mid-race
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    try {
      // paced (not max), so the race is still running when the first connection drops
      const r = await runCli([
        'simulate', '--to', `127.0.0.1:${port}`, '--speed', '4000', '--runners', '40', '--reconnect-delay', '50',
      ]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('connection lost');
      expect(r.stderr).toMatch(/reconnected to 127\.0\.0\.1:\d+ \(attempt 1\)/);
      expect(connections.length).toBe(2);
      const second = Buffer.concat(connections[1] ?? []);
      expect(second.subarray(0, 4).toString('hex')).toBe('aced0005');
      const file = join(work, 'second.bin');
      writeFileSync(file, second);
      const values = await jdkRead(file);
      expect(values[0]).toBe('Stadtlauf Rammingen 2026'); // the preamble again
      expect(values.some((v) => Array.isArray(v))).toBe(true);
    } finally {
      server.close();
    }
  });

  it('refuses to run without anything to do', async () => {
    const r = await runCli(['simulate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing to do');
  });
});

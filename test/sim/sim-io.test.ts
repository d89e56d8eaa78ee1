// The simulator's I/O helpers on their own: HOST:PORT and --speed parsing, the drain listener
// with several connections (loopback only), pieces of at most --write-size bytes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDrainListener } from '../../src/sim/drain-listener.js';
import { formatHostPort, parseHostPort } from '../../src/sim/host-port.js';
import { parseSpeed } from '../../src/sim/pacing.js';
import { SenderConnection } from '../../src/sim/tcp-connection.js';

const work = mkdtempSync(join(tmpdir(), 'racewire-sim-io-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('command-line values', () => {
  it('parses HOST:PORT, IPv6 in brackets, and rejects the rest', () => {
    expect(parseHostPort('127.0.0.1:4000')).toEqual({ host: '127.0.0.1', port: 4000 });
    expect(parseHostPort('[::1]:4000')).toEqual({ host: '::1', port: 4000 });
    expect(parseHostPort('localhost:0', { allowPortZero: true })).toEqual({ host: 'localhost', port: 0 });
    expect(formatHostPort({ host: '::1', port: 5 })).toBe('[::1]:5');
    for (const bad of ['127.0.0.1', '::1:4000', 'host:70000', 'host:0', ':80']) expect(() => parseHostPort(bad)).toThrow(/HOST:PORT/);
  });

  it('parses --speed as a positive number or max', () => {
    expect(parseSpeed('max')).toBe('max');
    expect(parseSpeed('60')).toBe(60);
    expect(parseSpeed('0.5')).toBe(0.5);
    for (const bad of ['0', '-1', 'fast', '']) expect(() => parseSpeed(bad)).toThrow(/--speed/);
  });
});

describe('drain listener and sender connection over loopback', () => {
  it('drains each connection into its own file and stops after --connections', async () => {
    const save = join(work, 'in.bin');
    const lines: string[] = [];
    const listener = await startDrainListener({ listen: { host: '127.0.0.1', port: 0 }, savePath: save, maxConnections: 2, log: (l) => lines.push(l) });
    const payloads = [Buffer.alloc(5000, 1), Buffer.from('zweite Verbindung')];
    for (const payload of payloads) {
      const conn = await SenderConnection.connect(listener.address);
      expect(await conn.write(payload, 1024)).toBe(true);
      await conn.end();
    }
    const drained = await listener.done;
    expect(drained.map((c) => c.bytes)).toEqual([5000, payloads[1]?.length]);
    expect(readFileSync(save).equals(payloads[0] as Buffer)).toBe(true);
    expect(readFileSync(`${save}.2`).equals(payloads[1] as Buffer)).toBe(true);
    expect(lines.filter((l) => /closed: \d+ bytes/.test(l))).toHaveLength(2);
  });

  it('writes a chunk in pieces of at most the write size', async () => {
    const sizes: number[] = [];
    const server = net.createServer((s) => s.on('data', () => {}));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    try {
      const conn = await SenderConnection.connect({ host: '127.0.0.1', port });
      // the pieces are what the socket is handed; watch them at the socket's write()
      const socket = (conn as unknown as { socket: net.Socket }).socket;
      const write = socket.write.bind(socket) as (chunk: Buffer) => boolean;
      (socket as unknown as { write: (c: Buffer) => boolean }).write = (c: Buffer) => {
        sizes.push(c.length);
        return write(c);
      };
      await conn.write(Buffer.alloc(2500), 1024);
      await conn.end();
      expect(sizes).toEqual([1024, 1024, 452]);
    } finally {
      server.close();
    }
  });
});

// Real TCP traffic on 127.0.0.1 for live-capture tests: a client sends `writes` to a server that
// answers each with `reply(i)`; resolves when both sides have closed. Bounded by a timeout.
import { createServer, connect, type AddressInfo, type Server } from 'node:net';

export async function listenLoopback(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Runs one connection to `server`; returns the bytes each side sent. */
export async function converse(server: Server, port: number, writes: Buffer[], reply: (i: number) => Buffer, timeoutMs = 15_000): Promise<{ c2s: Buffer; s2c: Buffer; clientPort: number }> {
  const sentByServer: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('loopback conversation timed out')), timeoutMs);
    server.once('connection', (sock) => {
      let answered = 0;
      let received = 0;
      const bounds = writes.reduce<number[]>((acc, w) => [...acc, (acc.at(-1) ?? 0) + w.length], []);
      sock.on('data', (d: Buffer) => {
        received += d.length;
        while (answered < writes.length && received >= bounds[answered]!) {
          const r = reply(answered++);
          sentByServer.push(r);
          sock.write(r);
        }
      });
      sock.on('end', () => sock.end());
      sock.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
      sock.on('error', reject);
    });
  });
  const client = connect(port, '127.0.0.1');
  client.setNoDelay(true);
  await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('error', reject));
  const clientPort = client.localPort!;
  let got = 0;
  const expected = writes.reduce((n, _w, i) => n + reply(i).length, 0);
  const allReplies = new Promise<void>((resolve) => client.on('data', (d: Buffer) => {
    got += d.length;
    if (got >= expected) resolve();
  }));
  for (const w of writes) {
    if (!client.write(w)) await new Promise((r) => client.once('drain', r));
  }
  await allReplies;
  client.end();
  await done;
  return { c2s: Buffer.concat(writes), s2c: Buffer.concat(sentByServer), clientPort };
}

/** Deterministic bytes: `n` bytes of a pattern seeded by `seed`. */
export function patternBytes(seed: number, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (seed * 131 + i * 17 + (i >> 8)) & 0xff;
  return b;
}

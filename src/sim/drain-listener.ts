// A stand-in for the Sprecher-PC: accepts connections and reads them to the end, counting bytes
// (optionally saving them: connection 1 to FILE, connection n > 1 to FILE.n). Never writes back.
import { createWriteStream, type WriteStream } from 'node:fs';
import net from 'node:net';
import { formatHostPort, type HostPort } from './host-port.js';

export interface DrainOptions {
  listen: HostPort;
  savePath: string | null;
  /** Stop after this many connections have closed; null = until closed. */
  maxConnections: number | null;
  log: (line: string) => void;
}

export interface DrainedConnection {
  index: number;
  peer: string;
  bytes: number;
}

export interface DrainListener {
  address: HostPort;
  /** Resolves when `maxConnections` connections have closed, or after close(). */
  done: Promise<DrainedConnection[]>;
  close(): Promise<void>;
}

export function savePathFor(base: string, index: number): string {
  return index === 1 ? base : `${base}.${index}`;
}

export async function startDrainListener(opts: DrainOptions): Promise<DrainListener> {
  const finished: DrainedConnection[] = [];
  const open = new Set<net.Socket>();
  let accepted = 0;
  let resolveDone: (c: DrainedConnection[]) => void = () => {};
  const done = new Promise<DrainedConnection[]>((r) => (resolveDone = r));

  const server = net.createServer((socket) => {
    const index = ++accepted;
    const peer = formatHostPort({ host: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0 });
    let bytes = 0;
    let file: WriteStream | null = null;
    if (opts.savePath) file = createWriteStream(savePathFor(opts.savePath, index));
    open.add(socket);
    opts.log(`connection ${index} from ${peer}`);
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (file && !file.write(chunk)) {
        socket.pause();
        file.once('drain', () => socket.resume());
      }
    });
    socket.on('error', (err) => opts.log(`connection ${index}: ${err.message}`));
    socket.on('close', () => {
      open.delete(socket);
      const report = (): void => {
        opts.log(`connection ${index} from ${peer} closed: ${bytes} bytes`);
        finished.push({ index, peer, bytes });
        if (opts.maxConnections !== null && finished.length >= opts.maxConnections) void close();
      };
      if (file) file.end(report);
      else report();
    });
  });

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of open) s.destroy();
    }).then(() => resolveDone(finished)));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.listen.port, opts.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const a = server.address() as net.AddressInfo;
  return { address: { host: a.address, port: a.port }, done, close };
}

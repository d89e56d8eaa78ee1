// One outgoing TCP connection the sender writes to, with honest back-pressure and a clear idea of
// whether the peer is still there (the Sprecher-PC never writes back; a close or error ends it).
import net from 'node:net';
import { formatHostPort, type HostPort } from './host-port.js';

export class ConnectError extends Error {
  constructor(
    readonly target: HostPort,
    readonly code: string | undefined,
    cause: Error,
  ) {
    const why = code === 'ECONNREFUSED' ? 'connection refused (is the receiver listening?)' : cause.message;
    super(`cannot connect to ${formatHostPort(target)}: ${why}`);
    this.name = 'ConnectError';
  }
}

export class SenderConnection {
  private closedWith: Error | null = null;
  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.on('error', (err) => {
      this.closedWith ??= err;
    });
    socket.on('close', () => {
      this.closed = true;
    });
    socket.on('data', () => {
      /* the receiver has nothing to say; drain whatever it sends */
    });
  }

  static connect(target: HostPort, timeoutMs = 10_000): Promise<SenderConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: target.host, port: target.port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new ConnectError(target, 'ETIMEDOUT', new Error(`no answer within ${timeoutMs} ms`)));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new SenderConnection(socket));
      });
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new ConnectError(target, err.code, err));
      });
    });
  }

  get alive(): boolean {
    return !this.closed && this.closedWith === null && !this.socket.destroyed;
  }

  get lastError(): Error | null {
    return this.closedWith;
  }

  /**
   * Writes a chunk in pieces of at most `pieceSize` bytes (ObjectOutputStream hands its socket at
   * most 1024 bytes per write, so a real sender's segments are that small); resolves when the
   * kernel took it, or the connection died meanwhile.
   */
  async write(chunk: Buffer, pieceSize = chunk.length): Promise<boolean> {
    if (!this.alive) return false;
    let drained = true;
    for (let at = 0; at < chunk.length; at += Math.max(1, pieceSize)) {
      drained = this.socket.write(chunk.subarray(at, at + Math.max(1, pieceSize)));
    }
    if (!drained) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.socket.off('drain', done);
          this.socket.off('close', done);
          resolve();
        };
        this.socket.on('drain', done);
        this.socket.on('close', done);
      });
    }
    return this.alive;
  }

  /** Half-closes after the last byte and waits (bounded) for the peer to close too. */
  async end(timeoutMs = 5000): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.socket.destroy();
        resolve();
      }, timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.end();
    });
  }

  destroy(): void {
    this.socket.destroy();
  }
}

// A TCP relay in front of the server: the page's origin stays the same while the server behind it
// is killed and started again on another port (a crashed server's port can stay blocked by
// TIME_WAIT connections for a minute). Killing the server closes the relayed connections too.
import { createServer, connect, type Server, type Socket } from 'node:net';

export class TcpRelay {
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: Server,
    private target: number,
  ) {}

  static async start(targetPort: number): Promise<TcpRelay> {
    let relay!: TcpRelay;
    const server = createServer((client) => relay.accept(client));
    relay = new TcpRelay(server, targetPort);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return relay;
  }

  get port(): number {
    const a = this.server.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  retarget(port: number): void {
    this.target = port;
  }

  private accept(client: Socket): void {
    const upstream = connect(this.target, '127.0.0.1');
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        this.sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

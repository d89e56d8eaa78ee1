// WS /ingest on a fan-out thread: the token is checked here, at the upgrade, like on the main
// thread; every message then goes to the main thread (which owns the hub and runs the ingest logic)
// and its reply comes back over the same port, so replies keep the order of the messages.
import { ingestSocketLimits, ingestUpgrade, type IngestData, type IngestOptions, type IngestSocketMetrics } from '../ingest.js';
import type { TokenCheck } from '../token.js';
import type { WebSocket, WebSocketBehavior } from '../uws.js';

interface ThreadIngestData extends IngestData {
  conn: number;
}

export interface RelayedIngestMessage {
  conn: number;
  bytes: Uint8Array;
  binaryFrame: boolean;
  snifferCompetition: string;
}

export class ThreadIngest {
  private readonly open = new Map<number, WebSocket<ThreadIngestData>>();
  private nextConn = 1;

  constructor(
    private readonly token: TokenCheck,
    private readonly metrics: IngestSocketMetrics,
    private readonly options: IngestOptions,
    private readonly relay: (message: RelayedIngestMessage) => void,
  ) {}

  behavior(): WebSocketBehavior<ThreadIngestData> {
    const upgrade = ingestUpgrade(this.token, this.metrics, this.options);
    return {
      ...ingestSocketLimits(this.options),
      upgrade: (res, req, context) => {
        // ingestUpgrade fills IngestData; the connection number is added in open().
        upgrade(res, req, context);
      },
      open: (ws) => {
        const conn = this.nextConn++;
        ws.getUserData().conn = conn;
        this.open.set(conn, ws);
        this.metrics.ingestConnections.inc(1);
      },
      close: (ws) => {
        this.open.delete(ws.getUserData().conn);
        this.metrics.ingestConnections.inc(-1);
      },
      message: (ws, message, binaryFrame) => {
        const data = ws.getUserData();
        // uWS reuses `message`'s memory after this call: copy before it crosses threads.
        this.relay({ conn: data.conn, bytes: new Uint8Array(message.slice(0)), binaryFrame, snifferCompetition: data.snifferCompetition });
      },
    };
  }

  /** The main thread's reply; dropped when the connection closed meanwhile. */
  deliver(conn: number, data: string | Uint8Array, isBinary: boolean): void {
    this.open.get(conn)?.send(data, isBinary);
  }
}

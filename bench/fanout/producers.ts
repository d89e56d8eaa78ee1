// What pushes deltas in during a step, and when (performance.timeOrigin + performance.now(), the
// clock the viewer processes use too): a JSON sender on racewire's /ingest (the ack names the
// seq of the resulting delta), or the producer of the Python relay (sends racewire's own delta
// bytes, so the seq is known in advance).
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

export const wallNow = (): number => performance.timeOrigin + performance.now();

export interface Producer {
  /** seq -> time the message that produces it was handed to the socket. */
  readonly sent: Map<number, number>;
  /** Messages whose outcome is known (acked / sent). */
  readonly settled: number;
  readonly errors: string[];
  close(): void;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`${url}: no connection in 10 s`));
    }, 10_000);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve(ws);
    });
    ws.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** A JSON sender on racewire's WS /ingest. */
export class IngestProducer implements Producer {
  readonly sent = new Map<number, number>();
  readonly errors: string[] = [];
  settled = 0;
  private readonly waiting: number[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const t = this.waiting.shift();
      this.settled++;
      let reply: { type?: string; deltas?: number; server?: { seq?: number }; message?: string };
      try {
        reply = JSON.parse(String(data));
      } catch {
        this.errors.push(`unreadable reply: ${String(data).slice(0, 100)}`);
        return;
      }
      if (reply.type === 'ack' && reply.deltas === 1 && typeof reply.server?.seq === 'number' && t !== undefined) this.sent.set(reply.server.seq, t);
      else this.errors.push(`reply: ${String(data).slice(0, 200)}`);
    });
  }

  static async connect(port: number, token: string): Promise<IngestProducer> {
    return new IngestProducer(await open(`ws://127.0.0.1:${port}/ingest?token=${encodeURIComponent(token)}`));
  }

  send(document: string): void {
    this.waiting.push(wallNow());
    this.ws.send(document);
  }

  close(): void {
    this.ws.terminate();
  }
}

/** The producer of the Python relay: sends ready-made delta bytes. */
export class RelayProducer implements Producer {
  readonly sent = new Map<number, number>();
  readonly errors: string[] = [];
  settled = 0;

  private constructor(private readonly ws: WebSocket) {}

  static async connect(port: number): Promise<RelayProducer> {
    return new RelayProducer(await open(`ws://127.0.0.1:${port}/ingest`));
  }

  send(seq: number, bytes: Uint8Array | string): void {
    this.sent.set(seq, wallNow());
    this.ws.send(bytes, { binary: typeof bytes !== 'string' });
    this.settled++;
  }

  close(): void {
    this.ws.terminate();
  }
}

// A `ws` client that queues what it receives, decoded, so tests can await the next message.
import WebSocket from 'ws';
import { decodeServerMessage, parseMsgpackMessage, type Encoding } from '../../../src/wire/index.js';

export interface Received {
  /** Decoded with the wire decoder when possible; for ingest replies plain JSON/msgpack values. */
  value: Record<string, unknown>;
  isBinary: boolean;
  bytes: number;
}

export class TestClient {
  readonly received: Received[] = [];
  private waiters: Array<() => void> = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(
    readonly ws: WebSocket,
    private readonly decode: (data: Buffer, isBinary: boolean) => Record<string, unknown>,
  ) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      this.received.push({ value: this.decode(data, isBinary), isBinary, bytes: data.byteLength });
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  /** Connects; rejects with the HTTP status when the upgrade is refused. */
  static connect(url: string, options: { headers?: Record<string, string>; decode?: 'server' | 'plain' } = {}): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers: options.headers ?? {} });
      const decode = options.decode === 'plain' ? decodePlain : decodeViewer;
      const client = new TestClient(ws, decode);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}: ${body.trim()}`), { status: res.statusCode, body })));
      });
      ws.once('error', reject);
    });
  }

  /** Waits (bounded) until `count` messages have arrived after index `from`; returns them. */
  async waitFor(count: number, timeoutMs = 5000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (this.closed) throw new Error(`connection closed (${this.closed.code} ${this.closed.reason}) after ${this.received.length} of ${count} messages`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${this.received.length} of ${count} messages`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.received.slice(0, count);
  }

  /** Waits for the first message after index `from` that satisfies `pred`. */
  async waitUntil(pred: (r: Received) => boolean, timeoutMs = 5000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.received.find(pred);
      if (hit) return hit;
      await this.waitFor(this.received.length + 1, Math.max(1, deadline - Date.now()));
    }
  }

  send(data: string | Buffer | Uint8Array, binary = typeof data !== 'string'): Promise<void> {
    return new Promise((resolve, reject) => this.ws.send(data, { binary }, (err) => (err ? reject(err) : resolve())));
  }

  /** Sends and waits for the next reply. */
  async request(data: string | Buffer | Uint8Array, binary?: boolean): Promise<Record<string, unknown>> {
    const before = this.received.length;
    await this.send(data, binary);
    const all = await this.waitFor(before + 1);
    return all[before]!.value;
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 2000);
      this.ws.once('close', () => {
        clearTimeout(t);
        resolve();
      });
      this.ws.close();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

function decodeViewer(data: Buffer, isBinary: boolean): Record<string, unknown> {
  const encoding: Encoding = isBinary ? 'msgpack' : 'json';
  return decodeServerMessage(isBinary ? new Uint8Array(data) : data.toString('utf8'), encoding) as unknown as Record<string, unknown>;
}

function decodePlain(data: Buffer, isBinary: boolean): Record<string, unknown> {
  if (!isBinary) return JSON.parse(data.toString('utf8')) as Record<string, unknown>;
  return parseMsgpackMessage(new Uint8Array(data)) as Record<string, unknown>;
}

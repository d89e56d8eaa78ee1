// Sends the capture side's results to a remote `racewire serve` over WS /ingest: a snapshot when
// the remote's position is unknown (a fresh connection), then every delta in order, pipelined.
// The local ResultsHub's SQLite log is the queue on disk: while the link is down nothing is
// sent, and on reconnect the deltas after the last acknowledged one are resent (or a snapshot
// when they are no longer at hand). The server drops what it already has, by (epoch, seq), and asks
// for a resend when one is missing, so nothing is lost or doubled, also across a restart here.
import WebSocket from 'ws';
import type { Delta, Snapshot } from '../results/index.js';
import { encodeServerMessageJson } from '../wire/index.js';
import { backoffDelay } from './backoff.js';

/** What the forwarder reads from: the capture side's results hub. */
export interface ForwardSource {
  readonly epoch: string;
  readonly seq: number;
  snapshot(): Snapshot;
  deltasAfter(epoch: string, seq: number, limit: number): Delta[] | null;
  onDelta(listener: (delta: Delta) => void): void;
}

export interface ForwarderOptions {
  /** ws:// or wss:// URL of the remote /ingest. */
  url: string;
  token: string;
  /** Deltas sent but not yet acknowledged, at most. */
  window: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  log: (message: string) => void;
}

export const DEFAULT_FORWARDER_OPTIONS: Omit<ForwarderOptions, 'url' | 'token' | 'log'> = {
  window: 64,
  minBackoffMs: 500,
  maxBackoffMs: 30_000,
};

interface IngestReply {
  type: 'ack' | 'resync' | 'error';
  kind?: string;
  epoch?: string;
  seq?: number | null;
  duplicate?: boolean;
  code?: string;
  message?: string;
}

export interface ForwarderStatus {
  connected: boolean;
  /** The last (epoch, seq) the remote acknowledged. */
  acked: { epoch: string; seq: number } | null;
  sentMessages: number;
  reconnects: number;
}

export class Forwarder {
  #ws: WebSocket | null = null;
  #attempt = 0;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  /** Position the remote acknowledged, and the last one sent on this connection. */
  #acked: { epoch: string; seq: number } | null = null;
  #sent: { epoch: string; seq: number } | null = null;
  #sentMessages = 0;
  #reconnects = 0;
  readonly #idleWaiters: Array<() => void> = [];

  constructor(
    private readonly source: ForwardSource,
    private readonly options: ForwarderOptions,
  ) {
    source.onDelta(() => this.#pump());
  }

  start(): void {
    this.#connect();
  }

  status(): ForwarderStatus {
    return { connected: this.#ws?.readyState === WebSocket.OPEN, acked: this.#acked, sentMessages: this.#sentMessages, reconnects: this.#reconnects };
  }

  /** Resolves when the remote has acknowledged everything the source has (tests, shutdown). */
  whenIdle(): Promise<void> {
    if (this.#caughtUp()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#ws?.close(1001, 'forwarder stopping');
  }

  #connect(): void {
    if (this.#closed) return;
    const ws = new WebSocket(this.options.url, { headers: { Authorization: `Bearer ${this.options.token}` }, handshakeTimeout: 10_000 });
    this.#ws = ws;
    ws.on('open', () => {
      this.#attempt = 0;
      this.options.log(`forward: connected to ${this.options.url}`);
      // What the remote has is unknown until it answers: start from the last acknowledged position.
      this.#sent = this.#acked;
      this.#pump();
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let reply: IngestReply;
      try {
        reply = JSON.parse(String(data)) as IngestReply;
      } catch {
        this.options.log('forward: unreadable reply from the server');
        return;
      }
      this.#onReply(reply);
    });
    ws.on('unexpected-response', (_req, res) => {
      this.options.log(`forward: ${this.options.url} refused the connection: HTTP ${res.statusCode}${res.statusCode === 401 || res.statusCode === 403 ? ' (check --token)' : ''}`);
    });
    ws.on('error', (err) => this.options.log(`forward: ${err.message}`));
    ws.on('close', () => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#sent = null;
      if (this.#closed) return;
      const delay = backoffDelay(this.#attempt++, this.options.minBackoffMs, this.options.maxBackoffMs);
      this.#reconnects++;
      this.options.log(`forward: disconnected; reconnecting in ${delay} ms`);
      this.#timer = setTimeout(() => this.#connect(), delay);
    });
  }

  #onReply(reply: IngestReply): void {
    switch (reply.type) {
      case 'ack':
        if (reply.epoch !== undefined && typeof reply.seq === 'number') {
          if (!this.#acked || this.#acked.epoch !== reply.epoch || reply.seq > this.#acked.seq) this.#acked = { epoch: reply.epoch, seq: reply.seq };
        }
        break;
      case 'resync':
        // The remote misses deltas: resend from what it has (null: nothing of this epoch -> snapshot).
        this.#acked = reply.seq === null || reply.seq === undefined ? null : { epoch: reply.epoch!, seq: reply.seq };
        this.#sent = this.#acked;
        break;
      case 'error':
        this.options.log(`forward: the server refused a message: ${reply.code ?? ''} ${reply.message ?? ''}`);
        break;
    }
    this.#pump();
    if (this.#caughtUp()) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #caughtUp(): boolean {
    return this.#acked !== null && this.#acked.epoch === this.source.epoch && this.#acked.seq === this.source.seq;
  }

  /** Sends what the remote does not have yet, within the window. */
  #pump(): void {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const epoch = this.source.epoch;
    const head = this.source.seq;
    const base = this.#sent?.epoch === epoch ? this.#sent.seq : null;
    if (base === null) {
      const snapshot = this.source.snapshot();
      this.#send(encodeServerMessageJson(snapshot));
      this.#sent = { epoch: snapshot.epoch, seq: snapshot.seq };
      return;
    }
    const ackedSeq = this.#acked?.epoch === epoch ? this.#acked.seq : base;
    const room = this.options.window - (base - ackedSeq);
    if (room <= 0 || base >= head) return;
    const deltas = this.source.deltasAfter(epoch, base, Math.max(room, head - base));
    if (deltas === null) {
      // No longer at hand (compacted, or far behind): the snapshot carries it all.
      this.#sent = null;
      this.#pump();
      return;
    }
    for (const delta of deltas.slice(0, room)) {
      this.#send(encodeServerMessageJson(delta));
      this.#sent = { epoch, seq: delta.seq };
    }
  }

  #send(text: string): void {
    this.#ws!.send(text);
    this.#sentMessages++;
  }
}

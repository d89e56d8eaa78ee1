// The live feed: one WebSocket to /live, a subscription per docs/protocol.md, and a ResultsView
// kept equal to the server's state (snapshot, then deltas). Reconnects with backoff and resumes
// by (epoch, seq); anything it cannot apply makes it ask for a fresh snapshot, never show junk.
import { ResultsSyncError, ResultsView } from '../../src/results/results-view.js';
import type { Delta, Finisher, Snapshot } from '../../src/results/types.js';
import { decodeServerMessage } from '../../src/wire/decode.js';
import type { SubscribeMessage } from '../../src/wire/messages.js';
import { backoffDelay } from './backoff.js';
import type { WireEncoding } from './params.js';

export type ConnectionPhase =
  /** Never had data yet, trying. */
  | 'connecting'
  /** Connected and subscribed. */
  | 'live'
  /** Lost the connection (or it went quiet and the server did not answer): showing old data. */
  | 'stale';

export interface ConnectionStatus {
  phase: ConnectionPhase;
  /** Failed attempts in a row (0 while live). */
  attempts: number;
  /** When data last arrived (ms since epoch), null before the first. */
  lastDataAt: number | null;
  /** The last error the server sent, or why the connection failed, in words. */
  problem: string | null;
}

export interface DataEvent {
  kind: 'snapshot' | 'delta';
  view: ResultsView;
  /** Finishers this message added (for a snapshot: its whole list). */
  finishers: Finisher[];
  /** performance.now() when the message arrived (for the delta-to-paint measurement). */
  arrivedAt: number;
}

export interface LiveConnectionOptions {
  url: string;
  competition: string | null;
  encoding: WireEncoding;
  onData: (event: DataEvent) => void;
  onStatus: (status: ConnectionStatus) => void;
  /** Silence after which the server is asked whether it is still there (ms). */
  probeAfterMs?: number;
  /** A connection that stays closed this long shows as stale (short blips do not flicker). */
  staleGraceMs?: number;
}

export class LiveConnection {
  private socket: WebSocket | null = null;
  private view: ResultsView | null = null;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private staleTimer: ReturnType<typeof setTimeout> | null = null;
  private probeTimer: ReturnType<typeof setInterval> | null = null;
  private lastMessageAt = 0;
  private readonly status: ConnectionStatus = { phase: 'connecting', attempts: 0, lastDataAt: null, problem: null };
  private stopped = false;
  /** Counters for the test hooks and the console. */
  readonly stats = { messages: 0, snapshots: 0, deltas: 0, duplicates: 0, resyncs: 0, decodeErrors: 0, connects: 0, resumes: 0 };

  constructor(private readonly options: LiveConnectionOptions) {}

  start(): void {
    this.stopped = false;
    this.connect();
    const probeAfter = this.options.probeAfterMs ?? 20_000;
    this.probeTimer = setInterval(() => this.probeIfQuiet(probeAfter), Math.max(1000, probeAfter / 4));
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.staleTimer) clearTimeout(this.staleTimer);
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.socket?.close();
    this.socket = null;
  }

  /** Test hook and "retry now" button: drop the socket as if the network failed. */
  drop(): void {
    this.socket?.close(4000, 'dropped by client');
  }

  get currentView(): ResultsView | null {
    return this.view;
  }

  private connect(): void {
    if (this.stopped) return;
    this.stats.connects++;
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.options.url);
    } catch (e) {
      this.failed(`${(e as Error).message}`);
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.socket = ws;
    ws.onopen = () => {
      this.lastMessageAt = Date.now();
      this.subscribe(true);
    };
    ws.onmessage = (event: MessageEvent) => {
      if (ws === this.socket) this.receive(event.data as string | ArrayBuffer);
    };
    ws.onclose = () => {
      if (ws !== this.socket) return;
      this.socket = null;
      this.failed(null);
    };
    // onerror is always followed by onclose, which does the work.
  }

  private subscribe(resume: boolean): void {
    const msg: SubscribeMessage = { type: 'subscribe', competition: this.options.competition, encoding: this.options.encoding };
    if (resume && this.view) {
      msg.resume = { epoch: this.view.epoch, seq: this.view.seq };
      this.stats.resumes++;
    }
    this.socket?.send(JSON.stringify(msg));
  }

  private receive(data: string | ArrayBuffer): void {
    const arrivedAt = performance.now();
    this.lastMessageAt = Date.now();
    this.stats.messages++;
    let message;
    try {
      // Text frames are JSON (the hello before our subscription always is), binary are msgpack.
      message = typeof data === 'string' ? decodeServerMessage(data, 'json') : decodeServerMessage(new Uint8Array(data), 'msgpack');
    } catch (e) {
      this.stats.decodeErrors++;
      console.warn('racewire: ignored a message that does not decode:', (e as Error).message);
      return;
    }
    switch (message.type) {
      case 'hello':
        // The server is there again. A resume that missed nothing gets no other message (a feed
        // filtered to a quiet competition), so this is what clears "stale".
        if (this.view) this.markLive(false);
        return;
      case 'error':
        this.status.problem = message.message;
        console.warn(`racewire: server error ${message.code}: ${message.message}`);
        this.emitStatus();
        return;
      case 'snapshot':
        return this.takeSnapshot(message, arrivedAt);
      case 'delta':
        return this.takeDelta(message, arrivedAt);
    }
  }

  private takeSnapshot(snapshot: Snapshot, arrivedAt: number): void {
    this.stats.snapshots++;
    this.view = new ResultsView(snapshot, { contiguous: this.options.competition === null });
    this.markLive();
    this.options.onData({ kind: 'snapshot', view: this.view, finishers: snapshot.finishers, arrivedAt });
  }

  private takeDelta(delta: Delta, arrivedAt: number): void {
    // Deltas before our first snapshot (a resubscription in flight) have nothing to apply to.
    if (!this.view) return;
    try {
      if (this.view.apply(delta) === 'duplicate') {
        this.stats.duplicates++;
        return;
      }
    } catch (e) {
      if (!(e instanceof ResultsSyncError)) throw e;
      // Our copy cannot follow: forget it and ask for a fresh snapshot on the same socket.
      console.warn(`racewire: ${e.message}; asking for a fresh snapshot`);
      this.stats.resyncs++;
      this.view = null;
      this.subscribe(false);
      return;
    }
    this.stats.deltas++;
    this.markLive();
    this.options.onData({ kind: 'delta', view: this.view, finishers: delta.finishers, arrivedAt });
  }

  private markLive(data = true): void {
    this.attempts = 0;
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.staleTimer = null;
    if (data) this.status.lastDataAt = Date.now();
    if (this.status.phase !== 'live' || this.status.problem !== null || this.status.attempts !== 0) {
      this.status.phase = 'live';
      this.status.problem = null;
      this.status.attempts = 0;
      this.emitStatus();
    }
  }

  private failed(problem: string | null): void {
    if (this.stopped) return;
    this.attempts++;
    this.status.attempts = this.attempts;
    if (problem) this.status.problem = problem;
    if (this.status.phase === 'live' && !this.staleTimer) {
      this.staleTimer = setTimeout(() => {
        this.staleTimer = null;
        if (this.status.phase === 'live' && this.socket?.readyState !== WebSocket.OPEN) {
          this.status.phase = 'stale';
          this.emitStatus();
        }
      }, this.options.staleGraceMs ?? 1500);
    } else if (this.status.phase !== 'live') this.emitStatus();
    const delay = backoffDelay(this.attempts - 1, Math.random());
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  /**
   * The browser cannot see WebSocket pings, and a race can be quiet for minutes. After a long
   * silence, ask the server over HTTP whether it is still there; if not, the socket is dead
   * (a half-open connection after a network change): show stale and reconnect.
   */
  private probeIfQuiet(probeAfterMs: number): void {
    const ws = this.socket;
    if (!ws || ws.readyState !== WebSocket.OPEN || Date.now() - this.lastMessageAt < probeAfterMs) return;
    const health = new URL(this.options.url);
    health.protocol = health.protocol === 'wss:' ? 'https:' : 'http:';
    health.pathname = '/healthz';
    health.search = '';
    const abort = new AbortController();
    const timeout = setTimeout(() => abort.abort(), 5000);
    fetch(health, { mode: 'no-cors', cache: 'no-store', signal: abort.signal })
      .then(() => {
        this.lastMessageAt = Date.now();
      })
      .catch(() => {
        if (ws !== this.socket) return;
        // A dead socket may take minutes to report its close: give up on it now.
        this.socket = null;
        ws.close(4001, 'server did not answer');
        this.status.phase = this.view ? 'stale' : 'connecting';
        this.failed('the server did not answer');
      })
      .finally(() => clearTimeout(timeout));
  }

  private emitStatus(): void {
    this.options.onStatus({ ...this.status });
  }
}

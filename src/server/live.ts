// WS /live: viewers subscribe to one competition or all, in JSON or msgpack, get a snapshot (or,
// resuming, only the deltas they missed) and then the deltas as they happen. Read-only: anything
// but a subscription is ignored and counted. A viewer that falls behind is unsubscribed instead of
// buffered without bound, and brought forward with a fresh snapshot once its socket drains.
import { filterDelta, filterSnapshot, type Delta, type Snapshot } from '../results/index.js';
import { decodeSubscribe, PROTOCOL_VERSION, WireError, type Encoding, type ServerMessage, type SubscribeMessage } from '../wire/index.js';
import { ENCODINGS, encodeFor, type Encoded } from './encoded.js';
import type { StandardMetrics } from './metrics.js';
import type { LiveSource } from './results-source.js';
import { topicFor } from './topics.js';
import type { HttpRequest, HttpResponse, TemplatedApp, WebSocket, WebSocketBehavior, us_socket_context_t } from './uws.js';

export interface LiveOptions {
  /** Buffered bytes above which a viewer is skipped forward to a snapshot. */
  backpressureLimit: number;
  /** Seconds without traffic before uWS closes a viewer (pings are sent automatically before). */
  idleTimeoutSeconds: number;
  /** More missed deltas than this and a resuming viewer gets a snapshot instead. */
  maxResumeDeltas: number;
  /** How often lagging viewers are checked even without new deltas (ms). */
  scanIntervalMs: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = {
  backpressureLimit: 1024 * 1024,
  idleTimeoutSeconds: 60,
  maxResumeDeltas: 2000,
  scanIntervalMs: 1000,
};

interface Subscription {
  competition: string | null;
  encoding: Encoding;
}

interface ViewerData {
  /** From the URL, applied at open; null: wait for a subscribe message. */
  initial: SubscribeMessage | null;
  subscription: Subscription | null;
  lagging: boolean;
  open: boolean;
}

type Viewer = WebSocket<ViewerData>;

/** Largest message a viewer may send (a subscription is tiny); bigger closes the connection. */
const VIEWER_MAX_PAYLOAD = 4096;

/** Query `?competition=18&encoding=msgpack&epoch=E&seq=N` -> a subscription, null when none given. */
export function subscriptionFromQuery(get: (key: string) => string | undefined): SubscribeMessage | null {
  const competition = get('competition');
  const encoding = get('encoding');
  const epoch = get('epoch');
  const seq = get('seq');
  if (competition === undefined && encoding === undefined && epoch === undefined && seq === undefined) return null;
  const doc: Record<string, unknown> = { type: 'subscribe', competition: competition === undefined || competition === '' || competition === 'all' ? null : competition };
  if (encoding !== undefined) doc.encoding = encoding;
  if (epoch !== undefined || seq !== undefined) doc.resume = { epoch, seq: seq !== undefined && /^\d{1,15}$/.test(seq) ? Number(seq) : seq };
  return decodeSubscribe(JSON.stringify(doc));
}

export class LiveFeed {
  private readonly viewers = new Set<Viewer>();
  private readonly snapshotCache = new Map<string, Encoded>();
  private snapshotCacheKey = '';
  private scanScheduled = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly app: TemplatedApp,
    private readonly hub: LiveSource,
    private readonly metrics: StandardMetrics,
    private readonly options: LiveOptions,
  ) {
    hub.onDelta((d) => this.broadcast(d));
    hub.onReset(() => this.resetAll());
    this.timer = setInterval(() => this.scan(), options.scanIntervalMs);
    this.timer.unref();
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  behavior(): WebSocketBehavior<ViewerData> {
    const hardLimit = Math.max(8 * 1024 * 1024, 4 * this.options.backpressureLimit);
    return {
      maxPayloadLength: VIEWER_MAX_PAYLOAD,
      idleTimeout: this.options.idleTimeoutSeconds,
      sendPingsAutomatically: true,
      // Above this uWS itself drops published messages; we unsubscribe lagging viewers long before.
      maxBackpressure: hardLimit,
      closeOnBackpressureLimit: 0,
      upgrade: (res, req, context) => this.upgrade(res, req, context),
      open: (ws) => this.open(ws),
      message: (ws, message, isBinary) => this.message(ws, message, isBinary),
      drain: (ws) => this.drain(ws),
      close: (ws) => this.close(ws),
    };
  }

  /** Stops the background check (the app's sockets are closed by the server). */
  stop(): void {
    clearInterval(this.timer);
  }

  private upgrade(res: HttpResponse, req: HttpRequest, context: us_socket_context_t): void {
    const key = req.getHeader('sec-websocket-key');
    const protocol = req.getHeader('sec-websocket-protocol');
    const extensions = req.getHeader('sec-websocket-extensions');
    let initial: SubscribeMessage | null;
    try {
      const query = new URLSearchParams(req.getQuery() ?? '');
      initial = subscriptionFromQuery((k) => query.get(k) ?? undefined);
    } catch (e) {
      const why = e instanceof WireError ? e.message : String(e);
      res.cork(() => res.writeStatus('400 Bad Request').writeHeader('Content-Type', 'text/plain; charset=utf-8').end(`invalid subscription: ${why}\n`));
      return;
    }
    const data: ViewerData = { initial, subscription: null, lagging: false, open: false };
    res.upgrade(data, key, protocol, extensions, context);
  }

  private open(ws: Viewer): void {
    const data = ws.getUserData();
    data.open = true;
    this.viewers.add(ws);
    const encoding = data.initial?.encoding ?? 'json';
    ws.cork(() => {
      this.sendTo(ws, encodeFor(this.hello(), encoding));
      if (data.initial) this.subscribe(ws, data.initial);
    });
    data.initial = null;
  }

  private message(ws: Viewer, message: ArrayBuffer, isBinary: boolean): void {
    if (isBinary) {
      this.metrics.viewerMessagesIgnored.inc(1, { reason: 'binary' });
      return;
    }
    let sub: SubscribeMessage;
    try {
      sub = decodeSubscribe(new Uint8Array(message));
    } catch (e) {
      this.metrics.viewerMessagesIgnored.inc(1, { reason: e instanceof WireError ? e.code : 'invalid' });
      return;
    }
    ws.cork(() => this.subscribe(ws, sub));
  }

  private drain(ws: Viewer): void {
    const data = ws.getUserData();
    if (data.lagging && ws.getBufferedAmount() <= this.options.backpressureLimit / 4) this.catchUp(ws);
  }

  private close(ws: Viewer): void {
    ws.getUserData().open = false;
    this.viewers.delete(ws);
  }

  private hello(): ServerMessage {
    return { type: 'hello', protocol: PROTOCOL_VERSION, epoch: this.hub.epoch, seq: this.hub.seq };
  }

  /** (Re)subscribes: catch-up first (missed deltas or a snapshot), then the topic. */
  private subscribe(ws: Viewer, sub: SubscribeMessage): void {
    const data = ws.getUserData();
    for (const topic of ws.getTopics()) ws.unsubscribe(topic);
    data.subscription = { competition: sub.competition, encoding: sub.encoding };
    data.lagging = false;
    const missed = sub.resume ? this.missedDeltas(data.subscription, sub.resume) : null;
    if (missed) {
      this.metrics.resumes.inc(1, { outcome: 'deltas' });
      for (const m of missed) this.sendTo(ws, m);
    } else {
      if (sub.resume) this.metrics.resumes.inc(1, { outcome: 'snapshot' });
      this.sendSnapshot(ws, data.subscription);
    }
    // A catch-up that overflowed marked the viewer lagging: it subscribes when it has drained.
    if (!data.lagging) ws.subscribe(topicFor(sub.encoding, sub.competition));
  }

  /**
   * The encoded deltas a resuming viewer missed, or null when a snapshot is the answer: another
   * epoch, too far back, or the deltas would be bigger than the snapshot.
   */
  private missedDeltas(sub: Subscription, resume: { epoch: string; seq: number }): Encoded[] | null {
    const deltas = this.hub.deltasAfter(resume.epoch, resume.seq, this.options.maxResumeDeltas);
    if (!deltas) return null;
    const out: Encoded[] = [];
    let bytes = 0;
    const snapshotBytes = this.encodedSnapshot(sub).bytes;
    for (const d of deltas) {
      const part = sub.competition === null ? d : filterDelta(d, sub.competition);
      if (!part) continue;
      const e = encodeFor(part, sub.encoding);
      bytes += e.bytes;
      if (bytes > snapshotBytes) return null;
      out.push(e);
    }
    return out;
  }

  private encodedSnapshot(sub: Subscription): Encoded {
    const snapshot: Snapshot = this.hub.snapshot();
    const stateKey = `${snapshot.epoch}\u0000${snapshot.seq}`;
    if (stateKey !== this.snapshotCacheKey) {
      this.snapshotCache.clear();
      this.snapshotCacheKey = stateKey;
    }
    const key = `${sub.encoding}\u0000${sub.competition ?? ''}`;
    let e = this.snapshotCache.get(key);
    if (!e) {
      e = encodeFor(sub.competition === null ? snapshot : filterSnapshot(snapshot, sub.competition), sub.encoding);
      this.snapshotCache.set(key, e);
    }
    return e;
  }

  private sendSnapshot(ws: Viewer, sub: Subscription): void {
    this.metrics.snapshotsSent.inc();
    this.sendTo(ws, this.encodedSnapshot(sub));
  }

  private sendTo(ws: Viewer, e: Encoded): void {
    const status = ws.send(e.data, e.isBinary);
    // 2 = dropped over uWS's hard limit: the viewer's feed has a hole; bring it forward later.
    if (status === 2) this.markLagging(ws);
  }

  private broadcast(delta: Delta): void {
    for (const encoding of ENCODINGS) {
      const all = topicFor(encoding, null);
      if (this.app.numSubscribers(all) > 0) this.publish(all, encodeFor(delta, encoding));
      for (const c of delta.competitions) {
        const topic = topicFor(encoding, c.id);
        if (this.app.numSubscribers(topic) === 0) continue;
        const part = filterDelta(delta, c.id);
        if (part) this.publish(topic, encodeFor(part, encoding));
      }
    }
    this.scheduleScan();
  }

  private publish(topic: string, e: Encoded): void {
    this.app.publish(topic, e.data, e.isBinary);
  }

  /** A new epoch: every subscribed viewer gets the fresh (empty) snapshot. */
  private resetAll(): void {
    for (const ws of this.viewers) {
      const data = ws.getUserData();
      if (!data.subscription) continue;
      ws.cork(() => {
        this.sendTo(ws, encodeFor(this.hello(), data.subscription!.encoding));
        this.sendSnapshot(ws, data.subscription!);
      });
    }
  }

  private scheduleScan(): void {
    if (this.scanScheduled) return;
    this.scanScheduled = true;
    setImmediate(() => {
      this.scanScheduled = false;
      this.scan();
    });
  }

  /** Finds viewers over the limit (skip them) and lagging ones that drained (catch them up). */
  private scan(): void {
    const limit = this.options.backpressureLimit;
    for (const ws of this.viewers) {
      const data = ws.getUserData();
      if (!data.open || !data.subscription) continue;
      const buffered = ws.getBufferedAmount();
      if (!data.lagging && buffered > limit) this.markLagging(ws);
      else if (data.lagging && buffered <= limit / 4) this.catchUp(ws);
    }
  }

  private markLagging(ws: Viewer): void {
    const data = ws.getUserData();
    if (data.lagging) return;
    data.lagging = true;
    this.metrics.slowClientSkips.inc();
    for (const topic of ws.getTopics()) ws.unsubscribe(topic);
  }

  /** A lagging viewer drained: a fresh snapshot replaces everything it skipped. */
  private catchUp(ws: Viewer): void {
    const data = ws.getUserData();
    if (!data.open || !data.subscription) return;
    data.lagging = false;
    const sub = data.subscription;
    ws.cork(() => {
      this.sendSnapshot(ws, sub);
      ws.subscribe(topicFor(sub.encoding, sub.competition));
    });
  }
}

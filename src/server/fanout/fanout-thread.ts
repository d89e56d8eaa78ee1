// A fan-out thread (worker_threads entry): its own uWS app on the shared port, answering every
// route, because the kernel may hand it any connection. WS /live and the read-only HTTP routes run
// on a replica of the results fed by the main thread; /ingest and /metrics are relayed to the main
// thread, which owns the hub and the counters.
import { parentPort, workerData } from 'node:worker_threads';
import type { Delta, Snapshot } from '../../results/index.js';
import { ResultsStore } from '../../results/persistence/results-store.js';
import { registerHttpRoutes } from '../http-routes.js';
import { LiveFeed } from '../live.js';
import { loadStaticSite } from '../static-files.js';
import { tokenCheck } from '../token.js';
import { closeApp, closeListenSocket, createApp, listen, type us_listen_socket } from '../uws.js';
import type { FromThread, MetricIncrement, ThreadConfig, ToThread } from './messages.js';
import { relayedMetrics } from './relayed-metrics.js';
import { ResultsReplica } from './results-replica.js';
import { ThreadIngest } from './thread-ingest.js';

/** How often a changed viewer count is reported when nothing else is. */
const VIEWER_REPORT_MS = 100;

const port = parentPort!;
const config = workerData as ThreadConfig;
const post = (m: FromThread, transfer?: ArrayBuffer[]): void => port.postMessage(m, transfer);

// Increments are batched per event-loop turn: a burst of viewers costs one message.
let increments: MetricIncrement[] = [];
let flushScheduled = false;
let reportedViewers = -1;
const flushMetrics = (): void => {
  flushScheduled = false;
  const viewers = live.viewerCount;
  if (increments.length === 0 && viewers === reportedViewers) return;
  post({ type: 'metrics', increments, viewers });
  increments = [];
  reportedViewers = viewers;
};
const metrics = relayedMetrics((inc) => {
  increments.push(inc);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushMetrics);
  }
});

const store = openStoreReader();
const replica = new ResultsReplica(config.snapshot, config.recent, config.ringSize, store && ((epoch, seq, limit) => store.deltasAfter(epoch, seq, limit).map((d) => d.value)));

/** The hub's log, read-only; without it resumes from further back than the ring get a snapshot. */
function openStoreReader(): ResultsStore<Snapshot, Delta> | null {
  if (config.dbPath === null) return null;
  try {
    return ResultsStore.openReader<Snapshot, Delta>(config.dbPath);
  } catch (e) {
    post({ type: 'log', message: `cannot read the log (${e instanceof Error ? e.message : String(e)}): resumes beyond the memory ring get a snapshot` });
    return null;
  }
}

const app = createApp();
const live = new LiveFeed(app, replica, metrics, config.live);
const ingest = new ThreadIngest(tokenCheck(config.token), metrics, config.ingest, (m) => post({ type: 'ingest', ...m }, [m.bytes.buffer as ArrayBuffer]));

// /metrics: flush this thread's increments first; the port's order then puts them in the totals.
let nextRequest = 1;
const metricsWaiters = new Map<number, (text: string) => void>();
const metricsText = (): Promise<string> =>
  new Promise((resolve) => {
    flushMetrics();
    const id = nextRequest++;
    metricsWaiters.set(id, resolve);
    post({ type: 'metrics-request', id });
  });

app.ws('/live', live.behavior());
app.ws('/ingest', ingest.behavior());
registerHttpRoutes(app, replica, metricsText, loadStaticSite(config.webDir), config.startedAt);

const viewerTimer = setInterval(() => {
  if (live.viewerCount !== reportedViewers) flushMetrics();
}, VIEWER_REPORT_MS);

let listenSocket: us_listen_socket | null = null;
let stopped = false;

/** Closes every socket: uWS's native handles must be gone before the thread ends, or Node aborts. */
function stop(code: number): void {
  if (stopped) return;
  stopped = true;
  clearInterval(viewerTimer);
  live.stop();
  if (listenSocket) closeListenSocket(listenSocket);
  closeApp(app);
  store?.close();
  port.close();
  // Let uWS finish closing its sockets in this turn's callbacks, then end the thread.
  setImmediate(() => process.exit(code));
}

// A bug must not take the whole process down (an uncaught error would end the thread with its uWS
// sockets open, which aborts Node): report it, close cleanly, let the main thread restart us.
process.on('uncaughtException', (err) => {
  try {
    post({ type: 'crashed', message: err.stack ?? String(err) });
  } finally {
    stop(1);
  }
});

port.on('message', (m: ToThread) => {
  switch (m.type) {
    case 'delta':
      replica.applyDelta(m.delta);
      break;
    case 'reset':
      replica.reset(m.snapshot);
      break;
    case 'ingest-reply':
      ingest.deliver(m.conn, m.data, m.isBinary);
      break;
    case 'metrics-text':
      metricsWaiters.get(m.id)?.(m.text);
      metricsWaiters.delete(m.id);
      break;
    case 'close':
      stop(0);
      break;
    case 'crash':
      setImmediate(() => {
        throw new Error(`fan-out thread ${config.index}: crash requested (test)`);
      });
      break;
  }
});

listen(app, config.host, config.port, 'shared').then(
  (socket) => {
    listenSocket = socket;
    post({ type: 'listening' });
  },
  (err: unknown) => {
    post({ type: 'listen-failed', message: err instanceof Error ? err.message : String(err) });
    stop(1);
  },
);

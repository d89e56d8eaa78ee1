// The racewire server: one uWS app with the HTTP routes, WS /live and WS /ingest around one
// ResultsHub. The pipeline (capture mode) pushes list updates into `server.hub`; `racewire serve`
// only takes them from /ingest. With fanoutThreads > 1, more apps in worker threads listen on the
// same port (fanout/), so a burst of deltas is sent to the viewers from several cores.
import { DEFAULT_WIRE_LIMITS } from '../wire/index.js';
import type { Delta, Snapshot } from '../results/index.js';
import { ResultsStore } from '../results/persistence/results-store.js';
import type { StartEntry } from '../winlaufen/startlist/types.js';
import { registerHttpRoutes } from './http-routes.js';
import { DEFAULT_INGEST_OPTIONS, ingestBehavior, ingestMessageHandler, type FatalHandler, type IngestOptions } from './ingest.js';
import { DEFAULT_LIVE_OPTIONS, LiveFeed, type LiveOptions } from './live.js';
import { MetricsRegistry, registerStandardMetrics, type StandardMetrics } from './metrics.js';
import { ResultsHub } from './results-hub.js';
import { loadStaticSite, type StaticSite } from './static-files.js';
import { tokenCheck } from './token.js';
import { closeApp, closeListenSocket, createApp, listen, listenSocketPort, type TemplatedApp, type us_listen_socket } from './uws.js';
import { FanoutThreads } from './fanout/fanout-threads.js';
import { claimPortForSharing } from './fanout/shared-port.js';
import { defaultFanoutThreads, MAX_FANOUT_THREADS } from './fanout/thread-count.js';

export interface ServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Ingest token; null/undefined: /ingest refuses everything. */
  token?: string | null;
  /** SQLite file; null: in memory only. */
  dbPath: string | null;
  /** The overlay's web build; null or missing: a placeholder index. */
  webDir: string | null;
  /** Start a new epoch instead of continuing the stored one. */
  newEpoch?: boolean;
  live?: Partial<LiveOptions>;
  ingest?: Partial<IngestOptions>;
  ringSize?: number;
  snapshotEvery?: number;
  /** The start list in force (capture mode): restored rows then know which values it filled. */
  startList?: ReadonlyMap<number, StartEntry> | null;
  /** Shared registry (capture mode adds pipeline counters); a new one when absent. */
  metrics?: MetricsRegistry;
  /** The log could not be written: state and log may differ, the process should restart. */
  onFatal?: FatalHandler;
  /**
   * Threads that send to viewers (this one included): 1 = a single app, as before; more = that
   * many apps on the port (SO_REUSEPORT, after an exclusive probe). Default: defaultFanoutThreads().
   */
  fanoutThreads?: number;
  /** Fan-out thread crashes and restarts are reported here; default: stderr. */
  log?: (message: string) => void;
}

/** The fan-out threads beyond the main one, for tests and diagnostics. */
export interface FanoutControl {
  /** Threads sending to viewers, the main one included. */
  readonly threads: number;
  /** Live viewers per thread: [main thread, thread 1, ...]. */
  viewerCounts(): number[];
  /** Makes fan-out thread `index` (1..threads-1) throw an uncaught error, as a bug would (tests). */
  crashThread(index: number): void;
}

export interface RacewireServer {
  readonly host: string;
  readonly port: number;
  readonly hub: ResultsHub;
  readonly metrics: MetricsRegistry;
  readonly standardMetrics: StandardMetrics;
  readonly site: StaticSite;
  /** http://host:port */
  readonly url: string;
  readonly fanout: FanoutControl;
  /** Stops listening, closes every connection, compacts and closes the log. */
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startServer(options: ServerOptions): Promise<RacewireServer> {
  const startedAt = Date.now();
  const metrics = options.metrics ?? new MetricsRegistry();
  const standard = registerStandardMetrics(metrics);
  const store = options.dbPath === null ? null : ResultsStore.open<Snapshot, Delta>(options.dbPath);
  let hub: ResultsHub;
  try {
    hub = new ResultsHub({
      store,
      newEpoch: options.newEpoch ?? false,
      startList: options.startList ?? null,
      ...(options.ringSize !== undefined ? { ringSize: options.ringSize } : {}),
      ...(options.snapshotEvery !== undefined ? { snapshotEvery: options.snapshotEvery } : {}),
    });
  } catch (e) {
    store?.close();
    throw e;
  }
  hub.onDelta(() => standard.deltas.inc());
  metrics.gauge('racewire_rows', 'Result rows held in the results state, all competitions.', () => hub.rowCount());

  const threads = options.fanoutThreads ?? defaultFanoutThreads();
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_FANOUT_THREADS) {
    hub.close();
    throw new Error(`fanout threads must be an integer 1..${MAX_FANOUT_THREADS}, got ${threads}`);
  }
  const log = options.log ?? ((message: string) => void process.stderr.write(`racewire: ${message}\n`));

  const liveOptions: LiveOptions = { ...DEFAULT_LIVE_OPTIONS, ...options.live };
  const ingestOptions: IngestOptions = { ...DEFAULT_INGEST_OPTIONS, ...options.ingest };
  if (ingestOptions.maxMessageBytes > DEFAULT_WIRE_LIMITS.maxBytes) ingestOptions.maxMessageBytes = DEFAULT_WIRE_LIMITS.maxBytes;
  const onFatal: FatalHandler =
    options.onFatal ??
    ((err) => {
      process.stderr.write(`racewire: fatal: ${err.message}\n`);
    });
  const restarts = metrics.counter('racewire_fanout_thread_restarts_total', 'Fan-out threads restarted after a crash.');
  const perThread = metrics.gauge('racewire_fanout_thread_clients', 'Connected live viewers per thread (0 = main): shows how the kernel spreads them.');
  // Per-thread counts change without an event here: they are read when the page is rendered.
  const metricsText = (): string => {
    viewerCounts().forEach((n, i) => perThread.set(n, { thread: String(i) }));
    return metrics.render();
  };
  // Before the LiveFeed (see FanoutThreads' constructor).
  const fanout = threads === 1 ? null : new FanoutThreads({
    count: threads - 1,
    settings: {
      host: options.host,
      token: options.token ?? null,
      webDir: options.webDir,
      dbPath: options.dbPath,
      live: liveOptions,
      ingest: ingestOptions,
      ringSize: options.ringSize ?? 4096,
      startedAt,
    },
    hub,
    metrics: standard,
    restarts,
    ingest: ingestMessageHandler(hub, standard, ingestOptions, onFatal),
    metricsText,
    log,
  });
  const app: TemplatedApp = createApp();
  const live = new LiveFeed(app, hub, standard, liveOptions);
  const viewerCounts = (): number[] => [live.viewerCount, ...(fanout?.viewerCounts() ?? [])];
  metrics.gauge('racewire_clients', 'Connected live viewers, all threads.', () => live.viewerCount + (fanout?.viewerCount() ?? 0));
  metrics.gauge('racewire_fanout_threads', 'Threads sending to live viewers (the main thread included).', () => threads);

  app.ws('/live', live.behavior());
  app.ws('/ingest', ingestBehavior(hub, tokenCheck(options.token), standard, ingestOptions, onFatal));
  const site = loadStaticSite(options.webDir);
  registerHttpRoutes(app, hub, metricsText, site, startedAt);

  let socket: us_listen_socket;
  try {
    if (threads === 1) {
      socket = await listen(app, options.host, options.port, 'exclusive');
    } else {
      const port = await claimPortForSharing(options.host, options.port);
      socket = await listen(app, options.host, port, 'shared');
      try {
        await fanout!.start(port);
      } catch (e) {
        closeListenSocket(socket);
        throw e;
      }
    }
  } catch (e) {
    live.stop();
    closeApp(app);
    hub.close();
    throw e;
  }
  const port = listenSocketPort(socket);
  let closed: Promise<void> | null = null;

  return {
    host: options.host,
    port,
    hub,
    metrics,
    standardMetrics: standard,
    site,
    url: `http://${urlHost(options.host)}:${port}`,
    fanout: {
      threads,
      viewerCounts,
      crashThread: (index) => fanout?.crash(index),
    },
    close() {
      closed ??= (async () => {
        live.stop();
        closeListenSocket(socket);
        await fanout?.close();
        closeApp(app);
        hub.close();
      })();
      return closed;
    },
  };
}

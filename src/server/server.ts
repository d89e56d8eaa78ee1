// The racewire server: one uWS app with the HTTP routes, WS /live and WS /ingest around one
// ResultsHub. The pipeline (capture mode) pushes list updates into `server.hub`; `racewire serve`
// only takes them from /ingest.
import { DEFAULT_WIRE_LIMITS } from '../wire/index.js';
import type { Delta, Snapshot } from '../results/index.js';
import { ResultsStore } from '../results/persistence/results-store.js';
import type { StartEntry } from '../winlaufen/startlist/types.js';
import { registerHttpRoutes } from './http-routes.js';
import { DEFAULT_INGEST_OPTIONS, ingestBehavior, type FatalHandler, type IngestOptions } from './ingest.js';
import { DEFAULT_LIVE_OPTIONS, LiveFeed, type LiveOptions } from './live.js';
import { MetricsRegistry, registerStandardMetrics, type StandardMetrics } from './metrics.js';
import { ResultsHub } from './results-hub.js';
import { loadStaticSite, type StaticSite } from './static-files.js';
import { tokenCheck } from './token.js';
import { closeListenSocket, createApp, listen, listenSocketPort, type TemplatedApp, type us_listen_socket } from './uws.js';

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

  const app: TemplatedApp = createApp();
  const live = new LiveFeed(app, hub, standard, { ...DEFAULT_LIVE_OPTIONS, ...options.live });
  metrics.gauge('racewire_clients', 'Connected live viewers.', () => live.viewerCount);
  const onFatal: FatalHandler =
    options.onFatal ??
    ((err) => {
      process.stderr.write(`racewire: fatal: ${err.message}\n`);
    });
  const ingestOptions: IngestOptions = { ...DEFAULT_INGEST_OPTIONS, ...options.ingest };
  if (ingestOptions.maxMessageBytes > DEFAULT_WIRE_LIMITS.maxBytes) ingestOptions.maxMessageBytes = DEFAULT_WIRE_LIMITS.maxBytes;

  app.ws('/live', live.behavior());
  app.ws('/ingest', ingestBehavior(hub, tokenCheck(options.token), standard, ingestOptions, onFatal));
  const site = loadStaticSite(options.webDir);
  registerHttpRoutes(app, hub, metrics, site, startedAt);

  let socket: us_listen_socket;
  try {
    socket = await listen(app, options.host, options.port);
  } catch (e) {
    live.stop();
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
    close() {
      closed ??= (async () => {
        live.stop();
        closeListenSocket(socket);
        // uWS 20.30 has app.close() (closes every socket); the typings lag behind.
        (app as unknown as { close?: () => void }).close?.();
        hub.close();
      })();
      return closed;
    },
  };
}

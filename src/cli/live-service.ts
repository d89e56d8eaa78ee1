// What `racewire capture` and the demo run: packets -> pipeline -> results hub -> server on this
// machine, optionally forwarded to a relay, with the start list watched and the pipeline's counters
// on /metrics.
import type { RawPacket, TcpSegment } from '../capture/index.js';
import { Forwarder, DEFAULT_FORWARDER_OPTIONS } from '../forward/forwarder.js';
import { Pipeline, defaultPipelineOptions, type PipelineCounters } from '../pipeline/pipeline.js';
import { startServer, type RacewireServer } from '../server/index.js';
import { formatStartListReport } from '../winlaufen/index.js';
import { watchStartList, type StartListWatcher } from '../winlaufen/startlist/watch-startlist.js';

export interface LiveServiceOptions {
  host: string;
  port: number;
  /** SQLite file; null keeps results in memory (the demo). */
  dbPath: string | null;
  webDir: string;
  /** Token for /ingest on this machine; null refuses ingest. */
  token: string | null;
  startlist: string | null;
  workers: number;
  forward: { url: string; token: string } | null;
  newEpoch: boolean;
  /** Threads sending to viewers (server option fanoutThreads). */
  fanoutThreads: number;
  log: (message: string) => void;
}

export interface LiveService {
  readonly server: RacewireServer;
  readonly pipeline: Pipeline;
  readonly forwarder: Forwarder | null;
  packet(pkt: RawPacket): void;
  segment(seg: TcpSegment): void;
  close(): Promise<void>;
}

export async function startLiveService(options: LiveServiceOptions): Promise<LiveService> {
  const server = await startServer({
    host: options.host,
    port: options.port,
    token: options.token,
    dbPath: options.dbPath,
    webDir: options.webDir,
    newEpoch: options.newEpoch,
    fanoutThreads: options.fanoutThreads,
    log: options.log,
  });
  const hub = server.hub;
  const pipeline = new Pipeline(
    { ...defaultPipelineOptions, workers: options.workers },
    { update: (_stream, update) => void hub.applyListUpdate(update), log: options.log },
  );

  hub.onReset(() => pipeline.resultsReset());

  let watcher: StartListWatcher | null = null;
  if (options.startlist) {
    watcher = watchStartList(options.startlist, {
      onLoad: (list) => {
        options.log(`start list ${options.startlist}: ${formatStartListReport(list.report)}`);
        hub.setStartList(list.entries);
      },
      onError: (err) => options.log(`start list ${options.startlist}: ${err.message} (keeping the previous one)`),
    });
  }

  let forwarder: Forwarder | null = null;
  if (options.forward) {
    forwarder = new Forwarder(hub, { ...DEFAULT_FORWARDER_OPTIONS, ...options.forward, log: options.log });
    forwarder.start();
  }

  // The pipeline counts in plain numbers on its hot path; /metrics gets the increments once a second.
  const m = server.standardMetrics;
  let last: PipelineCounters = { ...pipeline.counters };
  let lastRestarts = 0;
  const publish = (): void => {
    const c = pipeline.counters;
    m.packets.inc(c.packets - last.packets);
    m.bytes.inc(c.bytes - last.bytes);
    m.gaps.inc(c.gaps - last.gaps);
    m.parseErrors.inc(c.parseErrors - last.parseErrors);
    m.workerRestarts.inc(pipeline.workerRestarts - lastRestarts);
    last = { ...c };
    lastRestarts = pipeline.workerRestarts;
    pipeline.tick((performance.timeOrigin + performance.now()) * 1000);
  };
  const timer = setInterval(publish, 1000);
  timer.unref();

  return {
    server,
    pipeline,
    forwarder,
    packet: (pkt) => pipeline.packet(pkt),
    segment: (seg) => pipeline.segment(seg),
    async close() {
      clearInterval(timer);
      watcher?.close();
      await pipeline.end();
      publish();
      if (forwarder) {
        // Give the relay a moment to take what is still queued; the local log keeps the rest.
        await Promise.race([forwarder.whenIdle(), new Promise((r) => setTimeout(r, 2000))]);
        forwarder.close();
      }
      await server.close();
    },
  };
}

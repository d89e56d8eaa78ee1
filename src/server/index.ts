// The server stage's public surface: start a server, push results into its hub, add metrics.
export { startServer, type FanoutControl, type RacewireServer, type ServerOptions } from './server.js';
export { defaultFanoutThreads, MAX_FANOUT_THREADS } from './fanout/thread-count.js';
export { ResultsHub, type ResultsHubOptions, type ForwardOutcome } from './results-hub.js';
export { MetricsRegistry, registerStandardMetrics, type Counter, type Gauge, type StandardMetrics } from './metrics.js';
export { DEFAULT_LIVE_OPTIONS, type LiveOptions } from './live.js';
export { DEFAULT_INGEST_OPTIONS, type IngestOptions } from './ingest.js';
export type { IngestAck, IngestResync, IngestReply } from './ingest-replies.js';

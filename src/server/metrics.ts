// A small Prometheus registry: metrics are registered by name, so every stage (capture, pipeline,
// ingest, live) can add its own counters to the one `/metrics` page without knowing the others.
// Exposition follows the Prometheus text format 0.0.4.

export type Labels = Readonly<Record<string, string>>;

export interface Counter {
  inc(by?: number, labels?: Labels): void;
  get(labels?: Labels): number;
}

export interface Gauge {
  set(value: number, labels?: Labels): void;
  inc(by?: number, labels?: Labels): void;
  get(labels?: Labels): number;
}

type Kind = 'counter' | 'gauge';

interface Family {
  name: string;
  help: string;
  kind: Kind;
  /** Label set (rendered) -> value; '' is the set without labels. */
  values: Map<string, number>;
  /** For gauges whose value is read when scraped (e.g. connected clients). */
  collect?: () => number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function renderLabels(labels: Labels | undefined): string {
  if (!labels) return '';
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  const parts = keys.map((k) => {
    if (!LABEL_NAME.test(k)) throw new Error(`invalid metric label name: ${k}`);
    const v = String(labels[k]).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
    return `${k}="${v}"`;
  });
  return `{${parts.join(',')}}`;
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

export class MetricsRegistry {
  private readonly families = new Map<string, Family>();

  /** Registers (or returns the already registered) counter `name`; counters only go up. */
  counter(name: string, help: string): Counter {
    const family = this.family(name, help, 'counter');
    return {
      inc: (by = 1, labels) => {
        if (!(by >= 0)) throw new Error(`counter ${name} cannot decrease (inc by ${by})`);
        const key = renderLabels(labels);
        family.values.set(key, (family.values.get(key) ?? 0) + by);
      },
      get: (labels) => family.values.get(renderLabels(labels)) ?? 0,
    };
  }

  gauge(name: string, help: string, collect?: () => number): Gauge {
    const family = this.family(name, help, 'gauge');
    if (collect) family.collect = collect;
    return {
      set: (value, labels) => void family.values.set(renderLabels(labels), value),
      inc: (by = 1, labels) => {
        const key = renderLabels(labels);
        family.values.set(key, (family.values.get(key) ?? 0) + by);
      },
      get: (labels) => (family.collect && !labels ? family.collect() : family.values.get(renderLabels(labels)) ?? 0),
    };
  }

  /** The text a Prometheus scraper reads. Registered metrics appear even before their first event. */
  render(): string {
    const out: string[] = [];
    for (const f of this.families.values()) {
      out.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
      out.push(`# TYPE ${f.name} ${f.kind}`);
      if (f.collect) {
        out.push(`${f.name} ${formatValue(f.collect())}`);
      } else if (f.values.size === 0) {
        out.push(`${f.name} 0`);
      } else {
        for (const [labels, v] of f.values) out.push(`${f.name}${labels} ${formatValue(v)}`);
      }
    }
    return out.join('\n') + '\n';
  }

  private family(name: string, help: string, kind: Kind): Family {
    if (!METRIC_NAME.test(name)) throw new Error(`invalid metric name: ${name}`);
    const existing = this.families.get(name);
    if (existing) {
      if (existing.kind !== kind) throw new Error(`metric ${name} is already registered as a ${existing.kind}`);
      return existing;
    }
    const family: Family = { name, help, kind, values: new Map() };
    this.families.set(name, family);
    return family;
  }
}

/** The metrics the issue names, registered up front so `/metrics` always lists them. */
export function registerStandardMetrics(registry: MetricsRegistry) {
  return {
    packets: registry.counter('racewire_packets_total', 'Captured packets seen by the capture stage.'),
    bytes: registry.counter('racewire_bytes_total', 'Payload bytes handed to the parser.'),
    gaps: registry.counter('racewire_gaps_total', 'Holes in a reassembled TCP stream.'),
    parseErrors: registry.counter('racewire_parse_errors_total', 'Java-serialization parse errors (resynchronised).'),
    rows: registry.gauge('racewire_rows', 'Result rows held in the results state, all competitions.'),
    deltas: registry.counter('racewire_deltas_total', 'Deltas applied to the results state.'),
    clients: registry.gauge('racewire_clients', 'Connected live viewers.'),
    ingestConnections: registry.gauge('racewire_ingest_connections', 'Open /ingest connections (forwarders, JSON senders).'),
    ingestMessages: registry.counter('racewire_ingest_messages_total', 'Messages accepted on /ingest, by kind.'),
    ingestRejections: registry.counter('racewire_ingest_rejections_total', 'Messages or connections refused on /ingest, by reason.'),
    workerRestarts: registry.counter('racewire_worker_restarts_total', 'Parser workers restarted after a crash or stall.'),
    viewerMessagesIgnored: registry.counter('racewire_viewer_messages_ignored_total', 'Messages from live viewers that were not a subscription.'),
    slowClientSkips: registry.counter('racewire_slow_client_skips_total', 'Live viewers skipped forward to a snapshot because they fell behind.'),
    snapshotsSent: registry.counter('racewire_snapshots_sent_total', 'Snapshots sent to live viewers.'),
    resumes: registry.counter('racewire_resumes_total', 'Live viewers resumed by sequence number, by outcome.'),
  };
}

export type StandardMetrics = ReturnType<typeof registerStandardMetrics>;

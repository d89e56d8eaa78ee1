// Writes every direction of every connection to its own file, from StreamEvents: the I/O edge of
// `racewire follow`. Data is copied into a per-direction buffer during the event (event bytes are only
// valid then) and appended to the file when the buffer fills or the direction closes; files are opened
// only for that append, so thousands of connections never exhaust file descriptors.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { CloseReason, GapReason, StreamEndpoints, StreamEvent, StreamLoss } from './types.js';

const FLUSH_BYTES = 256 * 1024;

export interface FlowSummary {
  stream: string;
  connection: number;
  /** File name inside the output directory. */
  file: string;
  endpoints: StreamEndpoints;
  sawSyn: boolean;
  /** Bytes written (captured bytes only, in stream order). */
  bytes: number;
  /** Stream offset where the direction ended (bytes + gap lengths). */
  endOffset: number;
  gaps: Array<{ offset: number; length: number; reason: GapReason }>;
  close: CloseReason | null;
  loss: Omit<StreamLoss, 'gaps' | 'stream' | 'connection'> | null;
}

/**
 * File name of a direction: `<srcip>.<srcport>-<dstip>.<dstport>.bin`; IPv6 addresses with ':' written
 * as '_' (portable file names); the n-th reuse of a 4-tuple (n >= 1) gets `~n` before `.bin`.
 */
export function flowFileName(e: StreamEndpoints, connection: number): string {
  const ip = (a: string) => a.replaceAll(':', '_');
  return `${ip(e.srcIp)}.${e.srcPort}-${ip(e.dstIp)}.${e.dstPort}${connection > 0 ? `~${connection}` : ''}.bin`;
}

interface OpenFlow {
  summary: FlowSummary;
  path: string;
  buf: Uint8Array;
  used: number;
  created: boolean;
}

export class StreamFileWriter {
  /** Every direction seen, in order of appearance. */
  readonly flows: FlowSummary[] = [];
  private readonly open = new Map<string, OpenFlow>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  readonly onEvent = (ev: StreamEvent): void => {
    if (ev.type === 'open') {
      const file = flowFileName(ev.endpoints, ev.connection);
      const summary: FlowSummary = { stream: ev.stream, connection: ev.connection, file, endpoints: ev.endpoints, sawSyn: ev.sawSyn, bytes: 0, endOffset: 0, gaps: [], close: null, loss: null };
      this.flows.push(summary);
      const flow: OpenFlow = { summary, path: join(this.dir, file), buf: new Uint8Array(0), used: 0, created: false };
      this.open.set(ev.stream, flow);
      this.flush(flow); // creates the (possibly empty) file
      return;
    }
    const flow = this.open.get(ev.stream);
    if (!flow) return;
    const s = flow.summary;
    if (ev.type === 'data') {
      this.append(flow, ev.bytes);
      s.bytes += ev.bytes.length;
      s.endOffset = ev.offset + ev.bytes.length;
    } else if (ev.type === 'gap') {
      s.gaps.push({ offset: ev.offset, length: ev.length, reason: ev.reason });
      s.endOffset = ev.offset + ev.length;
    } else {
      s.close = ev.reason;
      s.endOffset = ev.offset;
      if (ev.loss) {
        const { gaps: _g, stream: _s, connection: _c, ...counters } = ev.loss;
        s.loss = counters;
      }
      this.flush(flow);
      this.open.delete(ev.stream);
    }
  };

  /** Writes what is still buffered (directions not closed yet). */
  finish(): void {
    for (const flow of this.open.values()) this.flush(flow);
    this.open.clear();
  }

  private append(flow: OpenFlow, bytes: Uint8Array): void {
    if (flow.used + bytes.length > flow.buf.length) {
      this.flush(flow);
      if (bytes.length >= FLUSH_BYTES) return this.write(flow, bytes);
      if (flow.buf.length < FLUSH_BYTES) flow.buf = new Uint8Array(FLUSH_BYTES);
    }
    flow.buf.set(bytes, flow.used);
    flow.used += bytes.length;
  }

  private flush(flow: OpenFlow): void {
    this.write(flow, flow.buf.subarray(0, flow.used));
    flow.used = 0;
  }

  private write(flow: OpenFlow, bytes: Uint8Array): void {
    if (bytes.length === 0 && flow.created) return;
    const fd = openSync(flow.path, flow.created ? 'a' : 'w');
    flow.created = true;
    try {
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
    } finally {
      closeSync(fd);
    }
  }
}

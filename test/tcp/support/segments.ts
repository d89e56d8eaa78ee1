// Builders for crafted TcpSegment sequences and a collector that turns StreamEvents into streams.
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, type TcpSegment } from '../../../src/capture/types.js';
import type { GapReason, StreamEvent, StreamLoss } from '../../../src/tcp/types.js';

export { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN };

export interface Endpoint {
  ip: string;
  port: number;
}

/** A scripted connection: tracks both sides' sequence numbers so tests only say what happens. */
export class Conv {
  readonly segs: TcpSegment[] = [];
  ts = 1_000_000;
  constructor(
    readonly client: Endpoint = { ip: '10.0.0.1', port: 40000 },
    readonly server: Endpoint = { ip: '10.0.0.2', port: 8080 },
  ) {}

  seg(from: 'c' | 's', seq: number, ack: number, flags: number, payload: string | Uint8Array = '', opts: { window?: number; missing?: number; dt?: number } = {}): this {
    this.ts += opts.dt ?? 1000;
    const [a, b] = from === 'c' ? [this.client, this.server] : [this.server, this.client];
    this.segs.push({
      ts: this.ts,
      srcIp: a.ip,
      srcPort: a.port,
      dstIp: b.ip,
      dstPort: b.port,
      seq: seq >>> 0,
      ack: ack >>> 0,
      flags,
      window: opts.window ?? 65535,
      payload: typeof payload === 'string' ? new TextEncoder().encode(payload) : payload,
      missingPayload: opts.missing ?? 0,
    });
    return this;
  }
}

export interface CollectedStream {
  connection: number;
  sawSyn: boolean;
  /** Delivered bytes, concatenated (gaps leave no filler). */
  bytes: Uint8Array;
  text: string;
  gaps: Array<{ offset: number; length: number; reason: GapReason }>;
  close?: { offset: number; reason: string; loss?: StreamLoss };
  /** Every data event was contiguous with the last data/gap. */
  contiguous: boolean;
}

/** Collects events per `stream#connection`; copies bytes (they are only valid during the callback). */
export class Collector {
  readonly streams = new Map<string, CollectedStream & { parts: Uint8Array[]; next: number }>();
  readonly order: string[] = [];
  private current = new Map<string, string>();
  readonly onEvent = (ev: StreamEvent): void => {
    if (ev.type === 'open') {
      const key = `${ev.stream}#${ev.connection}`;
      this.current.set(ev.stream, key);
      this.order.push(key);
      this.streams.set(key, { connection: ev.connection, sawSyn: ev.sawSyn, bytes: new Uint8Array(), text: '', gaps: [], contiguous: true, parts: [], next: 0 });
      return;
    }
    const s = this.streams.get(this.current.get(ev.stream)!)!;
    if (ev.type === 'data') {
      if (ev.offset !== s.next) s.contiguous = false;
      s.parts.push(ev.bytes.slice());
      s.next = ev.offset + ev.bytes.length;
    } else if (ev.type === 'gap') {
      if (ev.offset !== s.next) s.contiguous = false;
      s.gaps.push({ offset: ev.offset, length: ev.length, reason: ev.reason });
      s.next = ev.offset + ev.length;
    } else {
      s.close = { offset: ev.offset, reason: ev.reason, loss: ev.loss };
    }
  };

  /** The stream laid out by offset: delivered bytes in place, gaps zero-filled (see `gaps`). */
  layout(stream: string, connection = 0): { bytes: Buffer; gaps: CollectedStream['gaps']; ranges: Array<[number, number]> } {
    const s = this.streams.get(`${stream}#${connection}`);
    if (!s) throw new Error(`no stream ${stream}#${connection}; have ${[...this.streams.keys()].join(', ')}`);
    const bytes = Buffer.alloc(s.next);
    const ranges: Array<[number, number]> = [];
    let at = 0;
    let part = 0;
    const events = [...s.gaps.map((g) => ({ offset: g.offset, gap: g.length }))];
    // Parts are in order and contiguous around gaps: walk both lists by offset.
    let gi = 0;
    while (part < s.parts.length || gi < events.length) {
      if (gi < events.length && events[gi]!.offset === at) {
        at += events[gi]!.gap;
        gi++;
        continue;
      }
      const p = s.parts[part++]!;
      bytes.set(p, at);
      ranges.push([at, at + p.length]);
      at += p.length;
    }
    return { bytes, gaps: s.gaps, ranges };
  }

  get(stream: string, connection = 0): CollectedStream {
    const s = this.streams.get(`${stream}#${connection}`);
    if (!s) throw new Error(`no stream ${stream}#${connection}; have ${[...this.streams.keys()].join(', ')}`);
    const total = s.parts.reduce((n, p) => n + p.length, 0);
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const p of s.parts) {
      bytes.set(p, at);
      at += p.length;
    }
    return { ...s, bytes, text: new TextDecoder('latin1').decode(bytes) };
  }
}

export const C2S = '10.0.0.1:40000->10.0.0.2:8080';
export const S2C = '10.0.0.2:8080->10.0.0.1:40000';

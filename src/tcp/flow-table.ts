// Direction lookup by 4-tuple without building a string key per packet: a Map keyed by a small-integer
// mix of the port pair (kept below 2^30 so V8 needs no heap number per lookup), each entry a short
// chain of directions compared by ports and address text (the decoder hands out the same cached
// string objects, so the comparison is usually an identity check).
import type { HalfStream } from './half-stream.js';

interface Slot {
  hs: HalfStream;
  next: Slot | null;
}

export class FlowTable {
  private readonly map = new Map<number, Slot>();

  get(srcIp: string, srcPort: number, dstIp: string, dstPort: number): HalfStream | undefined {
    for (let s: Slot | null | undefined = this.map.get(portKey(srcPort, dstPort)); s; s = s.next) {
      const e = s.hs.endpoints;
      if (e.srcPort === srcPort && e.dstPort === dstPort && e.srcIp === srcIp && e.dstIp === dstIp) return s.hs;
    }
    return undefined;
  }

  /** Adds `hs` under its endpoints, replacing a direction with the same endpoints. */
  set(hs: HalfStream): void {
    const e = hs.endpoints;
    this.delete(e.srcIp, e.srcPort, e.dstIp, e.dstPort);
    const key = portKey(e.srcPort, e.dstPort);
    this.map.set(key, { hs, next: this.map.get(key) ?? null });
  }

  /** Removes `hs` if it is the direction stored under its endpoints. */
  deleteStream(hs: HalfStream): void {
    const e = hs.endpoints;
    if (this.get(e.srcIp, e.srcPort, e.dstIp, e.dstPort) === hs) this.delete(e.srcIp, e.srcPort, e.dstIp, e.dstPort);
  }

  clear(): void {
    this.map.clear();
  }

  private delete(srcIp: string, srcPort: number, dstIp: string, dstPort: number): void {
    const key = portKey(srcPort, dstPort);
    let prev: Slot | null = null;
    for (let s: Slot | null | undefined = this.map.get(key); s; prev = s, s = s.next) {
      const e = s.hs.endpoints;
      if (e.srcPort !== srcPort || e.dstPort !== dstPort || e.srcIp !== srcIp || e.dstIp !== dstIp) continue;
      if (prev) prev.next = s.next;
      else if (s.next) this.map.set(key, s.next);
      else this.map.delete(key);
      return;
    }
  }
}

function portKey(srcPort: number, dstPort: number): number {
  return ((srcPort << 14) ^ dstPort) & 0x3fffffff;
}

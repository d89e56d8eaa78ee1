// Crafted frames for decoder edge cases that real loopback traffic cannot produce (fragments, routing
// headers, AH, ESP, damaged headers). Checksums are left zero: the decoder does not verify them.

export function tcpHeader(o: { srcPort?: number; dstPort?: number; seq?: number; ack?: number; flags?: number; window?: number; optionWords?: number } = {}): Uint8Array {
  const words = 5 + (o.optionWords ?? 0);
  const b = new Uint8Array(words * 4);
  const v = new DataView(b.buffer);
  v.setUint16(0, o.srcPort ?? 1234);
  v.setUint16(2, o.dstPort ?? 80);
  v.setUint32(4, o.seq ?? 1000);
  v.setUint32(8, o.ack ?? 2000);
  b[12] = words << 4;
  b[13] = o.flags ?? 0x18;
  v.setUint16(14, o.window ?? 512);
  b.fill(1, 20); // NOP options
  return b;
}

export function ipv4(payload: Uint8Array, o: { protocol?: number; fragment?: number; options?: Uint8Array; totalLength?: number; src?: number[]; dst?: number[] } = {}): Uint8Array {
  const opts = o.options ?? new Uint8Array(0);
  const ihl = 20 + opts.length;
  const b = new Uint8Array(ihl + payload.length);
  const v = new DataView(b.buffer);
  b[0] = 0x40 | (ihl / 4);
  v.setUint16(2, o.totalLength ?? b.length);
  v.setUint16(4, 0x1234);
  v.setUint16(6, o.fragment ?? 0x4000); // DF
  b[8] = 64;
  b[9] = o.protocol ?? 6;
  b.set(o.src ?? [10, 0, 0, 1], 12);
  b.set(o.dst ?? [10, 0, 0, 2], 16);
  b.set(opts, 20);
  b.set(payload, ihl);
  return b;
}

/** `chain`: extension headers as [type, bytes-with-next-header-placeholder]; the last one's next is `protocol`. */
export function ipv6(payload: Uint8Array, o: { chain?: Array<[number, Uint8Array]>; protocol?: number; payloadLength?: number; src?: Uint8Array; dst?: Uint8Array } = {}): Uint8Array {
  const chain = o.chain ?? [];
  const extBytes = chain.reduce((n, [, h]) => n + h.length, 0);
  const b = new Uint8Array(40 + extBytes + payload.length);
  const v = new DataView(b.buffer);
  b[0] = 0x60;
  v.setUint16(4, o.payloadLength ?? extBytes + payload.length);
  b[6] = chain.length ? chain[0]![0] : o.protocol ?? 6;
  b[7] = 64;
  b.set(o.src ?? ip6('2001:db8::1'), 8);
  b.set(o.dst ?? ip6('2001:db8::2'), 24);
  let p = 40;
  chain.forEach(([, h], i) => {
    b.set(h, p);
    b[p] = i + 1 < chain.length ? chain[i + 1]![0] : o.protocol ?? 6;
    p += h.length;
  });
  b.set(payload, p);
  return b;
}

/** An IPv6 extension header of `bytes` length in 8-octet units form (hop-by-hop, routing, dest opts). */
export function extensionHeader(bytes: number): Uint8Array {
  const h = new Uint8Array(bytes);
  h[1] = bytes / 8 - 1;
  return h;
}

export function fragmentHeader(offsetBytes: number, more: boolean): Uint8Array {
  const h = new Uint8Array(8);
  new DataView(h.buffer).setUint16(2, offsetBytes | (more ? 1 : 0));
  return h;
}

/** AH: length field counts 4-octet units minus 2. */
export function authHeader(bytes: number): Uint8Array {
  const h = new Uint8Array(bytes);
  h[1] = bytes / 4 - 2;
  return h;
}

export function ethernet(etherType: number, payload: Uint8Array, tags: number[] = []): Uint8Array {
  const b = new Uint8Array(14 + tags.length * 4 + payload.length);
  const v = new DataView(b.buffer);
  let p = 12;
  for (const tpid of tags) {
    v.setUint16(p, tpid);
    v.setUint16(p + 2, 7);
    p += 4;
  }
  v.setUint16(p, etherType);
  b.set(payload, p + 2);
  return b;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const b = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    b.set(p, o);
    o += p.length;
  }
  return b;
}

export function ip6(text: string): Uint8Array {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const b = new Uint8Array(16);
  groups.forEach((g, i) => new DataView(b.buffer).setUint16(i * 2, parseInt(g, 16)));
  return b;
}

export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

// A growable big-endian byte buffer: the writer appends, `take()` hands the bytes out as one chunk.
import { modifiedUtf8Length, writeModifiedUtf8 } from './modified-utf8.js';

export class ByteSink {
  private buf: Buffer;
  private len = 0;

  constructor(initialCapacity = 4096) {
    this.buf = Buffer.allocUnsafe(initialCapacity);
  }

  get length(): number {
    return this.len;
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  u8(v: number): void {
    this.reserve(1);
    this.buf[this.len++] = v & 0xff;
  }

  u16(v: number): void {
    this.reserve(2);
    this.buf.writeUInt16BE(v, this.len);
    this.len += 2;
  }

  i32(v: number): void {
    this.reserve(4);
    this.buf.writeInt32BE(v, this.len);
    this.len += 4;
  }

  i64(v: bigint): void {
    this.reserve(8);
    this.buf.writeBigInt64BE(v, this.len);
    this.len += 8;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** Modified UTF-8 without a length prefix (the caller writes the prefix it needs). */
  modifiedUtf8(text: string, byteLength = modifiedUtf8Length(text)): void {
    this.reserve(byteLength);
    this.len = writeModifiedUtf8(text, this.buf, this.len);
  }

  /** The bytes appended since the last take, as a Buffer of their own. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.len));
    this.len = 0;
    return out;
  }
}

// A Java Object Serialization writer for the simulator: it produces the bytes the JDK's
// ObjectOutputStream would for the same sequence of writeObject/reset/write calls, handles
// included (base 0x7E0000; class descs, strings, objects and arrays numbered in JDK order).
// Streaming: `flush()` returns what was written since the previous flush, ready to append.
import { ByteSink } from './byte-sink.js';
import { modifiedUtf8Length } from './modified-utf8.js';
import {
  INTEGER_DESC,
  JavaInteger,
  JavaSharedString,
  JavaStringArray,
  STRING_ARRAY_DESC,
  type ClassDesc,
  type JavaWritable,
} from './java-values.js';

export const STREAM_MAGIC = 0xaced;
export const STREAM_VERSION = 5;
export const BASE_WIRE_HANDLE = 0x7e0000;

const TC_NULL = 0x70;
const TC_REFERENCE = 0x71;
const TC_CLASSDESC = 0x72;
const TC_OBJECT = 0x73;
const TC_STRING = 0x74;
const TC_ARRAY = 0x75;
const TC_BLOCKDATA = 0x77;
const TC_ENDBLOCKDATA = 0x78;
const TC_RESET = 0x79;
const TC_BLOCKDATALONG = 0x7a;
const TC_LONGSTRING = 0x7c;

/** ObjectOutputStream's block-data buffer size: primitive data is cut into blocks of at most this. */
const MAX_BLOCK_SIZE = 1024;

export class JavaStreamWriter {
  private readonly out = new ByteSink();
  /** Handle of every instance written since the last reset, by identity (like the JDK's HandleTable). */
  private handles = new Map<object, number>();
  /** Interned field type signatures are shared String instances in the JDK, so they share handles too. */
  private typeStrings = new Map<string, number>();
  private next = BASE_WIRE_HANDLE;
  private pendingBlock: number[] = [];

  /** Starts a new stream: the 4 header bytes (as `new ObjectOutputStream(out)` writes them). */
  constructor() {
    this.out.u16(STREAM_MAGIC);
    this.out.u16(STREAM_VERSION);
  }

  /** The handle the next new string/object/array/class desc will get. */
  get nextHandle(): number {
    return this.next;
  }

  writeObject(value: JavaWritable): void {
    this.drainBlock();
    this.writeValue(value);
  }

  /** Primitive data at top level (ObjectOutputStream.write): becomes TC_BLOCKDATA/TC_BLOCKDATALONG. */
  writeBytes(bytes: Uint8Array): void {
    for (const b of bytes) {
      this.pendingBlock.push(b);
      if (this.pendingBlock.length === MAX_BLOCK_SIZE) this.drainBlock();
    }
  }

  /** ObjectOutputStream.reset(): TC_RESET, and every instance counts as new again. */
  reset(): void {
    this.drainBlock();
    this.out.u8(TC_RESET);
    this.handles = new Map();
    this.typeStrings = new Map();
    this.next = BASE_WIRE_HANDLE;
  }

  /** ObjectOutputStream.flush(): the bytes written since the last flush. */
  flush(): Buffer {
    this.drainBlock();
    return this.out.take();
  }

  private assign(instance: object): void {
    this.handles.set(instance, this.next++);
  }

  private writeReference(handle: number): void {
    this.out.u8(TC_REFERENCE);
    this.out.i32(handle);
  }

  private drainBlock(): void {
    const n = this.pendingBlock.length;
    if (n === 0) return;
    if (n <= 0xff) {
      this.out.u8(TC_BLOCKDATA);
      this.out.u8(n);
    } else {
      this.out.u8(TC_BLOCKDATALONG);
      this.out.i32(n);
    }
    this.out.bytes(Uint8Array.from(this.pendingBlock));
    this.pendingBlock = [];
  }

  private writeValue(value: JavaWritable): void {
    if (value === null) {
      this.out.u8(TC_NULL);
    } else if (typeof value === 'string') {
      this.writeNewString(value, null);
    } else {
      const handle = this.handles.get(value);
      if (handle !== undefined) this.writeReference(handle);
      else if (value instanceof JavaSharedString) this.writeNewString(value.value, value);
      else if (value instanceof JavaInteger) this.writeInteger(value);
      else if (value instanceof JavaStringArray) this.writeStringArray(value);
      else throw new TypeError(`cannot serialize ${String(value)}`);
    }
  }

  /** writeString: the handle is assigned before the bytes, TC_LONGSTRING past 65535 UTF bytes. */
  private writeNewString(text: string, instance: object | null): void {
    if (instance) this.assign(instance);
    else this.next++; // a fresh instance: it gets a handle nobody can refer to again
    const utfLength = modifiedUtf8Length(text);
    if (utfLength <= 0xffff) {
      this.out.u8(TC_STRING);
      this.out.u16(utfLength);
    } else {
      this.out.u8(TC_LONGSTRING);
      this.out.i64(BigInt(utfLength));
    }
    this.out.modifiedUtf8(text, utfLength);
  }

  /** writeOrdinaryObject: class desc first, then the object's handle, then field values. */
  private writeInteger(value: JavaInteger): void {
    this.out.u8(TC_OBJECT);
    this.writeClassDesc(INTEGER_DESC);
    this.assign(value);
    this.out.i32(value.value);
  }

  /** writeArray: class desc first, then the array's handle, then length and elements. */
  private writeStringArray(value: JavaStringArray): void {
    this.out.u8(TC_ARRAY);
    this.writeClassDesc(STRING_ARRAY_DESC);
    this.assign(value);
    this.out.i32(value.items.length);
    for (const item of value.items) this.writeValue(item);
  }

  /** writeNonProxyDesc: handle assigned before the descriptor, super desc after its annotation. */
  private writeClassDesc(desc: ClassDesc | null): void {
    if (desc === null) {
      this.out.u8(TC_NULL);
      return;
    }
    const handle = this.handles.get(desc);
    if (handle !== undefined) {
      this.writeReference(handle);
      return;
    }
    this.out.u8(TC_CLASSDESC);
    this.assign(desc);
    this.writeUtf(desc.name);
    this.out.i64(desc.suid);
    this.out.u8(desc.flags);
    // ObjectStreamClass orders fields primitives first, then objects, each by name (as the JDK does).
    const fields = [...desc.fields].sort((a, b) => {
      const pa = a.typeCode === 'L' || a.typeCode === '[' ? 1 : 0;
      const pb = b.typeCode === 'L' || b.typeCode === '[' ? 1 : 0;
      return pa - pb || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
    this.out.u16(fields.length);
    for (const f of fields) {
      this.out.u8(f.typeCode.charCodeAt(0));
      this.writeUtf(f.name);
      if (f.typeCode === 'L' || f.typeCode === '[') this.writeTypeString(f.signature ?? 'Ljava/lang/Object;');
    }
    this.out.u8(TC_ENDBLOCKDATA); // no class annotation
    this.writeClassDesc(desc.superDesc);
  }

  private writeTypeString(signature: string): void {
    const handle = this.typeStrings.get(signature);
    if (handle !== undefined) {
      this.writeReference(handle);
      return;
    }
    this.typeStrings.set(signature, this.next);
    this.writeNewString(signature, null);
    // writeNewString counted the handle already; typeStrings remembers which one it was.
  }

  private writeUtf(text: string): void {
    const n = modifiedUtf8Length(text);
    if (n > 0xffff) throw new RangeError(`UTF string too long (${n} bytes)`);
    this.out.u16(n);
    this.out.modifiedUtf8(text, n);
  }
}

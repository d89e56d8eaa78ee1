// Hand-built Java serialization streams for grammar tests (byte-exact per spec chapter 6).
// Values are checked against the JDK in jdk.test.ts; these streams cover corners the JDK cannot
// be asked to write (corrupt, hostile, mid-stream, exotic encodings).

/** Java's modified UTF-8 of a JS string (UTF-16 code units, lone surrogates included). */
export function mutf8(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 1 && c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return out;
}

export interface FieldSpec {
  code: string; // B C D F I J S Z L [
  name: string;
  type?: string; // for L and [: "Ljava/lang/String;"
}

export class StreamBuilder {
  readonly bytes: number[] = [];

  header(): this {
    return this.raw(0xac, 0xed, 0x00, 0x05);
  }
  raw(...b: number[]): this {
    for (const x of b) this.bytes.push(x & 0xff);
    return this;
  }
  /** Appends many bytes (no argument spreading: fine for big payloads). */
  append(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.bytes.push(b[i]! & 0xff);
    return this;
  }
  u8(n: number): this {
    return this.raw(n);
  }
  u16(n: number): this {
    return this.raw(n >> 8, n);
  }
  i32(n: number): this {
    return this.raw(n >>> 24, n >>> 16, n >>> 8, n);
  }
  i64(n: bigint): this {
    const v = BigInt.asUintN(64, n);
    return this.i32(Number(v >> 32n)).i32(Number(v & 0xffffffffn));
  }
  f32(n: number): this {
    const b = Buffer.alloc(4);
    b.writeFloatBE(n);
    return this.raw(...b);
  }
  f64(n: number): this {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(n);
    return this.raw(...b);
  }
  utf(s: string): this {
    const b = mutf8(s);
    return this.u16(b.length).append(b);
  }
  nul(): this {
    return this.raw(0x70);
  }
  ref(index: number): this {
    return this.raw(0x71).i32(0x7e0000 + index);
  }
  str(s: string): this {
    return this.raw(0x74).utf(s);
  }
  longStr(s: string): this {
    const b = mutf8(s);
    return this.raw(0x7c).i64(BigInt(b.length)).append(b);
  }
  reset(): this {
    return this.raw(0x79);
  }
  endBlock(): this {
    return this.raw(0x78);
  }
  block(bytes: number[]): this {
    return this.raw(0x77, bytes.length, ...bytes);
  }
  blockLong(bytes: number[]): this {
    return this.raw(0x7a).i32(bytes.length).raw(...bytes);
  }
  /** TC_CLASSDESC ... ; `annotation` and `superDesc` write their parts (default: end block, null). */
  classDesc(
    name: string,
    flags: number,
    fields: FieldSpec[] = [],
    superDesc: (b: this) => void = (b) => void b.nul(),
    annotation: (b: this) => void = () => undefined,
  ): this {
    this.raw(0x72).utf(name).i64(0x1234n).u8(flags).u16(fields.length);
    for (const f of fields) {
      this.u8(f.code.charCodeAt(0)).utf(f.name);
      if (f.code === 'L' || f.code === '[') this.str(f.type ?? 'Ljava/lang/Object;');
    }
    annotation(this);
    this.endBlock();
    superDesc(this);
    return this;
  }
  object(desc: (b: this) => void, data: (b: this) => void = () => undefined): this {
    this.raw(0x73);
    desc(this);
    data(this);
    return this;
  }
  array(desc: (b: this) => void, length: number, elements: (b: this) => void = () => undefined): this {
    this.raw(0x75);
    desc(this);
    this.i32(length);
    elements(this);
    return this;
  }
  build(): Buffer {
    return Buffer.from(this.bytes);
  }
}

export const SC_WRITE_METHOD = 0x01;
export const SC_SERIALIZABLE = 0x02;
export const SC_EXTERNALIZABLE = 0x04;
export const SC_BLOCK_DATA = 0x08;
export const SC_ENUM = 0x10;

/** java.lang.Integer's descriptor chain (Integer -> Number), as the JDK writes it. */
export function integerDesc(b: StreamBuilder): void {
  b.classDesc('java.lang.Integer', SC_SERIALIZABLE, [{ code: 'I', name: 'value' }], (s) =>
    void s.classDesc('java.lang.Number', SC_SERIALIZABLE),
  );
}

/** String[] descriptor. */
export function stringArrayDesc(b: StreamBuilder): void {
  b.classDesc('[Ljava.lang.String;', SC_SERIALIZABLE);
}

// Class descriptors as read from the stream, with what reading an instance needs precomputed once.
import { SC_BLOCK_DATA, SC_ENUM, SC_EXTERNALIZABLE, SC_SERIALIZABLE, SC_WRITE_METHOD, primSize } from './constants.js';
import { Unresolved } from './values.js';
import { jdkKindOf, JdkKind } from './jdk-kinds.js';

export class FieldDesc {
  readonly size: number;
  constructor(
    readonly typeCode: number,
    readonly name: string,
    /** Field type string ("Ljava/lang/String;"), null for primitives or when unresolved. */
    readonly typeName: string | null,
  ) {
    this.size = primSize(typeCode);
  }
}

export class ClassDesc {
  name = '';
  suidHi = 0;
  suidLo = 0;
  flags = 0;
  fields: FieldDesc[] = [];
  /** Primitive fields in stream order, then object fields (the JDK writes all primitives first). */
  prims: FieldDesc[] = [];
  objs: FieldDesc[] = [];
  superDesc: ClassDesc | Unresolved | null = null;
  isProxy = false;
  interfaces: string[] = [];
  /** Which JDK class decoder applies (by the most-derived class name). */
  kind: JdkKind = JdkKind.None;
  /** For boxed primitives whose whole chain holds just one primitive field `value`: its type code. */
  boxCode = 0;
  /** For array classes: the element type code ('L' for object and nested arrays), else 0. */
  arrayElem = 0;
  /** Whether arrays of this class carry their class name (only object arrays that can hold themselves). */
  tagArrays = false;
  private chainCache: ClassDesc[] | null | undefined;
  /**
   * Keys in JavaObject.fields for an instance of this class, per class of chain() and per field of
   * its prims / objs: the name, or "Decl.name" when a subclass in this chain has a field of that name.
   */
  primKeys: string[][] = [];
  objKeys: string[][] = [];

  get serializable(): boolean {
    return (this.flags & SC_SERIALIZABLE) !== 0;
  }
  get externalizable(): boolean {
    return (this.flags & SC_EXTERNALIZABLE) !== 0;
  }
  get writeMethod(): boolean {
    return (this.flags & SC_WRITE_METHOD) !== 0;
  }
  get blockData(): boolean {
    return (this.flags & SC_BLOCK_DATA) !== 0;
  }
  get isEnum(): boolean {
    return (this.flags & SC_ENUM) !== 0;
  }

  /** Called once the descriptor (including its superclass) is complete. */
  finish(): void {
    this.prims = this.fields.filter((f) => f.size > 0);
    this.objs = this.fields.filter((f) => f.size === 0);
    this.kind = jdkKindOf(this.name);
    if (this.name.length >= 2 && this.name.charCodeAt(0) === 0x5b) {
      const code = this.name.charCodeAt(1);
      this.arrayElem = code === 0x5b ? 0x4c : primSize(code) > 0 || code === 0x4c ? code : 0;
      this.tagArrays = this.arrayElem === 0x4c && this.name !== '[Ljava.lang.String;';
    }
  }

  /**
   * The class chain, topmost superclass first, or null when a superclass descriptor was never seen
   * (the instance data layout is then unknown).
   */
  chain(): ClassDesc[] | null {
    if (this.chainCache !== undefined) return this.chainCache;
    const out: ClassDesc[] = [];
    let d: ClassDesc | Unresolved | null = this;
    while (d !== null) {
      if (d instanceof Unresolved) {
        this.chainCache = null;
        return null;
      }
      out.push(d);
      if (out.length > 10_000) break;
      d = d.superDesc;
    }
    out.reverse();
    // A superclass field shadowed by a subclass field of the same name is keyed "Decl.name".
    const seen = new Set<string>();
    const keys: Array<Map<FieldDesc, string>> = [];
    for (let i = out.length - 1; i >= 0; i--) {
      const c = out[i]!;
      const m = new Map<FieldDesc, string>();
      for (const f of c.fields) m.set(f, seen.has(f.name) ? `${c.name}.${f.name}` : f.name);
      for (const f of c.fields) seen.add(f.name);
      keys[i] = m;
    }
    this.primKeys = out.map((c, i) => c.prims.map((f) => keys[i]!.get(f)!));
    this.objKeys = out.map((c, i) => c.objs.map((f) => keys[i]!.get(f)!));
    if (this.kind === JdkKind.Boxed || this.kind === JdkKind.Character) {
      const all = out.flatMap((c) => c.fields);
      const f = all[0];
      const plain = out.every((c) => c.serializable && !c.writeMethod && !c.externalizable);
      if (plain && all.length === 1 && f !== undefined && f.name === 'value' && f.size > 0) this.boxCode = f.typeCode;
    }
    this.chainCache = out;
    return out;
  }
}

// The value model the parser produces: Java values as the JS values later stages want.
// (Owned by the parser; later stages rely on at least: strings, numbers, arrays, null, Unresolved.)
//
// Java -> JS: String -> string; Integer/Short/Byte/Float/Double and those primitives -> number;
// Long/long -> number when safe, else bigint; Boolean -> boolean; Character/char -> one-char string;
// arrays, ArrayList, LinkedList, Vector, ArrayDeque -> JS arrays; the other classes below.

/** A reference to a handle the parser never saw (it joined mid-stream, or the bytes were lost). */
export class Unresolved {
  constructor(readonly handle: number) {}
}

/** Symbol under which JS arrays made from Java arrays and lists carry their Java class name. */
export const JAVA_CLASS: unique symbol = Symbol('javaClass');

/** A JS array produced from a Java array or list, tagged with its Java class name. */
export type JavaArray = JavaValue[] & { [JAVA_CLASS]?: string };

/** The Java class name of an array or list value, if the parser tagged it. */
export function javaClassOf(value: JavaValue[]): string | undefined {
  return (value as JavaArray)[JAVA_CLASS];
}

/** An ordinary object: class name, fields of every serializable class in its chain, annotations. */
export class JavaObject {
  /** Field values keyed by name (superclass first); a shadowed superclass field is keyed "Decl.field". */
  readonly fields: Record<string, JavaValue> = {};
  /** What writeObject/writeExternal wrote after the default fields, per declaring class. */
  annotations: Record<string, AnnotationItem[]> | null = null;
  constructor(readonly className: string) {}

  /** Sets a field; a field named "__proto__" becomes an own property, not the prototype. */
  set(key: string, value: JavaValue): void {
    if (key === '__proto__') Object.defineProperty(this.fields, key, { value, enumerable: true, writable: true, configurable: true });
    else this.fields[key] = value;
  }
}

/** Block data (raw bytes written by writeInt/write etc.), consecutive pieces joined. */
export class JavaBlockData {
  constructor(readonly bytes: Uint8Array) {}
}

/** One thing written by a class's writeObject after its default fields. */
export type AnnotationItem = JavaValue | JavaBlockData;

export class JavaEnum {
  constructor(
    readonly className: string | null,
    readonly name: string | Unresolved,
  ) {}
}

/** A `Class` object (TC_CLASS). `name` is null when its descriptor was never seen. */
export class JavaClassRef {
  constructor(readonly name: string | null) {}
}

/** HashMap, LinkedHashMap, Hashtable, TreeMap: entries in stream order. */
export class JavaMap {
  readonly entries: Array<[JavaValue, JavaValue]> = [];
  constructor(readonly type: string) {}
}

/** HashSet, LinkedHashSet, TreeSet: elements in stream order. */
export class JavaSet {
  readonly items: JavaValue[] = [];
  constructor(readonly type: string) {}
}

export class JavaDate {
  constructor(readonly millis: number | bigint) {}
}

export class JavaBigInteger {
  constructor(readonly value: bigint) {}
}

export class JavaBigDecimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  /** The same text as Java's BigDecimal.toString(). */
  toString(): string {
    const neg = this.unscaled < 0n;
    const digits = (neg ? -this.unscaled : this.unscaled).toString();
    const adjusted = -this.scale + (digits.length - 1);
    let out: string;
    if (this.scale >= 0 && adjusted >= -6) {
      if (this.scale === 0) out = digits;
      else if (digits.length > this.scale) {
        out = `${digits.slice(0, digits.length - this.scale)}.${digits.slice(digits.length - this.scale)}`;
      } else {
        out = `0.${'0'.repeat(this.scale - digits.length)}${digits}`;
      }
    } else {
      const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
      out = `${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
    }
    return neg ? `-${out}` : out;
  }
}

/** A TC_EXCEPTION: the throwable a writeObject threw; the value being written was abandoned. */
export class JavaException {
  constructor(readonly throwable: JavaValue) {}
}

/**
 * An object whose class descriptor was never seen (mid-stream): its layout was inferred, so only its
 * leading primitive bytes are known. Object fields it may have follow as separate values.
 */
export class InferredObject {
  constructor(
    /** Class handle it referred to (-1 if the class name was known but a superclass was not). */
    readonly classHandle: number,
    readonly className: string | null,
    readonly data: Uint8Array,
  ) {}

  /** The data as one big-endian int, when it is exactly 4 bytes (e.g. a boxed Integer). */
  get int(): number | undefined {
    const d = this.data;
    return d.length === 4 ? ((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) : undefined;
  }
}

/** A class descriptor as a top-level value (TC_CLASSDESC read by readObject itself). */
export class JavaClassDescValue {
  constructor(readonly name: string) {}
}

export type JavaValue =
  | null
  | string
  | number
  | bigint
  | boolean
  | Unresolved
  | JavaValue[]
  | JavaObject
  | JavaEnum
  | JavaClassRef
  | JavaMap
  | JavaSet
  | JavaDate
  | JavaBigInteger
  | JavaBigDecimal
  | JavaException
  | JavaBlockData
  | InferredObject
  | JavaClassDescValue;

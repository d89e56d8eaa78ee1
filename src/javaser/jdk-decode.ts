// Turns objects of the common JDK classes into their meaning, from their fields and what their
// writeObject wrote. Lenient by design: data that does not fit leaves the generic JavaObject.
import { JdkKind } from './jdk-kinds.js';
import {
  JAVA_CLASS,
  JavaBigDecimal,
  JavaBigInteger,
  JavaBlockData,
  JavaDate,
  JavaMap,
  JavaObject,
  JavaSet,
  type AnnotationItem,
  type JavaArray,
  type JavaValue,
} from './values.js';

/**
 * The value registered for an object's handle before its contents are read, so references from
 * inside (cycles) see the final container. Kinds decoded only at the end get the builder itself.
 */
export function placeholderFor(kind: JdkKind, className: string, builder: JavaObject): JavaValue {
  switch (kind) {
    case JdkKind.List:
    case JdkKind.Vector: {
      const arr: JavaArray = [];
      arr[JAVA_CLASS] = className;
      return arr;
    }
    case JdkKind.Map:
      return new JavaMap(className);
    case JdkKind.Set:
    case JdkKind.TreeSet:
      return new JavaSet(className);
    default:
      return builder;
  }
}

function objectItems(annotations: Record<string, AnnotationItem[]> | null): JavaValue[] {
  const out: JavaValue[] = [];
  if (annotations === null) return out;
  for (const items of Object.values(annotations)) {
    for (const it of items) if (!(it instanceof JavaBlockData)) out.push(it);
  }
  return out;
}

function firstBlock(annotations: Record<string, AnnotationItem[]> | null): Uint8Array | null {
  if (annotations === null) return null;
  for (const items of Object.values(annotations)) {
    for (const it of items) if (it instanceof JavaBlockData) return it.bytes;
  }
  return null;
}

function readLong(b: Uint8Array, at: number): number | bigint {
  const hi = (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
  const lo = ((b[at + 4]! << 24) | (b[at + 5]! << 16) | (b[at + 6]! << 8) | b[at + 7]!) >>> 0;
  return makeLong(hi, lo);
}

export function makeLong(hi: number, lo: number): number | bigint {
  const v = hi * 4294967296 + lo;
  if (Number.isSafeInteger(v)) return v;
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}

/** The final value of an object of a JDK class; `placeholder` is what placeholderFor returned. */
export function finishJdkObject(kind: JdkKind, builder: JavaObject, placeholder: JavaValue): JavaValue {
  const f = builder.fields;
  switch (kind) {
    case JdkKind.Boxed:
    case JdkKind.Character: {
      const v = f.value;
      return v === undefined ? builder : v;
    }
    case JdkKind.List: {
      for (const it of objectItems(builder.annotations)) (placeholder as JavaValue[]).push(it);
      return placeholder;
    }
    case JdkKind.Vector: {
      const data = f.elementData;
      const count = f.elementCount;
      if (Array.isArray(data)) {
        const n = typeof count === 'number' ? Math.max(0, Math.min(count, data.length)) : data.length;
        for (let i = 0; i < n; i++) (placeholder as JavaValue[]).push(data[i]!);
      }
      return placeholder;
    }
    case JdkKind.Map: {
      const items = objectItems(builder.annotations);
      const map = placeholder as JavaMap;
      for (let i = 0; i + 1 < items.length; i += 2) map.entries.push([items[i]!, items[i + 1]!]);
      return map;
    }
    case JdkKind.Set:
    case JdkKind.TreeSet: {
      const items = objectItems(builder.annotations);
      // TreeSet writes its comparator (an object, often null) before the elements.
      const from = kind === JdkKind.TreeSet ? 1 : 0;
      const set = placeholder as JavaSet;
      for (let i = from; i < items.length; i++) set.items.push(items[i]!);
      return set;
    }
    case JdkKind.Date: {
      const b = firstBlock(builder.annotations);
      return b !== null && b.length >= 8 ? new JavaDate(readLong(b, 0)) : builder;
    }
    case JdkKind.BigInteger: {
      const signum = f.signum;
      const mag = f.magnitude;
      if (typeof signum !== 'number' || !Array.isArray(mag)) return builder;
      let v = 0n;
      for (const byte of mag) v = (v << 8n) | BigInt((byte as number) & 0xff);
      return new JavaBigInteger(signum < 0 ? -v : v);
    }
    case JdkKind.BigDecimal: {
      const intVal = f.intVal;
      const scale = f.scale;
      if (!(intVal instanceof JavaBigInteger) || typeof scale !== 'number') return builder;
      return new JavaBigDecimal(intVal.value, scale);
    }
    default:
      return builder;
  }
}

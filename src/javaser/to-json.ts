// Java values as JSON-able values, exactly as docs/javaser-json.md describes.
import {
  InferredObject,
  JavaBigDecimal,
  JavaBigInteger,
  JavaBlockData,
  JavaClassDescValue,
  JavaClassRef,
  JavaDate,
  JavaEnum,
  JavaException,
  JavaMap,
  JavaObject,
  JavaSet,
  Unresolved,
  javaClassOf,
  type AnnotationItem,
  type JavaValue,
} from './values.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function number(v: number): Json {
  if (Number.isFinite(v)) return v;
  return { $double: Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
}

function long(v: number | bigint): Json {
  return typeof v === 'bigint' ? { $long: v.toString() } : v;
}

/** Converts a parsed value; objects met again further down their own path become {"$cycle"}. */
export function toJson(value: JavaValue): Json {
  return convert(value, new Set<object>());
}

function className(v: object): string {
  if (Array.isArray(v)) return javaClassOf(v) ?? 'array';
  if (v instanceof JavaObject) return v.className;
  if (v instanceof JavaMap || v instanceof JavaSet) return v.type;
  return 'object';
}

function convert(v: JavaValue, path: Set<object>): Json {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return number(v);
    case 'bigint':
      return { $long: v.toString() };
    default:
      break;
  }
  if (v === null) return null;
  if (v instanceof Unresolved) return { $unresolved: v.handle };
  if (path.has(v)) return { $cycle: className(v) };
  if (Array.isArray(v)) {
    path.add(v);
    const out = v.map((e) => convert(e, path));
    path.delete(v);
    return out;
  }
  if (v instanceof JavaObject) {
    path.add(v);
    const out: { [key: string]: Json } = { $class: v.className };
    for (const key of Object.keys(v.fields)) put(out, fieldKey(key), convert(v.fields[key]!, path));
    if (v.annotations !== null) {
      const ann: { [key: string]: Json } = {};
      for (const cls of Object.keys(v.annotations)) put(ann, cls, v.annotations[cls]!.map((it) => item(it, path)));
      out.$annotations = ann;
    }
    path.delete(v);
    return out;
  }
  if (v instanceof JavaMap) {
    path.add(v);
    const out = { $map: v.entries.map(([k, val]) => [convert(k, path), convert(val, path)] as Json), $type: v.type };
    path.delete(v);
    return out;
  }
  if (v instanceof JavaSet) {
    path.add(v);
    const out = { $set: v.items.map((e) => convert(e, path)), $type: v.type };
    path.delete(v);
    return out;
  }
  if (v instanceof JavaEnum) {
    return { $enum: v.className, name: typeof v.name === 'string' ? v.name : { $unresolved: v.name.handle } };
  }
  if (v instanceof JavaClassRef) return { $classref: v.name };
  if (v instanceof JavaDate) return { $date: long(v.millis) };
  if (v instanceof JavaBigInteger) return { $bigint: v.value.toString() };
  if (v instanceof JavaBigDecimal) return { $decimal: v.toString() };
  if (v instanceof JavaException) {
    path.add(v);
    const out = { $exception: convert(v.throwable, path) };
    path.delete(v);
    return out;
  }
  if (v instanceof JavaBlockData) return { $bytes: bytesToHex(v.bytes) };
  if (v instanceof InferredObject) {
    return { $unreadable: v.className, handle: v.classHandle, $bytes: bytesToHex(v.data) };
  }
  if (v instanceof JavaClassDescValue) return { $classdesc: v.name };
  return null;
}

/** Sets a key; "__proto__" (a legal Java field name) becomes an own key, not the prototype. */
/** A key of ours starts with one '$' ("$class"); a field's that starts with '$' gets one more. */
function fieldKey(name: string): string {
  return name.charCodeAt(0) === 0x24 ? '$' + name : name;
}

function put(obj: { [key: string]: Json }, key: string, value: Json): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function item(it: AnnotationItem, path: Set<object>): Json {
  return it instanceof JavaBlockData ? { $bytes: bytesToHex(it.bytes) } : convert(it, path);
}

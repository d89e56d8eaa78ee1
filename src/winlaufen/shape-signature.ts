// A short, stable text naming the shape of a Java value, so unknown message shapes can be
// counted and shown (`dump`, metrics) without logging whole values.
import { Unresolved, type JavaValue } from '../javaser/values.js';

const MAX_ELEMENT_CODES = 16;

function elementCode(v: unknown): string {
  if (v === null) return '0';
  if (typeof v === 'string') return 's';
  if (typeof v === 'number' || typeof v === 'bigint') return 'n';
  if (typeof v === 'boolean') return 'b';
  if (v instanceof Unresolved) return 'r';
  if (Array.isArray(v)) return 'a';
  return 'o';
}

/** e.g. "array[7]<sssrrss>", "string", "object:JavaObject", "ref". */
export function shapeSignature(value: JavaValue | unknown): string {
  if (Array.isArray(value)) {
    const codes = value.slice(0, MAX_ELEMENT_CODES).map(elementCode).join('');
    return `array[${value.length}]<${codes}${value.length > MAX_ELEMENT_CODES ? '…' : ''}>`;
  }
  if (value === null) return 'null';
  if (value instanceof Unresolved) return 'ref';
  if (typeof value === 'object') return `object:${(value as object).constructor?.name ?? 'Object'}`;
  return typeof value;
}

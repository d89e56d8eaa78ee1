// The top-level values of ../shared/samples/winlaufen-fragment.bin as the streaming parser yields
// them (per the samples README table, checked against the bytes): built by hand here so these
// tests do not depend on the parser.
import type { ParseEvent } from '../../src/javaser/events.js';
import { Unresolved, type JavaValue } from '../../src/javaser/values.js';

const U = (h: number): Unresolved => new Unresolved(h);

export const SAMPLE_ROWS: JavaValue[][] = [
  ['1', '67', 'LOGES Margit', U(0x7e01a8), U(0x7e0105), '4:30:15.9', '0:00:00.0'],
  ['2', '68', 'BROCKMEIER Sofie', U(0x7e01bc), U(0x7e00b8), '4:34:51.7', '0:04:35.8'],
  ['3', '69', 'EVANS Denny', U(0x7e01d6), U(0x7e00cc), '4:36:57.1', '0:06:41.2'],
  ['4', '70', 'RÄTZ Sigishelm', U(0x7e01f6), U(0x7e0029), '4:39:36.4', '0:09:20.5'],
  ['5', '71', 'GIESBRECHT Hendrik', U(0x7e021c), U(0x7e0029), '4:47:25.3', '0:17:09.4'],
  ['6', '72', 'FREITAG Hellmut', 'Rammingen', U(0x7e0048), '4:56:48.5', '0:26:32.6'],
];

/** Stream offsets of each value's first byte in the fragment (byte 14 is the first type code). */
export const SAMPLE_VALUES: Array<{ value: JavaValue; offset: number }> = [
  { value: U(0x7e001f), offset: 0x0e },
  { value: 18, offset: 0x13 },
  { value: 0, offset: 0x1d },
  { value: 5, offset: 0x27 },
  ...SAMPLE_ROWS.map((value, i) => ({ value, offset: [0x31, 0x75, 0xbd, 0x100, 0x147, 0x191][i]! })),
  { value: U(0x7e002c), offset: 0x1df },
  { value: U(0x7e002d), offset: 0x1e4 },
  { value: U(0x7e0035), offset: 0x1e9 },
];

export function sampleEvents(base = 0): ParseEvent[] {
  return SAMPLE_VALUES.map(({ value, offset }) => ({ type: 'value', value, offset: base + offset }));
}

export function valueEvents(values: JavaValue[], start = 0): ParseEvent[] {
  return values.map((value, i) => ({ type: 'value', value, offset: start + i }));
}

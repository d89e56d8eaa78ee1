// The real Winlaufen bytes (../shared/samples/winlaufen-fragment.bin, see its README): a fragment
// joined mid-stream, no header, references to handles written before the capture began.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InferredObject, JavaStreamParser, Unresolved, type ParseEvent } from '../../src/javaser/index.js';
import { checkChunkings, errorCodes, valuesOf } from './chunking.js';

const fragment = readFileSync(fileURLToPath(new URL('../../../shared/samples/winlaufen-fragment.bin', import.meta.url)));

const u = (h: number) => ({ $unresolved: h });
const rows = [
  ['1', '67', 'LOGES Margit', u(0x7e01a8), u(0x7e0105), '4:30:15.9', '0:00:00.0'],
  ['2', '68', 'BROCKMEIER Sofie', u(0x7e01bc), u(0x7e00b8), '4:34:51.7', '0:04:35.8'],
  ['3', '69', 'EVANS Denny', u(0x7e01d6), u(0x7e00cc), '4:36:57.1', '0:06:41.2'],
  ['4', '70', 'RÄTZ Sigishelm', u(0x7e01f6), u(0x7e0029), '4:39:36.4', '0:09:20.5'],
  ['5', '71', 'GIESBRECHT Hendrik', u(0x7e021c), u(0x7e0029), '4:47:25.3', '0:17:09.4'],
  ['6', '72', 'FREITAG Hellmut', 'Rammingen', u(0x7e0048), '4:56:48.5', '0:26:32.6'],
];

describe('winlaufen-fragment.bin (real traffic, joined mid-stream)', () => {
  it('is 494 bytes starting with 14 bytes of padding', () => {
    expect(fragment.length).toBe(494);
    expect([...fragment.subarray(0, 14)].every((b) => b === 0)).toBe(true);
    expect(fragment[14]).toBe(0x71);
  });

  it('yields the README reading: a reference, three inferred ints, six rows, three references', () => {
    const { events, mismatch } = checkChunkings(fragment);
    expect(mismatch).toBeNull();
    expect(valuesOf(events)).toEqual([
      u(0x7e001f),
      { $unreadable: null, handle: 0x7e0001, $bytes: '00000012' },
      { $unreadable: null, handle: 0x7e0001, $bytes: '00000000' },
      { $unreadable: null, handle: 0x7e0001, $bytes: '00000005' },
      ...rows,
      u(0x7e002c),
      u(0x7e002d),
      u(0x7e0035),
    ]);
    // Only the skipped padding is reported.
    expect(errorCodes(events)).toEqual(['SKIPPED']);
    const skipped = events.find((e) => e.type === 'error') as Extract<ParseEvent, { type: 'error' }>;
    expect(skipped.error.offset).toBe(0);
    expect(skipped.resumeOffset).toBe(14);
  });

  it('gives typed values: Unresolved with handle numbers, ints readable from inferred objects', () => {
    const p = new JavaStreamParser();
    const values = [...p.feed(fragment), ...p.end()].filter((e) => e.type === 'value').map((e) => (e as { value: unknown }).value);
    expect(values[0]).toBeInstanceOf(Unresolved);
    expect((values[0] as Unresolved).handle).toBe(0x7e001f);
    expect(values.slice(1, 4).map((v) => (v as InferredObject).int)).toEqual([18, 0, 5]);
    const last = values[9] as unknown[];
    expect(last[3]).toBe('Rammingen');
    expect((values[4] as unknown[])[3]).toBeInstanceOf(Unresolved);
    expect(p.handlesKnown).toBe(false);
  });

  it('reads the same after any amount of leading garbage-free prefix is cut (joining later)', () => {
    // Cutting inside the padding or at the first value changes nothing but the skip report.
    for (let cut = 0; cut <= 14; cut++) {
      const events = checkChunkings(fragment.subarray(cut), undefined, 1).events;
      expect(valuesOf(events)).toHaveLength(13);
    }
  });
});

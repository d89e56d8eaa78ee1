// `racewire dump --winlaufen`: list updates as racewire reads them, and the shapes it did not know.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const fragment = new URL('../../../shared/samples/winlaufen-fragment.bin', import.meta.url).pathname;

describe('racewire dump --winlaufen', () => {
  it('reads the real Winlaufen fragment into one list update of six rows', async () => {
    const r = await runCli(['dump', '--winlaufen', fragment]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    const update = lines[0]!;
    expect(update.competition).toBe('18');
    expect(update.rows.map((row: { bib: number }) => row.bib)).toEqual([67, 68, 69, 70, 71, 72]);
    expect(update.rows[3].name).toBe('RÄTZ Sigishelm');
    expect(update.rows[5].club).toBe('Rammingen');
    expect(update.rows[0].unresolved.club).toBe(0x7e01a8);
    expect(lines[lines.length - 1]!.winlaufen.rows).toBe(6);
  });

  it('counts value shapes the row layout does not know, by signature', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'racewire-dump-'));
    const file = join(dir, 'unknown.ser');
    // Header, then a String[3] ("a", "b", "c"): no layout has 3 elements.
    const hex = 'aced0005757200135b4c6a6176612e6c616e672e537472696e673badd256e7e91d7b47020000787000000003740001617400016274000163';
    writeFileSync(file, Buffer.from(hex, 'hex'));
    const r = await runCli(['dump', '--winlaufen', file]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as { winlaufen: { rows: number; unknownShapes: Record<string, number> } };
    expect(summary.winlaufen.rows).toBe(0);
    expect(Object.values(summary.winlaufen.unknownShapes)).toEqual([1]);
    expect(Object.keys(summary.winlaufen.unknownShapes)[0]).toMatch(/array\[3\]/);
  });
});

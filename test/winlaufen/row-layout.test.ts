import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRowLayoutFile } from '../../src/winlaufen/load-row-layout.js';
import { readRow } from '../../src/winlaufen/read-row.js';
import { RowExtractor } from '../../src/winlaufen/row-extractor.js';
import { DEFAULT_ROW_LAYOUT, parseRowLayoutConfig, RowLayoutError } from '../../src/winlaufen/row-layout.js';
import { valueEvents } from './sample-fragment.js';

describe('row layout config', () => {
  it('the default survives a JSON round trip unchanged', () => {
    expect(parseRowLayoutConfig(JSON.parse(JSON.stringify(DEFAULT_ROW_LAYOUT)))).toEqual(DEFAULT_ROW_LAYOUT);
  });

  it('a new Winlaufen version is a config change: 8 fields with nation, header of 2 Integers', () => {
    const config = parseRowLayoutConfig({
      rowLayouts: [{ name: 'v2', length: 8, fields: { bib: 0, rank: 1, name: 2, club: 3, ageGroup: 5, time: 6, gap: 7 } }],
      header: { length: 2, fields: { competition: 0, countHint: 1 } },
    });
    expect(readRow(['67', '1', 'N', 'C', 'GER', 'W45', '1:00:00.0', '0:00:00.0'], config)).toMatchObject({ bib: 67, rank: 1, ageGroup: 'W45' });
    expect(readRow(['1', '67', 'N', 'C', 'W45', '1:00:00.0', '0:00:00.0'], config)).toBeNull();
    const ex = new RowExtractor(config);
    const out = [...valueEvents([3, 1, ['67', '1', 'N', 'C', 'GER', 'W45', '1:00:00.0', '0:00:00.0']]).flatMap((e) => ex.push(e)), ...ex.flush()];
    expect(out[0]).toMatchObject({ competition: '3', position: null, countHint: 1 });
  });

  it.each([
    [[], 'must be a JSON object'],
    [{ rowLayouts: [] }, 'rowLayouts must be a non-empty array'],
    [{ rowLayouts: [{ length: 7, fields: { rank: 0 } }] }, 'fields.bib is required'],
    [{ rowLayouts: [{ length: 7, fields: { bib: 7 } }] }, 'integer index 0..6'],
    [{ rowLayouts: [{ length: 7, fields: { bib: 1, nation: 2 } }] }, 'unknown field "nation"'],
    [{ header: { length: 3, fields: { position: 1 } } }, 'header.fields.competition is required'],
  ])('rejects %j with a clear message', (raw, message) => {
    expect(() => parseRowLayoutConfig(raw)).toThrow(RowLayoutError);
    expect(() => parseRowLayoutConfig(raw)).toThrow(message);
  });

  it('loads from a file, and says which file when it is broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'winlaufen-layout-'));
    try {
      const good = join(dir, 'layout.json');
      writeFileSync(good, JSON.stringify(DEFAULT_ROW_LAYOUT));
      expect(loadRowLayoutFile(good)).toEqual(DEFAULT_ROW_LAYOUT);
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, '{ nope');
      expect(() => loadRowLayoutFile(bad)).toThrow(/bad\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

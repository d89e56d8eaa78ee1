// Only rows that changed since the stream last sent them cross to the main thread; a reset of the
// results state makes the analyzers send everything again.
import { describe, expect, it } from 'vitest';
import { StreamAnalyzer } from '../../src/pipeline/analysis.js';
import { SentRows } from '../../src/pipeline/sent-rows.js';
import type { ListUpdate } from '../../src/winlaufen/index.js';
import { simulateRace } from '../../src/sim/simulated-race.js';

const update = (rows: ListUpdate['rows'], competition: string | null = '18'): ListUpdate => ({ source: 'winlaufen', competition, rows });

describe('SentRows', () => {
  it('drops rows identical to what was last sent, keeps changed ones whole', () => {
    const sent = new SentRows();
    const a = { bib: 1, rank: 1, name: 'A', time: '0:30:00.0' };
    const b = { bib: 2, rank: 2, name: 'B', time: '0:31:00.0' };
    expect(sent.changed(update([a, b]))?.rows).toEqual([a, b]);
    expect(sent.changed(update([a, b]))).toBeNull();
    const b2 = { ...b, rank: 1 };
    expect(sent.changed(update([a, b2]))?.rows).toEqual([b2]);
    // The same bib in another competition is another row.
    expect(sent.changed(update([a], '19'))?.rows).toEqual([a]);
  });

  it('tells absent (unknown) from null (sent empty), and unresolved handles apart', () => {
    const sent = new SentRows();
    sent.changed(update([{ bib: 1, club: null }]));
    expect(sent.changed(update([{ bib: 1 }]))?.rows).toHaveLength(1);
    sent.changed(update([{ bib: 2, unresolved: { club: 0x7e0105 } }]));
    expect(sent.changed(update([{ bib: 2, unresolved: { club: 0x7e0106 } }]))?.rows).toHaveLength(1);
  });

  it('never remembers rows of an unknown competition (they are not applied)', () => {
    const sent = new SentRows();
    const u = update([{ bib: 1, rank: 1 }], null);
    expect(sent.changed(u)).toBe(u);
    expect(sent.changed(u)).toBe(u);
  });
});

describe('StreamAnalyzer with a repeating Winlaufen stream', () => {
  it('sends each change once, and everything again after forget', () => {
    const bytes = simulateRace({ seed: 5, competitions: 1, runnersPerCompetition: 20 }).streamBytes();
    const rows = (a: StreamAnalyzer, chunk: Uint8Array, offset: number) =>
      a
        .analyze(chunk, [{ kind: 'data', offset, start: 0, length: chunk.length }])
        .flatMap((e) => (e.type === 'update' ? e.update.rows : []));
    const analyzer = new StreamAnalyzer({}, null);
    const first = rows(analyzer, bytes, 0);
    const bibs = new Set(first.map((r) => r.bib));
    expect(bibs.size).toBe(20);
    // The same race once more (a second header, as after a reconnect): only rows whose values differ
    // from what was last sent cross again, far fewer than the first time.
    const repeated = rows(analyzer, bytes, bytes.length);
    expect(repeated.length).toBeLessThan(first.length / 2);
    // After a reset of the results state the analyzer forgets, and sends exactly what it sent first.
    analyzer.analyze(new Uint8Array(0), [{ kind: 'forget' }]);
    expect(rows(analyzer, bytes, 2 * bytes.length)).toEqual(first);
  });

  it('compares with a copy: a row changed after it was sent is still seen as changed', () => {
    const sent = new SentRows();
    const row = { bib: 7, rank: 1, name: 'RÄTZ Sigishelm', club: 'Rammingen', time: '1:02:03.4' };
    expect(sent.changed({ competition: '18', rows: [row] } as never)).not.toBeNull();
    row.rank = 2; // whoever received the row changed it
    expect(sent.changed({ competition: '18', rows: [{ ...row, rank: 1 }] } as never)).toBeNull();
    expect(sent.changed({ competition: '18', rows: [{ ...row, rank: 2 }] } as never)).not.toBeNull();
  });

  it('bounds what it remembers, and only resends after forgetting', () => {
    const sent = new SentRows(10);
    const rows = (from: number) => Array.from({ length: 6 }, (_, i) => ({ bib: from + i, rank: from + i }));
    expect(sent.changed({ competition: 'a', rows: rows(0) } as never)?.rows).toHaveLength(6);
    expect(sent.changed({ competition: 'b', rows: rows(0) } as never)?.rows).toHaveLength(6); // 12 > 10: forgot once
    // The 11th row cleared everything: b's last two rows are remembered, the rest is sent again.
    expect(sent.changed({ competition: 'b', rows: rows(0) } as never)?.rows.map((r) => r.bib)).toEqual([0, 1, 2, 3]);
    expect(sent.changed({ competition: 'a', rows: rows(0) } as never)?.rows).toHaveLength(6);
  });
});

// A JDK-written race's final results (fixtures/winlaufen/captures, merged with its start list) as
// the tests replay them: the first part as a snapshot, the rest finisher by finisher.
import { readFileSync } from 'node:fs';
import type { Competition, Row } from '../../../src/results/types.js';

const path = new URL('../../../fixtures/winlaufen/captures/complete.expected-startlist.json', import.meta.url);

export function fixtureRace(): Competition[] {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { competitions: Array<{ id: string; name?: string | null; rows: Row[] }> };
  return doc.competitions.map((c) => ({ id: c.id, name: c.name ?? null, rows: c.rows }));
}

/** Ranked rows in finishing order (the fixture lists them by rank; same start, so same order). */
export function finishOrder(c: Competition): Row[] {
  return c.rows.filter((r) => r.rank !== null);
}

/** "SCHNEIDER Sigishelm" as the views render it (family and given name in separate spans). */
export function shownName(row: Row): string {
  return row.name ?? '';
}

// The one order of rows and competitions that snapshots, documents and views share.
import type { Row } from './types.js';

/** Ranked rows by rank, unranked after them; ties by bib. */
export function compareRows(a: Row, b: Row): number {
  if (a.rank !== b.rank) {
    if (a.rank === null) return 1;
    if (b.rank === null) return -1;
    return a.rank - b.rank;
  }
  return a.bib - b.bib;
}

const NUMERIC = /^\d{1,15}$/;

/** Numeric ids numerically ("2" before "18"), then others as strings. */
export function compareCompetitionIds(a: string, b: string): number {
  const an = NUMERIC.test(a);
  const bn = NUMERIC.test(b);
  if (an && bn) return Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);
  if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

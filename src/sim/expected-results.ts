// The final results a perfect receiver shows, in the JSON shape `racewire replay --print results`
// prints: {"competitions":[{"id":"18","rows":[{rank,bib,name,club,ageGroup,time,gap,status,nation,year,gender}]}]}
// (nation, year and gender come only from a start list, so from the stream alone they are null).
// Same conventions as the receiver (src/winlaufen/list-update.ts): rank a number or null (not
// ranked); a word where the time should be ("DNF", "DSQ") is the status and time is null; a cell
// sent empty ("" gap) is null; a club sent as Java null is null; other strings exactly as sent.
// Competitions by number; rows by rank, then bib, unranked last.
import type { ResultRow } from './result-list.js';

export interface ExpectedRow {
  rank: number | null;
  bib: number;
  name: string;
  club: string | null;
  ageGroup: string;
  time: string | null;
  gap: string | null;
  status: string | null;
  nation: null;
  year: null;
  gender: null;
}

export interface ExpectedResults {
  competitions: Array<{ id: string; rows: ExpectedRow[] }>;
}

const RACE_TIME = /^\d+:\d\d:\d\d\.\d$/;

export function expectedRow(r: ResultRow): ExpectedRow {
  const status = RACE_TIME.test(r.time) ? null : r.time;
  return {
    rank: r.rank,
    bib: r.bib,
    name: r.name,
    club: r.club,
    ageGroup: r.ageGroup,
    time: status === null ? r.time : null,
    gap: r.gap === '' ? null : r.gap,
    status,
    nation: null,
    year: null,
    gender: null,
  };
}

export function expectedResults(lists: ReadonlyMap<number, readonly ResultRow[]>): ExpectedResults {
  const ids = [...lists.keys()].sort((a, b) => a - b);
  return {
    competitions: ids.map((id) => ({
      id: String(id),
      rows: [...(lists.get(id) ?? [])]
        .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.bib - b.bib)
        .map(expectedRow),
    })),
  };
}

// Small list updates for tests.
import type { ListUpdate } from '../../../src/winlaufen/list-update.js';

export function listUpdate(competition: string, rows: Array<[rank: number | null, bib: number, name: string, time: string | null]>): ListUpdate {
  return {
    source: 'winlaufen',
    competition,
    rows: rows.map(([rank, bib, name, time]) => ({ bib, rank, name, time, club: 'Verein', ageGroup: 'M40', gap: null, status: null })),
  };
}

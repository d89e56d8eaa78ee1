// A snapshot's or delta's competitions as list updates: how a relay (the server taking a
// forwarder's messages) feeds them into its own ResultsState. Rows are upserted, none removed.
import type { ListUpdate, RowUpdate } from '../winlaufen/list-update.js';
import { ROW_KEYS, type Competition, type CompetitionPatch, type Row, type RowPatch } from './types.js';

function rowUpdateOf(row: Row | RowPatch): RowUpdate {
  const u: Record<string, unknown> = { bib: row.bib };
  for (const k of ROW_KEYS) if (k !== 'bib' && row[k] !== undefined) u[k] = row[k];
  return u as unknown as RowUpdate;
}

export function listUpdatesOf(competitions: ReadonlyArray<Competition | CompetitionPatch>): ListUpdate[] {
  return competitions.map((c) => {
    const update: ListUpdate = { source: 'racewire', competition: c.id, rows: c.rows.map(rowUpdateOf) };
    if (c.name !== undefined) update.competitionName = c.name;
    return update;
  });
}

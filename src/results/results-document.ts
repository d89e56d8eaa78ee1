// The results as one JSON document: what `racewire replay --print results` prints and
// `GET /api/results` serves. {"competitions":[{"id":"18","rows":[{"rank":1,"bib":67,...}]}]}
import { ROW_KEYS, type Row, type Snapshot } from './types.js';

export interface ResultsDocument {
  /** Ordered by id; a competition's `name` appears only when a source named it. */
  competitions: Array<{ id: string; name?: string; rows: Row[] }>;
}

export function toResultsDocument(snapshot: Pick<Snapshot, 'competitions'>): ResultsDocument {
  return {
    competitions: snapshot.competitions.map((c) => {
      const rows = c.rows.map((r) => Object.fromEntries(ROW_KEYS.map((k) => [k, r[k]])) as unknown as Row);
      return c.name === null ? { id: c.id, rows } : { id: c.id, name: c.name, rows };
    }),
  };
}

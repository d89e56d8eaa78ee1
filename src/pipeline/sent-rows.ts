// What one stream last sent for each row, so only rows that changed cross to the main thread.
// Winlaufen resends whole windows of the list with every finish; most of their rows are exactly
// what the stream sent before (2.5 % changed in the 20 MB bench stream), and re-applying them is a
// no-op for the results state. Dropping them saves the structured clone and the state's diff.
// Valid while the results state still holds what this stream sent: after a reset of the state the
// pipeline calls forget() on every analyzer, and a replaced worker starts empty (it resends all).
import type { ListUpdate, RowUpdate } from '../winlaufen/index.js';

const FIELDS = ['rank', 'status', 'name', 'club', 'ageGroup', 'time', 'gap', 'nation', 'year', 'gender'] as const;
const ABSENT = '\u0002';
const NULL = '\u0003';

/** Every field of the row, absent and null told apart, as one string. */
function signature(row: RowUpdate): string {
  let s = '';
  for (const f of FIELDS) {
    const v = row[f];
    s += (v === undefined ? ABSENT : v === null ? NULL : String(v)) + '\u0001';
  }
  if (row.unresolved) for (const [k, h] of Object.entries(row.unresolved)) s += `${k}=${h},`;
  return s;
}

export class SentRows {
  readonly #last = new Map<string, string>();

  /** Bounds memory on a hostile stream of endless new bibs; forgetting only costs resends. */
  constructor(private readonly maxRows = 200_000) {}

  /** The update with only the rows that differ from what was last sent for them; null if none do. */
  changed(update: ListUpdate): ListUpdate | null {
    if (update.competition === null) return update; // never applied, so never remembered
    const rows: RowUpdate[] = [];
    for (const row of update.rows) {
      const key = `${update.competition}\u0000${row.bib}`;
      const sig = signature(row);
      if (this.#last.get(key) === sig) continue;
      if (this.#last.size >= this.maxRows) this.#last.clear();
      this.#last.set(key, sig);
      rows.push(row);
    }
    if (rows.length === update.rows.length) return update;
    return rows.length === 0 ? null : { ...update, rows };
  }

  forget(): void {
    this.#last.clear();
  }
}

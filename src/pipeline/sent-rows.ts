// What one stream last sent for each row, so only rows that changed cross to the main thread.
// Winlaufen resends whole windows of the list with every finish; most of their rows are exactly
// what the stream sent before (2.5 % changed in the 20 MB bench stream), and re-applying them is a
// no-op for the results state. Dropping them saves the structured clone and the state's diff.
// Valid while the results state still holds what this stream sent: after a reset of the state the
// pipeline calls forget() on every analyzer, and a replaced worker starts empty (it resends all).
import type { ListUpdate, RowUpdate } from '../winlaufen/index.js';

const FIELDS = ['rank', 'status', 'name', 'club', 'ageGroup', 'time', 'gap', 'nation', 'year', 'gender'] as const;

/** Same fields (absent and null told apart) and the same unresolved handles. */
function sameRow(a: RowUpdate, b: RowUpdate): boolean {
  for (const f of FIELDS) if (a[f] !== b[f]) return false;
  const ua = a.unresolved;
  const ub = b.unresolved;
  if (ua === ub) return true;
  if (ua === undefined || ub === undefined) return false;
  const ka = Object.keys(ua) as Array<keyof typeof ua>;
  if (ka.length !== Object.keys(ub).length) return false;
  for (const k of ka) if (ua[k] !== ub[k]) return false;
  return true;
}

export class SentRows {
  /** competition -> bib -> the row last sent. (Rows are compared field by field: no key or signature strings to build.) */
  readonly #last = new Map<string, Map<number, RowUpdate>>();
  #size = 0;

  /** Bounds memory on a hostile stream of endless new bibs; forgetting only costs resends. */
  constructor(private readonly maxRows = 200_000) {}

  /** The update with only the rows that differ from what was last sent for them; null if none do. */
  changed(update: ListUpdate): ListUpdate | null {
    if (update.competition === null) return update; // never applied, so never remembered
    let sent = this.#last.get(update.competition);
    if (sent === undefined) this.#last.set(update.competition, (sent = new Map()));
    const rows: RowUpdate[] = [];
    for (const row of update.rows) {
      const before = sent.get(row.bib);
      if (before !== undefined && sameRow(before, row)) continue;
      if (before === undefined) {
        if (this.#size >= this.maxRows) {
          this.forget();
          this.#last.set(update.competition, sent);
        }
        this.#size++;
      }
      // A copy: the row itself goes on to the results state, which may keep it (inline pipeline).
      sent.set(row.bib, row.unresolved ? { ...row, unresolved: { ...row.unresolved } } : { ...row });
      rows.push(row);
    }
    if (rows.length === update.rows.length) return update;
    return rows.length === 0 ? null : { ...update, rows };
  }

  forget(): void {
    for (const m of this.#last.values()) m.clear();
    this.#last.clear();
    this.#size = 0;
  }
}

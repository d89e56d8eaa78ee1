// The value every source of results is turned into: one window of a competition's result list.
// Winlaufen sends windows of the list, so a row that is absent from an update is NOT removed.

/** Fields a results source can carry for one row (besides the bib, which keys the row). */
export const STREAM_FIELDS = ['rank', 'status', 'name', 'club', 'ageGroup', 'time', 'gap', 'nation', 'year', 'gender'] as const;
export type StreamField = (typeof STREAM_FIELDS)[number];

/**
 * One row as a source sent it. For every field:
 * - `undefined` (absent): the source did not tell us (e.g. an unresolved back-reference) -> keep
 *   what was known before; the start list may fill it.
 * - `null`: the source sent it empty (e.g. no rank yet) -> it clears the field.
 * - a value: what the source sent.
 */
export interface RowUpdate {
  bib: number;
  /** Place in the list; null = not ranked (yet), or out of the ranking (see `status`). */
  rank?: number | null;
  /** A non-numeric rank or time as sent ("DNF", "aufg.", "disq." ...); null when ranked normally. */
  status?: string | null;
  name?: string | null;
  club?: string | null;
  ageGroup?: string | null;
  /** Finish time as sent, e.g. "4:30:15.9", "34:56.8", "1:02:03". */
  time?: string | null;
  /** Gap to the leader as sent, e.g. "0:04:35.8". */
  gap?: string | null;
  /**
   * Winlaufen and the JSON senders never send these (the start list does); rows relayed from
   * another racewire (a forwarder's snapshot or delta) carry them.
   */
  nation?: string | null;
  year?: number | null;
  gender?: string | null;
  /** Diagnostics only: fields that were references to handles the parser never saw. */
  unresolved?: Partial<Record<StreamField, number>>;
}

export type ListUpdateSource = 'winlaufen' | 'json-sender' | 'sniffer-json' | 'racewire';

export interface ListUpdate {
  source: ListUpdateSource;
  /**
   * The competition the rows belong to, as a string ("18"). null when it could not be told
   * (rows after a gap without their header): the results state must not attribute such rows.
   */
  competition: string | null;
  /** A display name, when the source has one (JSON sender: Wettkampf-Name / Kategorie-Name). */
  competitionName?: string | null;
  /** Winlaufen: the Integer after the competition number (0 in the sample; page or first index). */
  position?: number | null;
  /** Winlaufen: the third Integer (5 for 6 rows in the sample: last index or row count; unclear). */
  countHint?: number | null;
  /**
   * Winlaufen: the header Integers were objects of a class the parser never saw (joined
   * mid-stream), read as Integers from their 4 data bytes.
   */
  headerInferred?: boolean;
  rows: RowUpdate[];
  /** Winlaufen: stream offset of the first row's value. */
  offset?: number;
  /** JSON sender: its `gesendet` timestamp as sent. */
  sentAt?: string;
}

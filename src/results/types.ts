// The results as clients see them: rows, competitions, the finisher feed, and the two messages
// that carry them (a snapshot, and deltas numbered after it). No Node APIs: the browser imports it.

/** One row of a competition's results; every field is present, null when unknown. */
export interface Row {
  /** Place; null when not ranked (yet) or out of the ranking (see `status`). */
  rank: number | null;
  bib: number;
  name: string | null;
  club: string | null;
  ageGroup: string | null;
  /** Finish time as the timing program shows it ("4:30:15.9"). */
  time: string | null;
  /** Gap to the leader as shown ("0:04:35.8"). */
  gap: string | null;
  /** "DNF", "aufg.", "disq." ... as sent; null when ranked normally. */
  status: string | null;
  /** From the start list only. */
  nation: string | null;
  year: number | null;
  gender: string | null;
}

/**
 * Bounds the state keeps to, so whatever it holds passes every decoder's validation
 * (src/wire/limits.ts uses the same numbers): longer texts are cut, longer ids refused.
 */
export const MAX_TEXT_LENGTH = 256;
export const MAX_ID_LENGTH = 128;

/** Row keys in their canonical order (encoders and msgpack structures rely on it). */
export const ROW_KEYS = ['rank', 'bib', 'name', 'club', 'ageGroup', 'time', 'gap', 'status', 'nation', 'year', 'gender'] as const;
export type RowKey = (typeof ROW_KEYS)[number];

/** Changed fields of one row, keyed by bib; a new row carries all fields. */
export type RowPatch = { bib: number } & Partial<Omit<Row, 'bib'>>;

export interface Competition {
  /** Winlaufen's competition number as a string ("18"), or the JSON sender's id. */
  id: string;
  name: string | null;
  rows: Row[];
}

export interface CompetitionPatch {
  id: string;
  /** Present when the competition is new or its name changed. */
  name?: string | null;
  rows: RowPatch[];
}

/** A bib seen finishing (with a time) for the first time in this epoch. */
export interface Finisher {
  competition: string;
  bib: number;
}

export interface Snapshot {
  type: 'snapshot';
  /** Changes whenever the state is reset; deltas of another epoch never apply. */
  epoch: string;
  /** The sequence number of the last delta this snapshot includes (0: none yet). */
  seq: number;
  /** Length bound of the finisher feed; deltas append to it and drop the oldest beyond this. */
  finisherLimit: number;
  /** Ordered by id; rows by rank (unranked last), then bib. */
  competitions: Competition[];
  /** Oldest first. */
  finishers: Finisher[];
}

export interface Delta {
  type: 'delta';
  epoch: string;
  /** Exactly one more than the previous delta's (state-wide, across competitions). */
  seq: number;
  competitions: CompetitionPatch[];
  /** New finishers, in the order they were seen. */
  finishers: Finisher[];
}

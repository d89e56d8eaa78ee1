// A start list export (Startlist.csv), keyed by bib, and the report of how it was read.

/** What a start list can say about one starter. */
export interface StartEntry {
  bib: number;
  /** Composed like Winlaufen shows it: "NACHNAME Vorname" (or the single Name column as is). */
  name: string | null;
  club: string | null;
  ageGroup: string | null;
  nation: string | null;
  year: number | null;
  gender: string | null;
  /** The Wettbewerb/Strecke column, for reports only: rows are matched by bib alone. */
  competition: string | null;
}

export const START_FIELDS = [
  'bib',
  'name',
  'lastName',
  'firstName',
  'club',
  'ageGroup',
  'nation',
  'year',
  'gender',
  'competition',
] as const;
export type StartField = (typeof START_FIELDS)[number];

export type StartListEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'windows-1252';

export interface StartListReport {
  encoding: StartListEncoding;
  delimiter: ';' | ',' | '\t';
  /** Line of the header row (1 unless title lines come first). */
  headerLine: number;
  /** Every header column, with the field it was recognised as (null: ignored). */
  columns: Array<{ index: number; header: string; field: StartField | null; note?: string }>;
  /** Data rows read (after the header, empty lines skipped). */
  rowsRead: number;
  rowsAccepted: number;
  rejected: Array<{ line: number; reason: string }>;
  /** Accepted rows with a field that could not be used (e.g. a year that is not a year). */
  warnings: Array<{ line: number; reason: string }>;
}

export interface StartList {
  entries: ReadonlyMap<number, StartEntry>;
  report: StartListReport;
}

export class StartListError extends Error {
  constructor(message: string) {
    super(`start list: ${message}`);
    this.name = 'StartListError';
  }
}

// Startlist.csv bytes -> start entries keyed by bib, with a report of what was recognised.
// Pure: the file is read (and re-read on change) by watch-startlist.ts.
import { parse } from 'csv-parse/sync';
import { composeName } from './compose-name.js';
import { decodeStartListText } from './decode-text.js';
import { headerField } from './header-aliases.js';
import {
  StartListError,
  type StartEntry,
  type StartField,
  type StartList,
  type StartListReport,
} from './types.js';

export interface StartListLimits {
  maxBytes: number;
  maxRows: number;
  /** Rejected rows / warnings listed in the report (the rest are only counted). */
  maxReported: number;
}

export const DEFAULT_START_LIST_LIMITS: StartListLimits = { maxBytes: 32 * 1024 * 1024, maxRows: 200_000, maxReported: 100 };

const DELIMITERS = [';', '\t', ','] as const;
type Delimiter = (typeof DELIMITERS)[number];

/** Lines looked at for the delimiter and the header row (exports may put a title line first). */
const HEADER_SEARCH_LINES = 10;

function countOutsideQuotes(line: string, delimiter: Delimiter): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === delimiter) n++;
  }
  return n;
}

/** The delimiter that splits some early line (the header) most often, counting outside quotes. */
function detectDelimiter(text: string): Delimiter {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, HEADER_SEARCH_LINES);
  let best: Delimiter = ';';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const most = Math.max(0, ...lines.map((l) => countOutsideQuotes(l, d)));
    if (most > bestCount) {
      best = d;
      bestCount = most;
    }
  }
  if (bestCount === 0) throw new StartListError('no line has a ; , or tab delimiter: cannot tell the columns apart');
  return best;
}

function cell(record: string[], index: number | undefined): string | null {
  if (index === undefined) return null;
  const v = record[index]?.trim();
  return v ? v : null;
}

export function parseStartList(bytes: Uint8Array, limits: StartListLimits = DEFAULT_START_LIST_LIMITS): StartList {
  if (bytes.byteLength > limits.maxBytes) throw new StartListError(`file has ${bytes.byteLength} bytes, more than ${limits.maxBytes}`);
  const { text, encoding } = decodeStartListText(bytes);
  const delimiter = detectDelimiter(text);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      bom: true,
      to: limits.maxRows + 2,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (e) {
    throw new StartListError(`not readable as CSV: ${(e as Error).message}`);
  }
  if (records.length === 0) throw new StartListError('file is empty');
  // The header is the first early row with a bib column; rows above it (a title) are skipped.
  const headerAt = Math.max(
    0,
    records.slice(0, HEADER_SEARCH_LINES).findIndex((r) => r.record.some((cellText) => headerField(cellText) === 'bib')),
  );
  const skipped = records.splice(0, headerAt);
  const header = records.shift()!;

  const report: StartListReport = { encoding, delimiter, headerLine: header.info.lines, columns: [], rowsRead: 0, rowsAccepted: 0, rejected: [], warnings: [] };
  if (skipped.length > 0) report.warnings.push({ line: skipped[0]!.info.lines, reason: `${skipped.length} line(s) before the header skipped` });
  const index = new Map<StartField, number>();
  header.record.forEach((name, i) => {
    const field = headerField(name);
    const column: StartListReport['columns'][number] = { index: i, header: name, field };
    if (field && index.has(field)) {
      column.field = null;
      column.note = `also looks like ${field}; column ${index.get(field)} is used`;
    } else if (field) index.set(field, i);
    report.columns.push(column);
  });
  if (!index.has('bib')) {
    throw new StartListError(
      `no bib column (Stnr, Startnummer, Nr, Bib) among the headers: ${header.record.map((h) => JSON.stringify(h)).join(', ')}`,
    );
  }
  // "Name" next to "Vorname" (and no "Nachname") is the surname, as in Winlaufen's export.
  if (index.has('firstName') && index.has('name') && !index.has('lastName')) {
    const i = index.get('name')!;
    index.delete('name');
    index.set('lastName', i);
    report.columns[i]!.field = 'lastName';
    report.columns[i]!.note = 'surname, next to the first name column';
  }
  const lastNameIndex = index.get('lastName');
  const fullNameIndex = index.has('firstName') || index.has('lastName') ? undefined : index.get('name');

  const reject = (list: StartListReport['rejected'], line: number, reason: string): void => {
    if (list.length < limits.maxReported) list.push({ line, reason });
  };
  const entries = new Map<number, StartEntry>();
  const lineOfBib = new Map<number, number>();
  if (records.length > limits.maxRows) throw new StartListError(`more than ${limits.maxRows} rows`);

  for (const { record, info } of records) {
    const line = info.lines;
    report.rowsRead++;
    if (record.length !== header.record.length) {
      reject(report.rejected, line, `has ${record.length} fields, the header has ${header.record.length}`);
      continue;
    }
    const bibText = cell(record, index.get('bib'));
    if (bibText === null || !/^\d{1,9}$/.test(bibText)) {
      reject(report.rejected, line, bibText === null ? 'no bib number' : `bib ${JSON.stringify(bibText)} is not a number`);
      continue;
    }
    const bib = Number(bibText);
    const earlier = lineOfBib.get(bib);
    if (earlier !== undefined) {
      reject(report.rejected, line, `bib ${bib} already on line ${earlier}; the first one is used`);
      continue;
    }
    const yearText = cell(record, index.get('year'));
    let year: number | null = null;
    if (yearText !== null) {
      if (/^(19|20)\d\d$/.test(yearText)) year = Number(yearText);
      else reject(report.warnings, line, `year ${JSON.stringify(yearText)} is not a four-digit year; left empty`);
    }
    const name =
      fullNameIndex !== undefined
        ? cell(record, fullNameIndex)
        : composeName(cell(record, lastNameIndex), cell(record, index.get('firstName')));
    entries.set(bib, {
      bib,
      name,
      club: cell(record, index.get('club')),
      ageGroup: cell(record, index.get('ageGroup')),
      nation: cell(record, index.get('nation'))?.toUpperCase() ?? null,
      year,
      gender: cell(record, index.get('gender'))?.toUpperCase() ?? null,
      competition: cell(record, index.get('competition')),
    });
    lineOfBib.set(bib, line);
    report.rowsAccepted++;
  }
  return { entries, report };
}

/** A few human-readable lines: what was recognised, how many rows, which were rejected and why. */
export function formatStartListReport(report: StartListReport): string {
  const delim = report.delimiter === '\t' ? 'tab' : report.delimiter;
  const lines = [
    `start list: ${report.encoding}, delimiter ${delim}, header on line ${report.headerLine}, ${report.rowsAccepted} of ${report.rowsRead} rows accepted`,
  ];
  for (const c of report.columns) {
    lines.push(`  column ${c.index + 1} ${JSON.stringify(c.header)} -> ${c.field ?? 'ignored'}${c.note ? ` (${c.note})` : ''}`);
  }
  const rejectedCount = report.rowsRead - report.rowsAccepted;
  if (rejectedCount > 0) lines.push(`  ${rejectedCount} rows rejected:`);
  for (const r of report.rejected) lines.push(`    line ${r.line}: ${r.reason}`);
  if (rejectedCount > report.rejected.length) lines.push(`    ... and ${rejectedCount - report.rejected.length} more`);
  for (const w of report.warnings) lines.push(`  line ${w.line}: ${w.reason}`);
  return lines.join('\n');
}
